//! The HTTP servers: the API (routes, extractor settings, middleware) and, on its own
//! address, the metrics listener Prometheus scrapes.

use crate::config::Config;
use crate::deadline::{BodyTimeouts, time_box_bodies};
use crate::error::from_actix;
use crate::limits::{
    CorsOrigins, OrderRateLimiter, RateLimiter, cors, docs_policy, private_answers,
    rate_limit_auth, security_headers,
};
use crate::metrics::Metrics;
use crate::middleware::{QueryDebug, request_context};
use crate::routes;
use crate::routes::health::MetricsAccess;
use crate::startup::JSON_LIMIT_BYTES;
use crate::state::AppState;
use crate::telemetry::RequestSpan;
use actix_web::dev::Server;
use actix_web::middleware::{Compress, from_fn};
use actix_web::{App, HttpServer, web};
use ourspace_infrastructure::shared_windows::SharedWindows;
use secrecy::ExposeSecret;
use std::net::TcpListener;
use std::sync::Arc;
use tracing_actix_web::TracingLogger;

/// The metrics listener: `GET /metrics` only, open (it is bound where only the operator's
/// Prometheus reaches, loopback by default).
pub(crate) fn metrics_server(
    listener: TcpListener,
    state: web::Data<AppState>,
    metrics: web::Data<Metrics>,
) -> std::io::Result<Server> {
    let access = web::Data::new(MetricsAccess::Open);
    Ok(HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(metrics.clone())
            .app_data(access.clone())
            .route("/metrics", web::get().to(routes::health::metrics))
    })
    .workers(1)
    .shutdown_timeout(5)
    .listen(listener)?
    .run())
}

/// How JSON bodies, paths and queries are read: the body's size limit, and a problem answer
/// naming what could not be read.
fn extractors(cfg: &mut web::ServiceConfig) {
    cfg.app_data(
        web::JsonConfig::default()
            .limit(JSON_LIMIT_BYTES)
            .error_handler(|e, _| from_actix(&e.into(), "invalid_body")),
    )
    .app_data(
        web::PathConfig::default().error_handler(|e, _| from_actix(&e.into(), "invalid_parameter")),
    )
    .app_data(
        web::QueryConfig::default()
            .error_handler(|e, _| from_actix(&e.into(), "invalid_parameter")),
    );
}

/// The API server on `listener`: every route, its extractor settings and middleware.
/// `metrics` is shared with the metrics listener; `/metrics` here answers as `access` says.
pub(crate) fn api_server(
    listener: TcpListener,
    state: web::Data<AppState>,
    pages: web::Data<ourspace_web::WebState>,
    metrics: web::Data<Metrics>,
    config: &Config,
) -> std::io::Result<Server> {
    let debug = web::Data::new(QueryDebug(config.query_debug));
    let access = web::Data::new(MetricsAccess::on_api_port(config.metrics_token.clone()));
    let shared = shared_windows(config)?;
    let limiter = web::Data::new(
        RateLimiter::<std::net::IpAddr>::new(config.auth_rate_per_minute)
            .shared(shared.clone(), "sign-in"),
    );
    let order_limiter = web::Data::new(
        OrderRateLimiter::new(config.order_rate_per_minute).shared(shared, "orders"),
    );
    let proxies = web::Data::new(config.trusted_proxies.clone());
    let body_timeouts = web::Data::new(BodyTimeouts {
        idle: std::time::Duration::from_secs(u64::from(config.body_idle_seconds)),
        total: std::time::Duration::from_secs(u64::from(config.body_total_seconds)),
    });
    let origins = web::Data::new(CorsOrigins(config.cors_origins.clone()));
    let breaker = web::Data::new(crate::outage::DatabaseBreaker::default());
    let server = HttpServer::new(move || {
        App::new()
            .app_data(state.clone())
            .app_data(pages.clone())
            .app_data(debug.clone())
            .app_data(metrics.clone())
            .app_data(access.clone())
            .app_data(limiter.clone())
            .app_data(order_limiter.clone())
            .app_data(body_timeouts.clone())
            .app_data(proxies.clone())
            .app_data(origins.clone())
            .app_data(breaker.clone())
            .configure(extractors)
            .wrap(from_fn(time_box_bodies))
            .wrap(Compress::default())
            .wrap(from_fn(rate_limit_auth))
            .wrap(from_fn(cors))
            .wrap(security_headers())
            .wrap(from_fn(private_answers))
            .wrap(from_fn(docs_policy))
            .wrap(from_fn(crate::outage::fail_fast))
            .wrap(from_fn(ourspace_web::quiet_redirects))
            .wrap(from_fn(request_context))
            .wrap(TracingLogger::<RequestSpan>::new())
            .configure(routes::configure)
            .configure(crate::openapi::configure)
            .configure(ourspace_web::configure)
            .default_service(web::to(routes::not_found))
    })
    .shutdown_timeout(30)
    .listen(listener)?
    .run();
    Ok(server)
}

/// The rate-limit windows in Redis, when `OURSPACE_REDIS_URL` names one.
fn shared_windows(config: &Config) -> std::io::Result<Option<Arc<SharedWindows>>> {
    let Some(url) = &config.redis_url else {
        return Ok(None);
    };
    SharedWindows::new(url.expose_secret(), &config.redis_key_prefix)
        .map(|windows| Some(Arc::new(windows)))
        .map_err(|e| std::io::Error::other(format!("OURSPACE_REDIS_URL: {e}")))
}
