//! A page that needs a signed-in user answers a redirect to sign in through its error type;
//! that is an answer, not a failure, so it must not reach the logs as an error. This
//! middleware hands such a redirect on as a plain response (wrap it inside the request
//! logger).

use actix_web::body::{BoxBody, MessageBody};
use actix_web::dev::{Response, ServiceRequest, ServiceResponse};
use actix_web::middleware::Next;
use actix_web::{Error, HttpResponse};

/// Passes every answer on; a redirect that carries an error goes on without it.
///
/// # Errors
/// Whatever the inner service fails with.
pub async fn quiet_redirects(
    req: ServiceRequest,
    next: Next<impl MessageBody + 'static>,
) -> Result<ServiceResponse<BoxBody>, Error> {
    let res = next.call(req).await?.map_into_boxed_body();
    if !(res.status().is_redirection() && res.response().error().is_some()) {
        return Ok(res);
    }
    let (req, response) = res.into_parts();
    let plain: Response<BoxBody> = response.into();
    Ok(ServiceResponse::new(req, HttpResponse::from(plain)))
}
