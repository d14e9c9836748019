//! Kakao sign-in: the authorization-code flow with PKCE (web clients) and the token
//! exchange (mobile apps and SDKs). Both answer with our own bearer token.

use super::Router;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::params::Params;
use crate::routes::users::UserDto;
use crate::shape;
use crate::sign_in_cookie::SignInCookie;
use crate::state::AppState;
use actix_web::http::StatusCode;
use actix_web::http::header::{CACHE_CONTROL, LOCATION, SET_COOKIE};
use actix_web::{HttpRequest, HttpResponse, web};
use ourspace_domain::auth::SignIn;
use serde::{Deserialize, Serialize};
use validator::Validate;

pub fn configure(r: &mut Router) {
    r.serve(__path_authorize, authorize);
    r.serve(__path_callback, callback);
    r.serve(__path_token, token);
    r.serve(__path_logout, logout);
}

/// The answer of every sign-in.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SignInResponse {
    pub access_token: String,
    /// Always `Bearer`.
    pub token_type: &'static str,
    /// Seconds until the token expires.
    pub expires_in: i64,
    pub is_new_user: bool,
    pub user: UserDto,
}

impl From<SignIn> for SignInResponse {
    fn from(s: SignIn) -> Self {
        Self {
            access_token: s.token.token,
            token_type: "Bearer",
            expires_in: s.token.expires_in_seconds,
            is_new_user: s.is_new_user,
            user: s.user.into(),
        }
    }
}

/// `POST /auth/kakao/token` body.
#[derive(Deserialize, utoipa::ToSchema, Validate)]
pub struct TokenExchange {
    /// An access token Kakao issued to the client. Kakao's tokens are visible ASCII;
    /// anything else could not even be sent on to Kakao as a header.
    #[serde(deserialize_with = "shape::trimmed")]
    #[validate(
        length(min = 1, max = 4096, message = "must be a Kakao access token"),
        custom(
            function = "shape::visible_ascii",
            message = "must be a Kakao access token"
        )
    )]
    pub access_token: String,
}

/// Sends the browser to Kakao. The PKCE verifier and `redirect_to` stay on the server under
/// a fresh one-time `state`; an `HttpOnly` cookie binds that state to this browser.
#[utoipa::path(
    get,
    path = "/api/v1/auth/kakao/authorize",
    operation_id = "startKakaoSignIn",
    tag = "auth",
    params(("redirect_to" = Option<String>, Query, description = "An allowed URL to return to with the token in the fragment")),
    responses((status = 302, description = "To Kakao's consent page; sets the `ourspace_sign_in` cookie the callback needs"), (status = 503, description = "Kakao sign-in is not configured"))
)]
pub(crate) async fn authorize(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string())?;
    let redirect_to: Option<String> = params.get("redirect_to")?;
    let browser = SignInCookie::read(&req);
    let started = state.auth.begin(redirect_to, browser.as_deref()).await?;
    Ok(HttpResponse::Found()
        .insert_header((LOCATION, started.url))
        .insert_header((SET_COOKIE, state.sign_in_cookie.set(&started.browser)))
        .insert_header((CACHE_CONTROL, "no-store"))
        .finish())
}

/// Kakao sends the browser back here with `code` and `state` (or `error`). The state works
/// once, and only in the browser that started the flow (its `ourspace_sign_in` cookie).
#[utoipa::path(
    get,
    path = "/api/v1/auth/kakao/callback",
    operation_id = "finishKakaoSignIn",
    tag = "auth",
    params(("code" = Option<String>, Query), ("state" = Option<String>, Query), ("error" = Option<String>, Query), ("error_description" = Option<String>, Query)),
    responses((status = 200, description = "Signed in", body = SignInResponse), (status = 302, description = "Signed in: back to `redirect_to` with the token in the fragment"), (status = 400, description = "Missing or rejected code; a state unknown, used, expired or from another browser; or the user declined"), (status = 502, description = "Kakao did not answer"), (status = 503, description = "Kakao sign-in is not configured"))
)]
pub(crate) async fn callback(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string())?;
    if let Some(error) = params.get::<String>("error")? {
        let detail = params
            .get::<String>("error_description")?
            .unwrap_or_else(|| error.clone());
        return Err(ApiError::new(
            StatusCode::BAD_REQUEST,
            "kakao_denied",
            format!("Kakao sign-in was not completed: {detail}"),
        ));
    }
    let code: String = params
        .get("code")?
        .ok_or_else(|| ApiError::invalid_parameter("code", "is required"))?;
    let flow_state: String = params
        .get("state")?
        .ok_or_else(|| ApiError::invalid_parameter("state", "is required"))?;
    let browser = SignInCookie::read(&req);
    let (sign_in, redirect_to) = state
        .auth
        .finish(&code, &flow_state, browser.as_deref())
        .await?;
    let answer = SignInResponse::from(sign_in);
    match redirect_to {
        // The token travels in the fragment, which browsers never send to servers.
        Some(target) => {
            let fragment = serde_urlencoded::to_string([
                ("access_token", answer.access_token.as_str()),
                ("token_type", answer.token_type),
                ("expires_in", &answer.expires_in.to_string()),
                (
                    "is_new_user",
                    if answer.is_new_user { "true" } else { "false" },
                ),
            ])
            .map_err(|e| ApiError::internal(e.into()))?;
            Ok(HttpResponse::Found()
                .insert_header((LOCATION, format!("{target}#{fragment}")))
                .insert_header((CACHE_CONTROL, "no-store"))
                .finish())
        }
        None => Ok(HttpResponse::Ok()
            .insert_header((CACHE_CONTROL, "no-store"))
            .json(answer)),
    }
}

/// Signs in with an access token a mobile app or SDK got from Kakao.
#[utoipa::path(
    post,
    path = "/api/v1/auth/kakao/token",
    operation_id = "exchangeKakaoToken",
    tag = "auth",
    request_body(content = TokenExchange, content_type = "application/json"),
    responses((status = 200, description = "Signed in (the first sign-in creates the account)", body = SignInResponse), (status = 400, description = "Not a JSON body of this shape"), (status = 401, description = "Kakao rejected the token"), (status = 422, description = "An empty or oversize token"), (status = 502, description = "Kakao did not answer"), (status = 503, description = "Kakao sign-in is not configured"))
)]
pub(crate) async fn token(
    state: web::Data<AppState>,
    body: web::Json<TokenExchange>,
) -> Result<HttpResponse, ApiError> {
    shape::check(&*body)?;
    let sign_in = state
        .auth
        .sign_in_with_provider_token(&body.access_token)
        .await?;
    Ok(HttpResponse::Ok()
        .insert_header((CACHE_CONTROL, "no-store"))
        .json(SignInResponse::from(sign_in)))
}

/// Signs out everywhere: every bearer token issued to the caller so far stops working
/// (sign in again for a new one).
#[utoipa::path(
    post,
    path = "/api/v1/auth/logout",
    operation_id = "signOutEverywhere",
    tag = "auth",
    responses((status = 204, description = "Signed out on every device")),
    security(("bearer" = []))
)]
pub(crate) async fn logout(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, ApiError> {
    state.users.sign_out_everywhere(user.id).await?;
    Ok(HttpResponse::NoContent().finish())
}
