//! The API's one error type, answered as `application/problem+json` (RFC 9457) with a
//! stable `code`. Server errors are logged once with their cause chain; clients see only a
//! generic detail.

use actix_web::http::StatusCode;
use actix_web::http::header::{self, HeaderValue};
use actix_web::{HttpResponse, ResponseError};
use ourspace_domain::media::ImageError;
use ourspace_domain::shared::{BoxError, FieldError, ValidationErrors};
use serde::Serialize;
use std::fmt;

mod domain;

pub const PROBLEM_JSON: &str = "application/problem+json";

/// An error answer.
pub struct ApiError {
    status: StatusCode,
    code: &'static str,
    detail: String,
    errors: Vec<FieldError>,
    source: Option<BoxError>,
    /// For 405: the methods the path is served with.
    allow: Option<String>,
    /// For 503: seconds until it is worth trying again.
    retry_after: Option<u32>,
}

/// Seconds a client should wait after `database_unavailable`.
pub const DATABASE_RETRY_AFTER_SECONDS: u32 = 2;

/// An error answer as sent: `application/problem+json` (RFC 9457).
#[derive(Serialize, utoipa::ToSchema)]
pub struct Problem<'a> {
    /// `urn:ourspace:problem:{code}`.
    #[serde(rename = "type")]
    kind: String,
    title: &'a str,
    status: u16,
    detail: &'a str,
    /// Stable: `validation_failed`, `invalid_parameter`, `invalid_body`, `unauthorized`,
    /// `forbidden`, `not_found`, `method_not_allowed`, `slot_taken`, `invalid_transition`,
    /// `insufficient_points`, `too_many_waiting_orders`, `already_reviewed`, `has_active_orders`, `has_spaces`,
    /// `last_image`, `image_too_large`, `unsupported_image`, `payload_too_large`,
    /// `invalid_multipart`, `unknown_part`, `missing_part`, `rate_limited`,
    /// `origin_not_allowed`, `kakao_*`, `invalid_state`, `redirect_not_allowed`,
    /// `request_timeout`, `database_unavailable`, `query_timeout`,
    /// `internal_error`.
    code: &'a str,
    /// For 400 and 422: each field at fault.
    #[serde(skip_serializing_if = "<[_]>::is_empty")]
    errors: &'a [FieldError],
}

impl ApiError {
    #[must_use]
    pub fn new(status: StatusCode, code: &'static str, detail: impl Into<String>) -> Self {
        Self {
            status,
            code,
            detail: detail.into(),
            errors: Vec::new(),
            source: None,
            allow: None,
            retry_after: None,
        }
    }

    #[must_use]
    pub fn not_found(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::NOT_FOUND, "not_found", detail)
    }

    /// No valid bearer token: answered with `WWW-Authenticate: Bearer`.
    #[must_use]
    pub fn unauthorized(detail: impl Into<String>) -> Self {
        Self::new(StatusCode::UNAUTHORIZED, "unauthorized", detail)
    }

    /// The path is served, but not with this method; `allow` lists the methods it is.
    #[must_use]
    pub fn method_not_allowed(detail: impl Into<String>, allow: String) -> Self {
        let mut e = Self::new(StatusCode::METHOD_NOT_ALLOWED, "method_not_allowed", detail);
        e.allow = Some(allow);
        e
    }

    /// A malformed or out-of-range request parameter, named in `errors`.
    #[must_use]
    pub fn invalid_parameter(name: &str, message: impl Into<String>) -> Self {
        let message = message.into();
        let mut e = Self::new(
            StatusCode::BAD_REQUEST,
            "invalid_parameter",
            format!("parameter `{name}`: {message}"),
        );
        e.errors.push(FieldError {
            field: name.to_owned(),
            message,
        });
        e
    }

    #[must_use]
    pub fn validation(errors: ValidationErrors) -> Self {
        let mut e = Self::new(
            StatusCode::UNPROCESSABLE_ENTITY,
            "validation_failed",
            "the request has invalid fields; see `errors`",
        );
        e.errors = errors.fields().to_vec();
        e
    }

    /// Photo number `index` (0-based, in upload order) is too large (413) or not an
    /// accepted image (415).
    #[must_use]
    pub fn image(index: usize, reason: ImageError) -> Self {
        Self::image_at(format!("images[{index}]"), reason)
    }

    /// The photo sent as `field` is too large (413: bytes or pixels) or not an accepted,
    /// readable image (415).
    #[must_use]
    pub fn image_at(field: String, reason: ImageError) -> Self {
        let (status, code) = match reason {
            ImageError::TooLarge => (StatusCode::PAYLOAD_TOO_LARGE, "image_too_large"),
            ImageError::TooManyPixels => (StatusCode::PAYLOAD_TOO_LARGE, "image_too_many_pixels"),
            ImageError::Unsupported | ImageError::Undecodable => {
                (StatusCode::UNSUPPORTED_MEDIA_TYPE, "unsupported_image")
            }
            ImageError::Processing => {
                return Self::internal(format!("processing {field} failed").into());
            }
        };
        let mut e = Self::new(status, code, format!("{field}: {reason}"));
        e.errors.push(FieldError {
            field,
            message: reason.to_string(),
        });
        e
    }

    /// A failure that is not the client's fault: 503 with `Retry-After` —
    /// `database_unavailable` when the database could not be reached or used,
    /// `query_timeout` when a statement ran past its time limit, `database_busy` when a
    /// transaction kept losing races for its rows (deadlocks, lock waits, Galera
    /// certification conflicts) after the repositories ran it again — else 500.
    #[must_use]
    pub fn internal(source: BoxError) -> Self {
        let mut e = if ourspace_infrastructure::db::is_unavailable(source.as_ref()) {
            Self::database_unavailable()
        } else if ourspace_infrastructure::db::is_timeout(source.as_ref()) {
            Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "query_timeout",
                "the request took longer than the database may spend on it",
            )
            .retry_after(DATABASE_RETRY_AFTER_SECONDS)
        } else if ourspace_infrastructure::db::is_contended(source.as_ref()) {
            Self::new(
                StatusCode::SERVICE_UNAVAILABLE,
                "database_busy",
                "too many requests are changing the same rows just now; try again shortly",
            )
            .retry_after(1)
        } else {
            Self::new(
                StatusCode::INTERNAL_SERVER_ERROR,
                "internal_error",
                "something went wrong on our side; it has been logged",
            )
        };
        e.source = Some(source);
        e
    }

    /// 503 `database_unavailable` with `Retry-After`.
    #[must_use]
    pub fn database_unavailable() -> Self {
        Self::new(
            StatusCode::SERVICE_UNAVAILABLE,
            "database_unavailable",
            "the database cannot be reached just now; try again shortly",
        )
        .retry_after(DATABASE_RETRY_AFTER_SECONDS)
    }

    /// The same answer, telling the client to try again after `seconds` (`Retry-After`).
    #[must_use]
    pub fn retry_after(mut self, seconds: u32) -> Self {
        self.retry_after = Some(seconds);
        self
    }

    #[must_use]
    pub fn code(&self) -> &'static str {
        self.code
    }

    /// Each field at fault (400 and 422).
    #[must_use]
    pub fn field_errors(&self) -> &[FieldError] {
        &self.errors
    }
}

impl fmt::Debug for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{} {}: {}", self.status, self.code, self.detail)?;
        let mut cause: Option<&(dyn std::error::Error + 'static)> =
            self.source.as_deref().map(|e| e as _);
        while let Some(c) = cause {
            write!(f, "\n  caused by: {c}")?;
            cause = c.source();
        }
        Ok(())
    }
}

impl fmt::Display for ApiError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}: {}", self.code, self.detail)
    }
}

impl ResponseError for ApiError {
    fn status_code(&self) -> StatusCode {
        self.status
    }

    fn error_response(&self) -> HttpResponse {
        // No logging here: tracing-actix-web's root span logs every failed request once, with
        // this error's Debug form, which carries the cause chain.
        let problem = Problem {
            kind: format!("urn:ourspace:problem:{}", self.code),
            title: self.status.canonical_reason().unwrap_or("Error"),
            status: self.status.as_u16(),
            detail: &self.detail,
            code: self.code,
            errors: &self.errors,
        };
        let mut response = HttpResponse::build(self.status);
        response.insert_header((header::CONTENT_TYPE, HeaderValue::from_static(PROBLEM_JSON)));
        if let Some(allow) = self
            .allow
            .as_deref()
            .and_then(|a| HeaderValue::from_str(a).ok())
        {
            response.insert_header((header::ALLOW, allow));
        }
        if let Some(seconds) = self.retry_after {
            response.insert_header((header::RETRY_AFTER, HeaderValue::from(seconds)));
        }
        if self.status == StatusCode::UNAUTHORIZED {
            response.insert_header((header::WWW_AUTHENTICATE, HeaderValue::from_static("Bearer")));
        }
        response.body(serde_json::to_string(&problem).unwrap_or_default())
    }
}

/// Turns an actix extractor or routing failure into a problem answer.
pub fn from_actix(err: &actix_web::Error, code: &'static str) -> actix_web::Error {
    let status = err.as_response_error().status_code();
    ApiError::new(status, code, err.to_string()).into()
}
