//! Time-boxed request bodies: a body that stalls (no bytes for `idle`) or takes longer than
//! `total` to arrive is cut, and the request answered 408 `request_timeout`, so a client
//! that announces a body and then goes silent cannot hold a connection and a worker. Slow
//! headers stay with actix-web's own request timeout.

use crate::error::ApiError;
use actix_web::body::{EitherBody, MessageBody};
use actix_web::dev::{Payload, ServiceRequest, ServiceResponse};
use actix_web::error::PayloadError;
use actix_web::http::StatusCode;
use actix_web::middleware::Next;
use actix_web::web::{self, Bytes};
use actix_web::{Error, HttpMessage, ResponseError};
use futures_util::{Stream, StreamExt};
use std::pin::Pin;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;
use tokio::time::{Instant, timeout_at};

/// How long a request body may take.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BodyTimeouts {
    /// The longest wait for the body's next bytes.
    pub idle: Duration,
    /// The longest the whole body may take.
    pub total: Duration,
}

/// The body stream of one request, cut at its deadlines.
struct Timed {
    inner: Payload,
    timeouts: BodyTimeouts,
    deadline: Instant,
    cut: Arc<AtomicBool>,
}

impl Timed {
    /// The next chunk, or a timeout error once the body stalls or runs late (and nothing
    /// after that).
    async fn next(mut self) -> Option<(Result<Bytes, PayloadError>, Self)> {
        if self.cut.load(Ordering::Relaxed) {
            return None;
        }
        let until = self.deadline.min(Instant::now() + self.timeouts.idle);
        match timeout_at(until, self.inner.next()).await {
            Ok(Some(chunk)) => Some((chunk, self)),
            Ok(None) => None,
            Err(_) => {
                self.cut.store(true, Ordering::Relaxed);
                let late =
                    std::io::Error::new(std::io::ErrorKind::TimedOut, "request body timed out");
                Some((Err(PayloadError::Io(late)), self))
            }
        }
    }
}

/// Wraps the request's body in its deadlines; when one was passed, whatever the handler
/// answered (its extractor saw a broken body) becomes 408.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn time_box_bodies(
    mut req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<EitherBody<impl MessageBody>>, Error> {
    let Some(timeouts) = req
        .app_data::<web::Data<BodyTimeouts>>()
        .map(|t| *t.get_ref())
    else {
        return Ok(next.call(req).await?.map_into_left_body());
    };
    let cut = Arc::new(AtomicBool::new(false));
    let timed = Timed {
        inner: req.take_payload(),
        timeouts,
        deadline: Instant::now() + timeouts.total,
        cut: cut.clone(),
    };
    // Fused: a body reader may poll again after the end.
    let stream = futures_util::stream::unfold(timed, Timed::next).fuse();
    let boxed: Pin<Box<dyn Stream<Item = Result<Bytes, PayloadError>>>> = Box::pin(stream);
    req.set_payload(Payload::from(boxed));
    let response = next.call(req).await?;
    if !cut.load(Ordering::Relaxed) {
        return Ok(response.map_into_left_body());
    }
    let seconds = timeouts.idle.as_secs();
    let timeout = ApiError::new(
        StatusCode::REQUEST_TIMEOUT,
        "request_timeout",
        format!(
            "the request body stopped arriving (no bytes for {seconds} s, or longer than {} s in all)",
            timeouts.total.as_secs()
        ),
    )
    .error_response();
    let (request, _) = response.into_parts();
    Ok(ServiceResponse::new(request, timeout).map_into_right_body())
}
