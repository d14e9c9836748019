//! Liveness and readiness probes, and the metrics (kept off the public API: see
//! [`MetricsAccess`]).

use super::Router;
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{HttpRequest, HttpResponse, web};
use secrecy::{ExposeSecret, SecretString};
use serde_json::json;

pub fn configure(r: &mut Router) {
    r.serve(__path_health, health);
    r.serve(__path_ready, ready);
    r.serve(__path_metrics, metrics);
}

/// The process is up.
#[utoipa::path(
    get,
    path = "/health",
    operation_id = "getHealth",
    tag = "health",
    responses((status = 200, description = "The process is up", body = serde_json::Value))
)]
pub(crate) async fn health() -> HttpResponse {
    HttpResponse::Ok().json(json!({ "status": "ok" }))
}

/// The process can serve: the database answers.
#[utoipa::path(
    get,
    path = "/ready",
    operation_id = "getReadiness",
    tag = "health",
    responses((status = 200, description = "The database answers", body = serde_json::Value), (status = 503, description = "The database is not reachable"))
)]
pub(crate) async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    match state.db.ping().await {
        Ok(()) => Ok(HttpResponse::Ok().json(json!({ "status": "ready" }))),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            Err(ApiError::database_unavailable())
        }
    }
}

/// Who may read `/metrics` where it is asked: business volume (orders, conflicts, traffic
/// by route) is not for the public.
#[derive(Clone)]
pub enum MetricsAccess {
    /// The metrics listener (`OURSPACE_METRICS_BIND`): whoever reaches that address.
    Open,
    /// The API port with `OURSPACE_METRICS_TOKEN` set: that bearer token only.
    Token(SecretString),
    /// The API port otherwise: not served (404).
    Closed,
}

impl MetricsAccess {
    /// The rule on the public API port.
    #[must_use]
    pub fn on_api_port(token: Option<SecretString>) -> Self {
        token.map_or(Self::Closed, Self::Token)
    }

    fn admits(&self, req: &HttpRequest) -> Result<(), ApiError> {
        let token = match self {
            Self::Open => return Ok(()),
            Self::Closed => {
                return Err(ApiError::not_found(
                    "metrics are not served on this port (see OURSPACE_METRICS_BIND)",
                ));
            }
            Self::Token(token) => token.expose_secret(),
        };
        let given = req
            .headers()
            .get(AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .unwrap_or_default();
        // Compared in time independent of where they differ.
        let same = given.len() == token.len()
            && given
                .bytes()
                .zip(token.bytes())
                .fold(0, |acc, (a, b)| acc | (a ^ b))
                == 0;
        if same {
            Ok(())
        } else {
            Err(ApiError::new(
                StatusCode::UNAUTHORIZED,
                "unauthorized",
                "the metrics token is missing or wrong",
            ))
        }
    }
}

#[utoipa::path(
    get,
    path = "/metrics",
    operation_id = "getMetrics",
    tag = "health",
    responses((status = 200, description = "Prometheus text format: requests by route and status, latency histogram, database pool, orders placed, slot conflicts. Served on OURSPACE_METRICS_BIND; on this port only with OURSPACE_METRICS_TOKEN as the bearer token", body = String, content_type = "text/plain"), (status = 401, description = "The metrics token is missing or wrong"), (status = 404, description = "Not served on this port (no OURSPACE_METRICS_TOKEN)"))
)]
/// Metrics for Prometheus.
///
/// # Errors
/// 404 or 401 where [`MetricsAccess`] does not admit the request.
pub(crate) async fn metrics(
    req: HttpRequest,
    state: web::Data<AppState>,
    metrics: web::Data<Metrics>,
    access: web::Data<MetricsAccess>,
) -> Result<HttpResponse, ApiError> {
    access.admits(&req)?;
    Ok(HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render(&state.db)))
}
