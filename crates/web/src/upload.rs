//! Photo uploads from the host's forms: read by `ourspace-upload` (as the API reads them),
//! refusals said in Korean.

use crate::WebState;
use crate::error::WebError;
use actix_multipart::Multipart;
use ourspace_domain::media::ImageError;
use ourspace_upload::{Images, Parts, Upload, UploadError};

/// A photo refusal in Korean.
pub fn image_message(reason: &ImageError) -> &'static str {
    match reason {
        ImageError::TooLarge => "사진은 한 장에 10MB까지 올릴 수 있습니다.",
        ImageError::TooManyPixels => "사진이 너무 큽니다. (4096 × 4096 픽셀까지)",
        ImageError::Unsupported | ImageError::Undecodable => {
            "JPEG, PNG, WebP 사진만 올릴 수 있습니다."
        }
        ImageError::Processing => "사진을 처리하지 못했습니다. 잠시 후 다시 시도해 주세요.",
    }
}

/// The form's text fields and up to `max_images` photos (parts named `images`).
pub async fn read(
    state: &WebState,
    payload: Multipart,
    max_images: usize,
) -> Result<Upload, WebError> {
    let images = Images {
        processor: state.services.images.as_ref(),
    };
    let parts = Parts {
        json: None,
        text_fields: true,
        image: "images",
        max_images,
    };
    images.read(payload, parts).await.map_err(|e| match e {
        UploadError::Image { reason, .. } => WebError::BadRequest(image_message(&reason).into()),
        UploadError::TooManyImages(_) => {
            WebError::BadRequest(format!("사진은 {max_images}장까지 올릴 수 있습니다."))
        }
        UploadError::TextTooLarge(_) => WebError::BadRequest("입력한 내용이 너무 깁니다.".into()),
        UploadError::Malformed(_) | UploadError::UnknownPart(_) => {
            WebError::BadRequest("요청을 읽을 수 없습니다.".into())
        }
        UploadError::Io(e) => WebError::unexpected(e),
    })
}
