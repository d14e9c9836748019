//! The pages' style sheet and script, compiled into the binary.

use crate::error::WebError;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpResponse, web};

const FILES: [(&str, &str, &str); 2] = [
    (
        "site.css",
        "text/css; charset=utf-8",
        include_str!("../../static/site.css"),
    ),
    (
        "site.js",
        "text/javascript; charset=utf-8",
        include_str!("../../static/site.js"),
    ),
];

/// `GET /static/{file}`.
pub async fn asset(file: web::Path<String>) -> Result<HttpResponse, WebError> {
    let (_, kind, body) = FILES
        .iter()
        .find(|(name, _, _)| *name == file.as_str())
        .ok_or(WebError::NotFound)?;
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, *kind))
        .insert_header((CACHE_CONTROL, "public, max-age=3600"))
        .body(*body))
}
