//! Failing fast while the database is away. Once an answer says `database_unavailable`,
//! requests to the API are answered the same at once for [`OPEN_FOR`] (the breaker is
//! open) instead of each waiting for a connection; after that, requests try the database
//! again, each for at most the pool's acquire timeout, and the first that reaches it ends
//! the outage. `/health`, `/ready`, `/metrics`, the docs, local photos and searches (served
//! from the search index) are never held.

use crate::error::ApiError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, web};
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

/// How long requests are answered without trying the database after it was found away.
pub const OPEN_FOR: Duration = Duration::from_secs(1);

/// When the database was last found away, per server.
#[derive(Debug)]
pub struct DatabaseBreaker {
    started: Instant,
    /// Milliseconds since `started` until which the breaker is open (0: closed).
    open_until: AtomicU64,
}

impl Default for DatabaseBreaker {
    fn default() -> Self {
        Self {
            started: Instant::now(),
            open_until: AtomicU64::new(0),
        }
    }
}

impl DatabaseBreaker {
    fn now_ms(&self) -> u64 {
        u64::try_from(self.started.elapsed().as_millis()).unwrap_or(u64::MAX)
    }

    /// True while requests should not try the database.
    #[must_use]
    pub fn is_open(&self) -> bool {
        self.now_ms() < self.open_until.load(Ordering::Relaxed)
    }

    /// The database was just found away.
    pub fn trip(&self) {
        let until = self.now_ms() + u64::try_from(OPEN_FOR.as_millis()).unwrap_or(1000);
        self.open_until.fetch_max(until, Ordering::Relaxed);
    }
}

/// Whether the request is one the breaker holds: an API request, except a search (answered
/// from the search index without the database).
fn needs_database(req: &ServiceRequest) -> bool {
    let search = req.method() == actix_web::http::Method::GET && req.path() == "/api/v1/spaces";
    req.path().starts_with("/api/") && !search
}

/// Answers API requests with 503 while the breaker is open; opens it on every
/// `database_unavailable` answer.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn fail_fast(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let breaker = req.app_data::<web::Data<DatabaseBreaker>>().cloned();
    let guarded = needs_database(&req);
    if guarded && breaker.as_ref().is_some_and(|b| b.is_open()) {
        let response = actix_web::ResponseError::error_response(&ApiError::database_unavailable());
        return Ok(req.into_response(response).map_into_right_body());
    }
    let response = next.call(req).await?;
    let unavailable = response
        .response()
        .error()
        .and_then(|e| e.as_error::<ApiError>())
        .is_some_and(|e| e.code() == "database_unavailable");
    if unavailable && let Some(breaker) = breaker {
        breaker.trip();
    }
    Ok(response.map_into_left_body())
}

#[cfg(test)]
mod tests {
    use super::DatabaseBreaker;

    #[test]
    fn the_breaker_opens_when_tripped_and_closes_after_its_time() {
        let breaker = DatabaseBreaker::default();
        assert!(!breaker.is_open());
        breaker.trip();
        assert!(breaker.is_open());
        breaker
            .open_until
            .store(breaker.now_ms(), std::sync::atomic::Ordering::Relaxed);
        assert!(!breaker.is_open());
    }
}
