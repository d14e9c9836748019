//! Reading multipart uploads — a JSON part or text fields, and image parts — each held to
//! its size limit while it streams in. An image part streams to a file in the request's own
//! temporary folder and is prepared from there (decoded, cleaned, thumbnailed) before the
//! next part is read, so memory holds a chunk and one decode at a time, never a whole
//! request; the folder and everything in it go when the [`Upload`] is dropped. The API and
//! the web pages read uploads here and answer its errors each in their own way.

use actix_multipart::{Field, Multipart};
use futures_util::StreamExt;
use ourspace_domain::media::{
    ImageBody, ImageError, ImageProcessor, ImageType, MAX_IMAGE_BYTES, UploadedImage,
};
use ourspace_domain::shared::ValidationErrors;
use tokio::io::AsyncWriteExt;

/// The most bytes of JSON, or of all text fields together, an upload may carry.
pub const TEXT_LIMIT: usize = 64 * 1024;

/// Why an upload cannot be read.
#[derive(Debug, thiserror::Error)]
pub enum UploadError {
    /// Not a readable multipart body.
    #[error("{0}")]
    Malformed(String),
    /// A part of a name this upload does not take.
    #[error("unexpected multipart part `{0}`")]
    UnknownPart(String),
    /// The JSON part, or the text fields together, are over [`TEXT_LIMIT`]; names the part.
    #[error("the `{0}` part may be at most 64 KiB")]
    TextTooLarge(String),
    /// An image part that cannot be taken; `field` names it (`images[2]`).
    #[error("{field}: {reason}")]
    Image { field: String, reason: ImageError },
    /// More image parts than allowed.
    #[error("{0}")]
    TooManyImages(ValidationErrors),
    /// The temporary folder could not be written.
    #[error("cannot keep the upload: {0}")]
    Io(#[from] std::io::Error),
}

/// The parts of an upload.
#[derive(Debug, Default)]
pub struct Upload {
    /// The JSON part, if the upload takes one and it was sent.
    pub json: Option<Vec<u8>>,
    /// The text fields (an HTML form's inputs), in order, if the upload takes them.
    pub fields: Vec<(String, String)>,
    /// The image parts, prepared, in order; their files live in `workdir`.
    pub images: Vec<UploadedImage>,
    /// Removed with everything in it when the upload is dropped.
    workdir: Option<tempfile::TempDir>,
}

/// Which parts an upload takes.
#[derive(Debug, Clone, Copy)]
pub struct Parts<'a> {
    /// The name of the JSON part, if any.
    pub json: Option<&'a str>,
    /// Whether any other part is a text field (an HTML form) rather than refused.
    pub text_fields: bool,
    /// The name of the image parts.
    pub image: &'a str,
    /// The most image parts.
    pub max_images: usize,
}

fn malformed(e: impl std::fmt::Display) -> UploadError {
    UploadError::Malformed(e.to_string())
}

/// Reads the field's bytes, `None` as soon as they pass `limit`.
async fn read_limited(field: &mut Field, limit: usize) -> Result<Option<Vec<u8>>, UploadError> {
    let mut bytes = Vec::new();
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(malformed)?;
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
    field: &mut Field,
    workdir: &std::path::Path,
) -> Result<Result<(tempfile::TempPath, ImageType), ImageError>, UploadError> {
    let path = tempfile::Builder::new()
        .prefix("upload-")
        .tempfile_in(workdir)?
        .into_temp_path();
    let mut file = tokio::fs::File::create(&path).await?;
    let (mut written, mut head) = (0usize, Vec::with_capacity(16));
    while let Some(chunk) = field.next().await {
        let chunk = chunk.map_err(malformed)?;
        written += chunk.len();
        if written > MAX_IMAGE_BYTES {
            return Ok(Err(ImageError::TooLarge));
        }
        let wanted = 16usize.saturating_sub(head.len()).min(chunk.len());
        head.extend_from_slice(&chunk[..wanted]);
        if head.len() == 16 && ImageType::sniff(&head).is_none() {
            return Ok(Err(ImageError::Unsupported));
        }
        file.write_all(&chunk).await?;
    }
    file.flush().await?;
    Ok(ImageType::sniff(&head)
        .map(|kind| (path, kind))
        .ok_or(ImageError::Unsupported))
}

/// A file input left empty: a browser sends it as a part with an empty file name.
fn is_empty_file(field: &Field) -> bool {
    field
        .content_disposition()
        .and_then(|d| d.get_filename())
        .is_some_and(str::is_empty)
}

/// Where uploads are read to and how their photos are prepared.
#[derive(Clone, Copy)]
pub struct Images<'a> {
    pub processor: &'a dyn ImageProcessor,
}

impl Images<'_> {
    /// Prepares the image in `field` as the upload's next photo.
    async fn add_image(
        self,
        upload: &mut Upload,
        field: &mut Field,
        name: String,
    ) -> Result<(), UploadError> {
        // The request's folder, made with its first photo.
        let workdir = match &upload.workdir {
            Some(dir) => dir.path().to_path_buf(),
            None => {
                let dir = tempfile::Builder::new()
                    .prefix("ourspace-upload-")
                    .tempdir()?;
                let path = dir.path().to_path_buf();
                upload.workdir = Some(dir);
                path
            }
        };
        let image = |reason| UploadError::Image {
            field: name.clone(),
            reason,
        };
        let (raw, kind) = stream_image(field, &workdir).await?.map_err(image)?;
        let prepared = self
            .processor
            .prepare(ImageBody::File(raw.to_path_buf()), kind, &workdir)
            .await;
        drop(raw);
        upload.images.push(prepared.map_err(image)?);
        Ok(())
    }

    /// Reads a multipart body taking `parts`; any other part is refused, or read as a text
    /// field when the upload takes them.
    ///
    /// # Errors
    /// [`UploadError`]: a malformed body or unknown part, an oversize text or image part
    /// (bytes or pixels), a file that is not a readable JPEG, PNG or WebP, too many images.
    pub async fn read(
        self,
        mut payload: Multipart,
        parts: Parts<'_>,
    ) -> Result<Upload, UploadError> {
        let mut upload = Upload::default();
        let mut text_bytes = 0usize;
        while let Some(field) = payload.next().await {
            let mut field = field.map_err(malformed)?;
            let name = field.name().unwrap_or_default().to_owned();
            if parts.json == Some(name.as_str()) && upload.json.is_none() {
                let json = read_limited(&mut field, TEXT_LIMIT).await?;
                upload.json = Some(json.ok_or(UploadError::TextTooLarge(name))?);
            } else if name == parts.image {
                if is_empty_file(&field) {
                    continue;
                }
                self.image_part(&mut upload, &mut field, parts).await?;
            } else if parts.text_fields {
                let left = TEXT_LIMIT - text_bytes;
                let bytes = read_limited(&mut field, left).await?;
                let bytes = bytes.ok_or_else(|| UploadError::TextTooLarge(name.clone()))?;
                text_bytes += bytes.len();
                let value = String::from_utf8(bytes).map_err(malformed)?;
                upload.fields.push((name, value));
            } else {
                return Err(UploadError::UnknownPart(name));
            }
        }
        Ok(upload)
    }

    /// The next image part, unless the upload has all it may.
    async fn image_part(
        self,
        upload: &mut Upload,
        field: &mut Field,
        parts: Parts<'_>,
    ) -> Result<(), UploadError> {
        let index = upload.images.len();
        if index == parts.max_images {
            let most = if parts.max_images == 1 {
                "at most one image".to_owned()
            } else {
                format!("at most {} images", parts.max_images)
            };
            return Err(UploadError::TooManyImages(ValidationErrors::single(
                parts.image,
                most,
            )));
        }
        let name = if parts.max_images == 1 {
            parts.image.to_owned()
        } else {
            format!("{}[{index}]", parts.image)
        };
        self.add_image(upload, field, name).await
    }
}
