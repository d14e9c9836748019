//! Liveness and readiness probes.

use super::Router;
use crate::error::ApiError;
use crate::metrics::Metrics;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::{HttpResponse, web};
use serde_json::json;

pub fn configure(r: &mut Router) {
    r.get("/health", health);
    r.get("/ready", ready);
    r.get("/metrics", metrics);
}

/// The process is up.
#[utoipa::path(
    get,
    path = "/health",
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
    tag = "health",
    responses((status = 200, description = "The database answers", body = serde_json::Value), (status = 503, description = "The database is not reachable", body = crate::openapi::Problem, content_type = "application/problem+json"))
)]
pub(crate) async fn ready(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    match state.db.ping().await {
        Ok(()) => Ok(HttpResponse::Ok().json(json!({ "status": "ready" }))),
        Err(e) => {
            tracing::warn!(error = %e, "readiness check failed");
            Err(ApiError::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "database_unavailable",
                "the database is not reachable",
            ))
        }
    }
}

#[utoipa::path(
    get,
    path = "/metrics",
    tag = "health",
    responses((status = 200, description = "Prometheus text format: requests by route and status, latency histogram, database pool, orders placed, slot conflicts", body = String, content_type = "text/plain"))
)]
/// Metrics for Prometheus.
pub(crate) async fn metrics(
    state: web::Data<AppState>,
    metrics: web::Data<Metrics>,
) -> HttpResponse {
    HttpResponse::Ok()
        .content_type("text/plain; version=0.0.4; charset=utf-8")
        .body(metrics.render(&state.db))
}
