//! The bearer-token extractor: a handler that takes [`CurrentUser`] runs only for a
//! request carrying a valid token of an existing user; every other request gets 401.

use crate::error::ApiError;
use crate::state::AppState;
use actix_web::dev::Payload;
use actix_web::http::header::AUTHORIZATION;
use actix_web::{FromRequest, HttpMessage, HttpRequest, web};
use ourspace_domain::user::User;
use std::future::Future;
use std::pin::Pin;

/// The id of the signed-in user, left in the request's extensions for the request log.
#[derive(Debug, Clone, Copy)]
pub struct SignedIn(pub ourspace_domain::shared::UserId);

/// The signed-in user of this request.
#[derive(Debug, Clone)]
pub struct CurrentUser(pub User);

/// The token of an `Authorization: Bearer <token>` header.
fn bearer(req: &HttpRequest) -> Option<String> {
    let value = req.headers().get(AUTHORIZATION)?.to_str().ok()?;
    let (scheme, token) = value.trim().split_once(' ')?;
    let token = token.trim();
    (scheme.eq_ignore_ascii_case("bearer") && !token.is_empty()).then(|| token.to_owned())
}

impl FromRequest for CurrentUser {
    type Error = ApiError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, ApiError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let token = bearer(req);
        let state = req.app_data::<web::Data<AppState>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let token =
                token.ok_or_else(|| ApiError::unauthorized("a bearer token is required"))?;
            let state =
                state.ok_or_else(|| ApiError::internal("application state missing".into()))?;
            let user = state.auth.authenticate(&token).await?;
            tracing::Span::current().record("user_id", user.id.get());
            req.extensions_mut().insert(SignedIn(user.id));
            Ok(CurrentUser(user))
        })
    }
}
