//! Per-request context: the request id echoed as `x-request-id`, and with
//! `OURSPACE_QUERY_DEBUG` the number of SQL statements the request ran as `x-db-queries`.

use crate::auth::SignedIn;
use crate::metrics::Metrics;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{HeaderName, HeaderValue};
use actix_web::middleware::Next;
use actix_web::{Error, HttpMessage};
use ourspace_infrastructure::query_count::counted;
use std::time::Instant;
use tracing_actix_web::RequestId;

pub const REQUEST_ID: HeaderName = HeaderName::from_static("x-request-id");
pub const DB_QUERIES: HeaderName = HeaderName::from_static("x-db-queries");

/// Whether responses report their statement count.
#[derive(Debug, Clone, Copy)]
pub struct QueryDebug(pub bool);

/// Adds `x-request-id` and, when enabled, `x-db-queries`.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn request_context(
    req: ServiceRequest,
    next: Next<impl MessageBody>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let request_id = req.extensions().get::<RequestId>().map(ToString::to_string);
    let debug = req
        .app_data::<actix_web::web::Data<QueryDebug>>()
        .is_some_and(|d| d.0);
    let metrics = req.app_data::<actix_web::web::Data<Metrics>>().cloned();
    let method = req.method().clone();
    // A template, never the raw path: unmatched paths share one series and one log value.
    let route = req
        .match_pattern()
        .unwrap_or_else(|| "(unmatched)".to_owned());
    let started = Instant::now();
    let (response, queries) = counted(next.call(req)).await;
    let mut response = response?;
    let elapsed = started.elapsed();
    let status = response.status().as_u16();
    let user_id = response
        .request()
        .extensions()
        .get::<SignedIn>()
        .map(|u| u.0.get());
    tracing::info!(
        request_id = request_id.as_deref().unwrap_or("-"),
        %method,
        route,
        status,
        latency_ms = elapsed.as_secs_f64() * 1000.0,
        queries,
        user_id,
        "request"
    );
    if let Some(metrics) = metrics {
        metrics.record(method.as_str(), &route, status, elapsed);
    }
    let headers = response.headers_mut();
    if let Some(id) = request_id.and_then(|id| HeaderValue::from_str(&id).ok()) {
        headers.insert(REQUEST_ID, id);
    }
    if debug {
        headers.insert(DB_QUERIES, HeaderValue::from(queries));
    }
    Ok(response)
}
