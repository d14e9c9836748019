//! Logging: human-readable lines locally, JSON in production. `RUST_LOG` filters; SQL
//! statement logging stays at warn so queries (and their parameters) are not logged.

use crate::client_ip::TrustedProxies;
use crate::config::Environment;
use actix_web::body::MessageBody;
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::{Error, HttpMessage};
use tracing::Span;
use tracing_actix_web::{DefaultRootSpanBuilder, RequestId, RootSpanBuilder};
use tracing_subscriber::EnvFilter;

/// Installs the global subscriber. Calling it twice is harmless (the second call is a no-op).
pub fn init(environment: Environment) {
    init_writing_to(environment, std::io::stdout);
}

/// As [`init`], writing to `writer` (tests read what the logs hold).
pub fn init_writing_to<W>(environment: Environment, writer: W)
where
    W: for<'w> tracing_subscriber::fmt::MakeWriter<'w> + Send + Sync + 'static,
{
    let filter = EnvFilter::try_from_default_env()
        .unwrap_or_else(|_| EnvFilter::new("info"))
        .add_directive("sqlx=warn".parse().expect("static directive"))
        .add_directive("sea_orm=warn".parse().expect("static directive"));
    let builder = tracing_subscriber::fmt()
        .with_writer(writer)
        .with_env_filter(filter)
        .with_target(false);
    let _ = match environment {
        Environment::Production => builder.json().flatten_event(true).try_init(),
        Environment::Development => builder.try_init(),
    };
}

/// The span every request's log lines carry: method, route template, path, client address
/// and request id, never the query string or headers, so the sign-in's `code` and `state`
/// (and anything else a query carries) stay out of the logs. The client address is the
/// peer, or the forwarded one only from a trusted proxy (`OURSPACE_TRUSTED_PROXIES`).
pub struct RequestSpan;

impl RootSpanBuilder for RequestSpan {
    fn on_request_start(request: &ServiceRequest) -> Span {
        let route = request
            .match_pattern()
            .unwrap_or_else(|| "(unmatched)".to_owned());
        let client = request
            .app_data::<actix_web::web::Data<TrustedProxies>>()
            .map_or_else(
                || request.peer_addr().map(|a| a.ip()),
                |proxies| proxies.client_of_request(request),
            )
            .map(|ip| ip.to_string())
            .unwrap_or_default();
        let request_id = request
            .extensions()
            .get::<RequestId>()
            .map(ToString::to_string)
            .unwrap_or_default();
        tracing::info_span!(
            "HTTP request",
            http.method = %request.method(),
            http.route = %route,
            http.target = %request.path(),
            http.client_ip = %client,
            http.status_code = tracing::field::Empty,
            otel.status_code = tracing::field::Empty,
            request_id = %request_id,
            exception.message = tracing::field::Empty,
            exception.details = tracing::field::Empty,
        )
    }

    fn on_request_end<B: MessageBody>(span: Span, outcome: &Result<ServiceResponse<B>, Error>) {
        DefaultRootSpanBuilder::on_request_end(span, outcome);
    }
}
