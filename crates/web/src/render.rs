//! How a page goes out: HTML with its content security policy, never cached (pages carry
//! the session's CSRF token and the visitor's own data), and the session cookie when it
//! changed.

use crate::error::WebError;
use crate::visit::Visit;
use actix_web::HttpResponse;
use actix_web::HttpResponseBuilder;
use actix_web::http::StatusCode;
use actix_web::http::header::{
    CACHE_CONTROL, CONTENT_SECURITY_POLICY, CONTENT_TYPE, LOCATION, SET_COOKIE,
};
use askama::Template;

/// The pages' policy: everything from this server (photos may come from the S3 bucket's
/// https address), no inline script or style, forms post here only, no framing.
pub const PAGE_CSP: &str = "default-src 'self'; img-src 'self' https: data:; \
     style-src 'self'; script-src 'self'; object-src 'none'; base-uri 'none'; \
     form-action 'self'; frame-ancestors 'none'";

/// The signed-in user as the frame shows them.
#[derive(Debug, Clone)]
pub struct NavUser {
    pub nickname: String,
    /// "12,000P".
    pub points: String,
}

/// What every page's frame shows: the title, who is signed in, the sign-out form's token.
#[derive(Debug, Clone, Default)]
pub struct Layout {
    pub title: String,
    /// The signed-in user.
    pub user: Option<NavUser>,
    pub csrf: String,
}

impl Layout {
    /// The frame for a page `visit` asked.
    pub fn of(visit: &Visit, title: impl Into<String>) -> Self {
        Self {
            title: title.into(),
            user: visit.user.as_ref().map(|u| NavUser {
                nickname: u.nickname.as_str().to_owned(),
                points: crate::pages::won(u.points.get()).replace('원', "P"),
            }),
            csrf: visit.csrf.clone(),
        }
    }

    /// The frame without a visitor (error pages).
    pub fn bare(title: &str) -> Self {
        Self {
            title: title.to_owned(),
            ..Self::default()
        }
    }
}

/// An HTML answer's headers.
pub fn html(mut builder: HttpResponseBuilder) -> HttpResponseBuilder {
    builder
        .insert_header((CONTENT_TYPE, "text/html; charset=utf-8"))
        .insert_header((CONTENT_SECURITY_POLICY, PAGE_CSP))
        .insert_header((CACHE_CONTROL, "no-store"));
    builder
}

fn with_session(visit: &Visit, mut builder: HttpResponseBuilder) -> HttpResponseBuilder {
    if let Some(cookie) = visit.session.set_cookie(visit.secure) {
        builder.insert_header((SET_COOKIE, cookie));
    }
    builder
}

/// `page` rendered for `visit` with `status`.
pub fn page_with(
    visit: &Visit,
    status: StatusCode,
    page: &impl Template,
) -> Result<HttpResponse, WebError> {
    let body = page.render().map_err(WebError::unexpected)?;
    Ok(with_session(visit, html(HttpResponse::build(status))).body(body))
}

/// `page` rendered for `visit`.
pub fn page(visit: &Visit, page: &impl Template) -> Result<HttpResponse, WebError> {
    page_with(visit, StatusCode::OK, page)
}

/// After a form: on to `to` (303, so a reload does not post again).
pub fn see_other(visit: &Visit, to: &str) -> HttpResponse {
    with_session(visit, HttpResponse::SeeOther())
        .insert_header((LOCATION, to.to_owned()))
        .insert_header((CACHE_CONTROL, "no-store"))
        .finish()
}
