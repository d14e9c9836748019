//! What a page answers when it cannot show what was asked: a Korean HTML page with the
//! right status, never a 500 for bad input, and a sign-in redirect where one is needed.

use crate::render::{Layout, html};
use actix_web::http::StatusCode;
use actix_web::http::header::LOCATION;
use actix_web::{HttpResponse, ResponseError};
use askama::Template;

/// Why a page could not be shown.
#[derive(Debug, thiserror::Error)]
pub enum WebError {
    /// Nothing here (or nothing this visitor may see).
    #[error("찾는 페이지가 없습니다.")]
    NotFound,
    /// The request itself is wrong; the message says how.
    #[error("{0}")]
    BadRequest(String),
    /// The form's CSRF token or origin is not this session's.
    #[error("페이지가 만료되었습니다. 새로고침한 뒤 다시 시도해 주세요.")]
    Forbidden,
    /// The page needs a signed-in user; `next` is where to come back.
    #[error("로그인이 필요합니다.")]
    SignInRequired { next: String },
    /// Storage or another dependency failed; the visitor may retry.
    #[error("잠시 후 다시 시도해 주세요.")]
    Unavailable,
}

impl WebError {
    /// A failure the visitor cannot fix, logged here.
    pub fn unexpected(e: impl std::fmt::Display) -> Self {
        tracing::error!(error = %e, "a page could not be built");
        Self::Unavailable
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    layout: Layout,
    status: u16,
    message: &'a str,
}

impl ResponseError for WebError {
    fn status_code(&self) -> StatusCode {
        match self {
            Self::NotFound => StatusCode::NOT_FOUND,
            Self::BadRequest(_) => StatusCode::BAD_REQUEST,
            Self::Forbidden => StatusCode::FORBIDDEN,
            Self::SignInRequired { .. } => StatusCode::SEE_OTHER,
            Self::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    fn error_response(&self) -> HttpResponse {
        if let Self::SignInRequired { next } = self {
            let query = serde_urlencoded::to_string([("next", next)]).unwrap_or_default();
            return HttpResponse::SeeOther()
                .insert_header((LOCATION, format!("/sign-in?{query}")))
                .finish();
        }
        let message = self.to_string();
        let page = ErrorPage {
            layout: Layout::bare("오류"),
            status: self.status_code().as_u16(),
            message: &message,
        };
        let body = page.render().unwrap_or(message);
        html(HttpResponse::build(self.status_code())).body(body)
    }
}
