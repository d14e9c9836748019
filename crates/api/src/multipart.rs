//! Reading multipart uploads: a JSON part and image parts, each held to its size limit while
//! it streams in. An image part streams to a file in the request's own temporary folder and
//! is prepared from there (decoded, cleaned, thumbnailed) before the next part is read, so
//! memory holds a chunk and one decode at a time, never a whole request; the folder and
//! everything in it go when the [`Upload`] is dropped.

use crate::error::ApiError;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use futures_util::StreamExt;
use ourspace_domain::media::{
    ImageBody, ImageError, ImageProcessor, ImageType, MAX_IMAGE_BYTES, UploadedImage,
};
use ourspace_domain::shared::ValidationErrors;
use tokio::io::AsyncWriteExt;

/// The largest JSON part accepted.
pub const JSON_PART_LIMIT: usize = 64 * 1024;

/// The parts of an upload.
#[derive(Debug, Default)]
pub struct Upload {
    /// The JSON part named `json_part`, if present.
    pub json: Option<Vec<u8>>,
    /// The `images` parts, prepared, in order; their files live in `workdir`.
    pub images: Vec<UploadedImage>,
    /// Removed with everything in it when the upload is dropped.
    workdir: Option<tempfile::TempDir>,
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

/// Streams an image part to a new file in `workdir`, failing as soon as it passes
/// [`MAX_IMAGE_BYTES`] or its first bytes are no JPEG, PNG or WebP signature.
async fn stream_image(
    field: &mut actix_multipart::Field,
    workdir: &std::path::Path,
) -> Result<Result<(tempfile::TempPath, ImageType), ImageError>, ApiError> {
    let broken = |e: std::io::Error| ApiError::internal(e.into());
    let path = tempfile::Builder::new()
        .prefix("upload-")
        .tempfile_in(workdir)
        .map_err(broken)?
        .into_temp_path();
    let mut file = tokio::fs::File::create(&path).await.map_err(broken)?;
    let (mut written, mut head) = (0usize, Vec::with_capacity(16));
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(|e| bad_request("invalid_multipart", e.to_string()))?;
        written += chunk.len();
        if written > MAX_IMAGE_BYTES {
            return Ok(Err(ImageError::TooLarge));
        }
        let wanted = 16usize.saturating_sub(head.len()).min(chunk.len());
        head.extend_from_slice(&chunk[..wanted]);
        if head.len() == 16 && ImageType::sniff(&head).is_none() {
            return Ok(Err(ImageError::Unsupported));
        }
        file.write_all(&chunk).await.map_err(broken)?;
    }
    file.flush().await.map_err(broken)?;
    Ok(ImageType::sniff(&head)
        .map(|kind| (path, kind))
        .ok_or(ImageError::Unsupported))
}

/// Where uploads are read to and how their photos are prepared.
#[derive(Clone, Copy)]
pub struct Images<'a> {
    pub processor: &'a dyn ImageProcessor,
}

impl Images<'_> {
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

    /// Prepares the image in `field` as the upload's next photo.
    async fn add_image(
        self,
        upload: &mut Upload,
        field: &mut actix_multipart::Field,
        name: String,
    ) -> Result<(), ApiError> {
        // The request's folder, made with its first photo.
        let workdir = match &upload.workdir {
            Some(dir) => dir.path().to_path_buf(),
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("ourspace-upload-")
                    .tempdir()
                    .map_err(|e| ApiError::internal(e.into()))?;
                let path = dir.path().to_path_buf();
                upload.workdir = Some(dir);
                path
            }
        };
        let (raw, kind) = stream_image(field, &workdir)
            .await?
            .map_err(|reason| ApiError::image_at(name.clone(), reason))?;
        let prepared = self
            .processor
            .prepare(ImageBody::File(raw.to_path_buf()), kind, &workdir)
            .await;
        drop(raw);
        let image = prepared.map_err(|reason| ApiError::image_at(name, reason))?;
        upload.images.push(image);
        Ok(())
    }

    async fn read_parts(
        self,
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
                self.add_image(&mut upload, &mut field, field_of(index))
                    .await?;
            } else {
                return Err(bad_request(
                    "unknown_part",
                    format!("unexpected multipart part `{name}`"),
                ));
            }
        }
        Ok(upload)
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
