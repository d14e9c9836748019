//! Reading multipart uploads: a JSON part and image parts, each held to its size limit while
//! it streams in, so an oversize request is refused without being buffered whole.

use crate::error::ApiError;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use futures_util::StreamExt;
use ourspace_domain::media::{ImageError, MAX_IMAGE_BYTES, UploadedImage};
use ourspace_domain::shared::ValidationErrors;

/// The largest JSON part accepted.
pub const JSON_PART_LIMIT: usize = 64 * 1024;

/// The parts of an upload.
#[derive(Debug, Default)]
pub struct Upload {
    /// The JSON part named `json_part`, if present.
    pub json: Option<Vec<u8>>,
    /// The `images` parts, checked for size and format, in order.
    pub images: Vec<UploadedImage>,
}

fn bad_request(code: &'static str, detail: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, detail)
}

/// Reads the field's bytes, failing as soon as they pass `limit`.
async fn read_limited(
    field: &mut actix_multipart::Field,
    limit: usize,
) -> Result<Option<Vec<u8>>, ApiError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| bad_request("invalid_multipart", e.to_string()))?;
        if bytes.len() + chunk.len() > limit {
            return Ok(None);
        }
        bytes.extend_from_slice(&chunk);
    }
    Ok(Some(bytes))
}

/// Reads a multipart body with an optional JSON part named `json_part` and at most
/// `max_images` parts named `images`; any other part is refused.
///
/// # Errors
/// 400 for a malformed body or an unknown part, 413 for an oversize part, 415 for a file
/// that is not JPEG, PNG or WebP, 422 for too many images.
pub async fn read(
    payload: Multipart,
    json_part: &str,
    max_images: usize,
) -> Result<Upload, ApiError> {
    read_parts(payload, json_part, "images", max_images).await
}

/// As [`read`], with at most one image, in a part named `image`.
///
/// # Errors
/// As [`read`].
pub async fn read_single(payload: Multipart, json_part: &str) -> Result<Upload, ApiError> {
    read_parts(payload, json_part, "image", 1).await
}

async fn read_parts(
    mut payload: Multipart,
    json_part: &str,
    image_part: &str,
    max_images: usize,
) -> Result<Upload, ApiError> {
    let field_of = |index: usize| {
        if max_images == 1 {
            image_part.to_owned()
        } else {
            format!("{image_part}[{index}]")
        }
    };
    let mut upload = Upload::default();
    while let Some(field) = payload.next().await {
        let mut field = field.map_err(|e| bad_request("invalid_multipart", e.to_string()))?;
        let name = field.name().unwrap_or_default().to_owned();
        if name == json_part && upload.json.is_none() {
            let json = read_limited(&mut field, JSON_PART_LIMIT)
                .await?
                .ok_or_else(|| {
                    ApiError::new(
                        StatusCode::PAYLOAD_TOO_LARGE,
                        "payload_too_large",
                        format!("the `{json_part}` part may be at most 64 KiB"),
                    )
                })?;
            upload.json = Some(json);
        } else if name == image_part {
            let index = upload.images.len();
            if index == max_images {
                let most = if max_images == 1 {
                    "at most one image".to_owned()
                } else {
                    format!("at most {max_images} images")
                };
                return Err(ValidationErrors::single(image_part, most).into());
            }
            let bytes = read_limited(&mut field, MAX_IMAGE_BYTES)
                .await?
                .ok_or_else(|| ApiError::image_at(field_of(index), ImageError::TooLarge))?;
            let image = UploadedImage::new(bytes)
                .map_err(|reason| ApiError::image_at(field_of(index), reason))?;
            upload.images.push(image);
        } else {
            return Err(bad_request(
                "unknown_part",
                format!("unexpected multipart part `{name}`"),
            ));
        }
    }
    Ok(upload)
}

/// The JSON part decoded as `T`.
///
/// # Errors
/// 400 when the part is missing or is not valid JSON of the expected shape.
pub fn json_part<T: serde::de::DeserializeOwned>(
    upload: &Upload,
    name: &str,
) -> Result<T, ApiError> {
    let bytes = upload.json.as_deref().ok_or_else(|| {
        bad_request(
            "missing_part",
            format!("the multipart part `{name}` (JSON) is required"),
        )
    })?;
    serde_json::from_slice(bytes).map_err(|e| {
        bad_request(
            "invalid_body",
            format!("the `{name}` part is not valid: {e}"),
        )
    })
}
