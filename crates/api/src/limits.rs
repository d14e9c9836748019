//! What protects the server and its users at the edge: a per-IP rate limit on sign-in (and
//! the same limiter, per user, on placing orders), CORS for an allow-list of origins, and
//! security headers on every answer.

use crate::client_ip::TrustedProxies;
use crate::error::ApiError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::http::header::{self, HeaderValue};
use actix_web::http::{Method, StatusCode};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse, ResponseError, web};
use ourspace_infrastructure::shared_windows::{Resting, SharedWindows};
use std::collections::HashMap;
use std::net::IpAddr;
use std::sync::{Arc, Mutex, PoisonError};
use std::time::{Duration, Instant};

/// Paths the sign-in rate limit applies to.
pub const AUTH_PREFIX: &str = "/api/v1/auth/";
const WINDOW: Duration = Duration::from_secs(60);

/// At most `per_minute` requests per key (a client address by default) in each one-minute
/// window: counted in Redis across every instance when one is configured
/// (`OURSPACE_REDIS_URL`), else, and whenever Redis fails to answer, on this instance.
pub struct RateLimiter<K = IpAddr> {
    per_minute: u32,
    windows: Mutex<HashMap<K, (Instant, u32)>>,
    shared: Option<(Arc<SharedWindows>, &'static str)>,
}

/// Orders placed per user.
pub type OrderRateLimiter = RateLimiter<i64>;

impl<K: std::hash::Hash + Eq> RateLimiter<K> {
    #[must_use]
    pub fn new(per_minute: u32) -> Self {
        Self {
            per_minute,
            windows: Mutex::new(HashMap::new()),
            shared: None,
        }
    }

    /// Counts in `shared`, under keys `{name}:{key}`, and on this instance only when it
    /// fails.
    #[must_use]
    pub fn shared(mut self, shared: Option<Arc<SharedWindows>>, name: &'static str) -> Self {
        self.shared = shared.map(|windows| (windows, name));
        self
    }

    /// `Ok` when `key` may go on, or the time until its window ends.
    pub async fn allow(&self, key: K) -> Result<(), Duration>
    where
        K: std::fmt::Display,
    {
        if let Some((windows, name)) = &self.shared {
            match windows
                .hit(&format!("{name}:{key}"), self.per_minute, WINDOW)
                .await
            {
                Ok(None) => return Ok(()),
                Ok(Some(wait)) => return Err(wait),
                // Already reported when the connection failed.
                Err(e) if e.is::<Resting>() => {}
                Err(e) => {
                    tracing::warn!(error = %e, "shared rate limit unavailable: counting on this instance")
                }
            }
        }
        self.check(key, Instant::now())
    }

    /// `Ok` when `key` may go on, or the time until its window ends, on this instance.
    pub fn check(&self, key: K, now: Instant) -> Result<(), Duration> {
        let mut windows = self.windows.lock().unwrap_or_else(PoisonError::into_inner);
        if windows.len() > 100_000 {
            windows.retain(|_, (start, _)| now.duration_since(*start) < WINDOW);
        }
        let (start, count) = windows.entry(key).or_insert((now, 0));
        if now.duration_since(*start) >= WINDOW {
            *start = now;
            *count = 0;
        }
        if *count >= self.per_minute {
            return Err(WINDOW.saturating_sub(now.duration_since(*start)));
        }
        *count += 1;
        Ok(())
    }
}

/// Answers 429 with `Retry-After` once a client address has used up its sign-in requests.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn rate_limit_auth(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let limiter = req.app_data::<web::Data<RateLimiter>>().cloned();
    let ip = req.app_data::<web::Data<TrustedProxies>>().map_or_else(
        || req.peer_addr().map(|a| a.ip()),
        |proxies| proxies.client_of_request(&req),
    );
    if let (Some(limiter), Some(ip)) = (limiter, ip)
        && req.path().starts_with(AUTH_PREFIX)
        && let Err(wait) = limiter.allow(ip).await
    {
        let response = too_many(wait, "too many sign-in requests from this address");
        return Ok(req.into_response(response).map_into_right_body());
    }
    Ok(next.call(req).await?.map_into_left_body())
}

/// 429 `rate_limited` with `Retry-After`: `what`, and when to retry.
#[must_use]
pub fn too_many(wait: Duration, what: &str) -> HttpResponse {
    let seconds = u32::try_from(wait.as_secs().max(1)).unwrap_or(u32::MAX);
    ApiError::new(
        StatusCode::TOO_MANY_REQUESTS,
        "rate_limited",
        format!("{what}; retry in {seconds} s"),
    )
    .retry_after(seconds)
    .error_response()
}

/// The origins browsers may call the API from.
#[derive(Debug, Clone, Default)]
pub struct CorsOrigins(pub Vec<String>);

/// CORS for the allow-listed origins: preflights are answered here, other requests get
/// `Access-Control-Allow-Origin` for an allowed `Origin`. Other origins get no CORS
/// headers (a preflight from one is refused with 403).
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn cors(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let origin = req
        .headers()
        .get(header::ORIGIN)
        .and_then(|o| o.to_str().ok())
        .map(str::to_owned);
    let allowed = origin.as_ref().filter(|o| {
        req.app_data::<web::Data<CorsOrigins>>()
            .is_some_and(|list| list.0.iter().any(|a| a == *o))
    });
    let preflight = req.method() == Method::OPTIONS
        && req
            .headers()
            .contains_key(header::ACCESS_CONTROL_REQUEST_METHOD);
    if preflight {
        let response = match allowed {
            Some(origin) => HttpResponse::NoContent()
                .insert_header((header::ACCESS_CONTROL_ALLOW_ORIGIN, origin.as_str()))
                .insert_header((
                    header::ACCESS_CONTROL_ALLOW_METHODS,
                    "GET, POST, PUT, PATCH, DELETE",
                ))
                .insert_header((
                    header::ACCESS_CONTROL_ALLOW_HEADERS,
                    "authorization, content-type",
                ))
                .insert_header((header::ACCESS_CONTROL_MAX_AGE, "600"))
                .insert_header((header::VARY, "Origin"))
                .finish(),
            None => ApiError::new(
                StatusCode::FORBIDDEN,
                "origin_not_allowed",
                "this origin may not call the API (OURSPACE_CORS_ORIGINS)",
            )
            .error_response(),
        };
        return Ok(req.into_response(response).map_into_right_body());
    }
    let allowed = allowed.cloned();
    let mut response = next.call(req).await?;
    if let Some(origin) = allowed.and_then(|o| HeaderValue::from_str(&o).ok()) {
        let headers = response.headers_mut();
        headers.insert(header::ACCESS_CONTROL_ALLOW_ORIGIN, origin);
        headers.insert(
            header::ACCESS_CONTROL_EXPOSE_HEADERS,
            HeaderValue::from_static("location, x-request-id, retry-after"),
        );
        headers.append(header::VARY, HeaderValue::from_static("Origin"));
    }
    Ok(response.map_into_left_body())
}

/// Headers every answer carries: no MIME sniffing, no referrer to other sites, no framing
/// by other sites. (actix sends no `Server` header, so no version leaks.)
#[must_use]
pub fn security_headers() -> actix_web::middleware::DefaultHeaders {
    actix_web::middleware::DefaultHeaders::new()
        .add((header::X_CONTENT_TYPE_OPTIONS, "nosniff"))
        .add((header::REFERRER_POLICY, "strict-origin-when-cross-origin"))
        .add((header::X_FRAME_OPTIONS, "SAMEORIGIN"))
}

/// `Cache-Control: no-store` on every answer to a signed-in request (it may carry the
/// caller's points, bookings, phone and e-mail) and on every sign-in answer (it carries a
/// token), unless the handler chose otherwise: no shared or browser cache keeps them.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn private_answers(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let private =
        req.headers().contains_key(header::AUTHORIZATION) || req.path().starts_with(AUTH_PREFIX);
    let mut response = next.call(req).await?;
    if private && !response.headers().contains_key(header::CACHE_CONTROL) {
        response
            .headers_mut()
            .insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    }
    Ok(response)
}

/// The documentation page's content security policy: everything from this server, no
/// inline script, no framing elsewhere (Swagger UI needs inline styles and `data:` images).
pub const DOCS_CSP: &str = "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
     img-src 'self' data:; connect-src 'self'; object-src 'none'; base-uri 'self'; \
     frame-ancestors 'self'; form-action 'self'";

/// `Content-Security-Policy` on the documentation page (`/docs/…`).
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn docs_policy(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<impl MessageBody>, Error> {
    let docs = req.path().starts_with("/docs");
    let mut response = next.call(req).await?;
    if docs {
        response.headers_mut().insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static(DOCS_CSP),
        );
    }
    Ok(response)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_client_gets_its_quota_per_window_and_then_waits() {
        let limiter = RateLimiter::new(2);
        let ip: IpAddr = "10.0.0.1".parse().unwrap();
        let other: IpAddr = "10.0.0.2".parse().unwrap();
        let t0 = Instant::now();
        assert!(limiter.check(ip, t0).is_ok());
        assert!(limiter.check(ip, t0).is_ok());
        let wait = limiter.check(ip, t0 + Duration::from_secs(10)).unwrap_err();
        assert_eq!(wait, Duration::from_secs(50));
        assert!(limiter.check(other, t0).is_ok());
        assert!(limiter.check(ip, t0 + WINDOW).is_ok());
    }
}
