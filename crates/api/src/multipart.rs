//! Multipart uploads as the API takes them: a JSON part and image parts, read by
//! `ourspace-upload` (shared with the web pages), its refusals answered as problems.

use crate::error::ApiError;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use ourspace_domain::media::ImageProcessor;
use ourspace_upload::{Parts, UploadError};

pub use ourspace_upload::Upload;

fn bad_request(code: &'static str, detail: impl Into<String>) -> ApiError {
    ApiError::new(StatusCode::BAD_REQUEST, code, detail)
}

impl From<UploadError> for ApiError {
    fn from(e: UploadError) -> Self {
        match e {
            UploadError::Malformed(detail) => bad_request("invalid_multipart", detail),
            UploadError::UnknownPart(_) => bad_request("unknown_part", e.to_string()),
            UploadError::TextTooLarge(_) => ApiError::new(
                StatusCode::PAYLOAD_TOO_LARGE,
                "payload_too_large",
                e.to_string(),
            ),
            UploadError::Image { field, reason } => ApiError::image_at(field, reason),
            UploadError::TooManyImages(errors) => errors.into(),
            UploadError::Io(e) => ApiError::internal(e.into()),
        }
    }
}

/// Where uploads are read to and how their photos are prepared.
#[derive(Clone, Copy)]
pub struct Images<'a> {
    pub processor: &'a dyn ImageProcessor,
}

impl Images<'_> {
    async fn read_parts(
        self,
        payload: Multipart,
        json_part: &str,
        image: &str,
        max_images: usize,
    ) -> Result<Upload, ApiError> {
        let parts = Parts {
            json: (!json_part.is_empty()).then_some(json_part),
            text_fields: false,
            image,
            max_images,
        };
        let images = ourspace_upload::Images {
            processor: self.processor,
        };
        Ok(images.read(payload, parts).await?)
    }

    /// Reads a multipart body with an optional JSON part named `json_part` and at most
    /// `max_images` parts named `images`; any other part is refused.
    ///
    /// # Errors
    /// 400 for a malformed body or an unknown part, 413 for an oversize part (bytes or
    /// pixels), 415 for a file that is not a readable JPEG, PNG or WebP, 422 for too many
    /// images.
    pub async fn read(
        self,
        payload: Multipart,
        json_part: &str,
        max_images: usize,
    ) -> Result<Upload, ApiError> {
        self.read_parts(payload, json_part, "images", max_images)
            .await
    }

    /// As [`Self::read`], with at most one image, in a part named `image`.
    ///
    /// # Errors
    /// As [`Self::read`].
    pub async fn read_single(
        self,
        payload: Multipart,
        json_part: &str,
    ) -> Result<Upload, ApiError> {
        self.read_parts(payload, json_part, "image", 1).await
    }
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
