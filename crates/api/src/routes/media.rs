//! Photos of the local image store, served at `/media/{key}`.

use super::Router;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::http::header::{CACHE_CONTROL, CONTENT_TYPE};
use actix_web::{HttpResponse, web};
use ourspace_domain::media::ImageType;

pub fn configure(r: &mut Router) {
    r.serve_as("/media/{key:.+}", __path_serve, serve);
}

/// Streams a stored image with its content type. Keys are unique and never rewritten, so
/// clients may cache them for good.
#[utoipa::path(
    get,
    path = "/media/{key}",
    operation_id = "getMedia",
    tag = "health",
    params(("key" = String, Path, description = "The object key, e.g. spaces/….png")),
    responses((status = 200, description = "The photo (JPEG, PNG or WebP), cacheable for good", content_type = "image/*"), (status = 404, description = "No such photo"))
)]
pub(crate) async fn serve(
    state: web::Data<AppState>,
    key: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let missing = || ApiError::not_found("no such image");
    let store = state.local_media.as_ref().ok_or_else(missing)?;
    let path = store.path_of(&key).ok_or_else(missing)?;
    let kind = path
        .extension()
        .and_then(|e| e.to_str())
        .and_then(ImageType::from_extension)
        .ok_or_else(missing)?;
    let bytes = match tokio::fs::read(&path).await {
        Ok(bytes) => bytes,
        Err(e) if e.kind() == std::io::ErrorKind::NotFound => return Err(missing()),
        Err(e) => return Err(ApiError::internal(e.into())),
    };
    Ok(HttpResponse::Ok()
        .insert_header((CONTENT_TYPE, kind.content_type()))
        .insert_header((CACHE_CONTROL, "public, max-age=31536000, immutable"))
        .body(bytes))
}
