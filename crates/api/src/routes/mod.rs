//! Routes, one module per resource, each with its `configure` and its DTOs.

pub mod auth;
pub mod catalog;
pub mod health;
pub mod media;
pub mod order_dto;
pub mod orders;
pub mod reviews;
pub mod space_dto;
pub mod spaces;
pub mod users;

use crate::error::ApiError;
use actix_web::{HttpRequest, web};

/// Registers every route.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.configure(health::configure)
        .configure(media::configure)
        .service(
            web::scope("/api/v1")
                .configure(auth::configure)
                .configure(catalog::configure)
                .configure(spaces::configure)
                .configure(orders::configure)
                .configure(reviews::configure)
                .configure(users::configure),
        );
}

/// The answer for any path no route matches.
///
/// # Errors
/// Always: 404 `not_found`.
pub async fn not_found(req: HttpRequest) -> Result<actix_web::HttpResponse, ApiError> {
    Err(ApiError::not_found(format!(
        "no route for {} {}",
        req.method(),
        req.path()
    )))
}
