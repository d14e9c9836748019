//! Signing in and out: Kakao through the API's code flow (the token comes back in the
//! address's fragment and the page hands it to the server), and, in development only, acting
//! as the demo host or guest.

use crate::error::WebError;
use crate::form::Fields;
use crate::render::{Layout, page, see_other};
use crate::visit::Visit;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use ourspace_domain::auth::AuthError;

#[derive(Template)]
#[template(path = "sign_in.html")]
struct SignInPage {
    layout: Layout,
    next: String,
    kakao: Option<String>,
    dev: bool,
}

#[derive(Template)]
#[template(path = "sign_in_done.html")]
struct SignInDone {
    layout: Layout,
}

/// The longest a session cookie set from a posted token lives.
const MAX_COOKIE_SECONDS: i64 = 30 * 24 * 3600;

/// Where to go after signing in: a path of this site only (no other host, no scheme).
fn next(fields: &Fields) -> String {
    fields
        .text("next")
        .filter(|n| n.starts_with('/') && !n.starts_with("//") && !n.contains(['\\', '\r', '\n']))
        .unwrap_or("/")
        .to_owned()
}

/// `GET /sign-in?next=`.
pub async fn show(visit: Visit, req: HttpRequest) -> Result<HttpResponse, WebError> {
    let fields = Fields::parse(req.query_string().as_bytes())?;
    let shown = SignInPage {
        layout: Layout::of(&visit, "로그인"),
        next: next(&fields),
        kakao: visit.state.kakao_sign_in.clone(),
        dev: visit.state.dev_accounts.is_some(),
    };
    page(&visit, &shown)
}

/// `GET /sign-in/done`: Kakao's sign-in came back with the token in the fragment; the
/// page's script posts it to `/sign-in/token`.
pub async fn done(visit: Visit) -> Result<HttpResponse, WebError> {
    page(
        &visit,
        &SignInDone {
            layout: Layout::of(&visit, "로그인 중"),
        },
    )
}

/// Signs `visit` in with `token` if it is one of ours, then goes on to `next`.
async fn signed_in(
    mut visit: Visit,
    token: String,
    expires_in: i64,
    next: &str,
) -> Result<HttpResponse, WebError> {
    match visit.state.services.auth.authenticate(&token).await {
        Ok(_) => {
            visit.sign_in(token, expires_in);
            Ok(see_other(&visit, next))
        }
        Err(AuthError::Unexpected(e)) => Err(WebError::unexpected(e)),
        Err(_) => Err(WebError::BadRequest(
            "로그인 정보가 올바르지 않습니다. 다시 로그인해 주세요.".into(),
        )),
    }
}

/// `POST /sign-in/token`: the token the Kakao sign-in gave, from the page's script.
pub async fn token(visit: Visit, body: actix_web::web::Bytes) -> Result<HttpResponse, WebError> {
    let fields = Fields::parse(&body)?;
    visit.check_form(fields.text("csrf"))?;
    let token = fields.text("access_token").unwrap_or_default().to_owned();
    // The cookie lives as long as the token says, within reason (the token itself expires
    // regardless).
    let expires_in = fields.get("expires_in").ok().flatten().unwrap_or(3600);
    let expires_in = i64::clamp(expires_in, 0, MAX_COOKIE_SECONDS);
    let next = next(&fields);
    signed_in(visit, token, expires_in, &next).await
}

/// `POST /sign-in/dev`: `who=host` or `who=guest`; development only (404 otherwise).
pub async fn dev(visit: Visit, body: actix_web::web::Bytes) -> Result<HttpResponse, WebError> {
    let accounts = visit.state.dev_accounts.ok_or(WebError::NotFound)?;
    let fields = Fields::parse(&body)?;
    visit.check_form(fields.text("csrf"))?;
    let provider_id = match fields.text("who") {
        Some("host") => accounts.host,
        Some("guest") => accounts.guest,
        _ => return Err(WebError::BadRequest("계정을 선택해 주세요.".into())),
    };
    let signed = match visit
        .state
        .services
        .auth
        .sign_in_existing(provider_id)
        .await
    {
        Ok(signed) => signed,
        Err(AuthError::InvalidToken) => {
            return Err(WebError::BadRequest(
                "데모 계정이 없습니다. 데모 데이터를 넣어 주세요.".into(),
            ));
        }
        Err(e) => return Err(WebError::unexpected(e)),
    };
    let next = next(&fields);
    signed_in(
        visit,
        signed.token.token,
        signed.token.expires_in_seconds,
        &next,
    )
    .await
}

/// `POST /sign-out`: this browser's session ends (a new anonymous one starts).
pub async fn sign_out(
    mut visit: Visit,
    body: actix_web::web::Bytes,
) -> Result<HttpResponse, WebError> {
    let fields = Fields::parse(&body)?;
    visit.check_form(fields.text("csrf"))?;
    visit.sign_out();
    Ok(see_other(&visit, "/"))
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn only_a_path_of_this_site_is_a_next_page() {
        let of = |raw: &str| next(&Fields::parse(format!("next={raw}").as_bytes()).unwrap());
        assert_eq!(
            of("%2Fspaces%2F3%3Fdate%3D2026-12-05"),
            "/spaces/3?date=2026-12-05"
        );
        for bad in [
            "https%3A%2F%2Fevil.example",
            "%2F%2Fevil.example",
            "%2F%5Cevil.example",
            "",
            "spaces",
        ] {
            assert_eq!(of(bad), "/", "{bad}");
        }
    }
}
