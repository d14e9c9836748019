//! A photo from a client's bytes to the store: the size and pixel limits, the processor
//! that decodes and re-encodes it (no metadata survives) and makes its thumbnail, and the
//! one rule of how a photo and its thumbnail are stored and removed together.

use super::{ImageStore, ImageType};
use crate::shared::BoxError;
use async_trait::async_trait;
use std::path::PathBuf;

/// The largest photo accepted, in bytes.
pub const MAX_IMAGE_BYTES: usize = 10 * 1024 * 1024;

/// The most pixels a photo may have (4096 × 4096). Decoding holds every pixel, so this
/// bounds what one decode takes (64 MiB at four bytes a pixel) against decompression bombs.
pub const MAX_IMAGE_PIXELS: u64 = 1 << 24;

/// The longer side of a thumbnail, in pixels (list size).
pub const THUMBNAIL_EDGE: u32 = 400;

/// Why uploaded bytes are not an acceptable photo.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum ImageError {
    /// More bytes than the upload limit.
    #[error("an image may be at most 10 MiB")]
    TooLarge,
    /// Not JPEG, PNG or WebP.
    #[error("only JPEG, PNG and WebP images are accepted")]
    Unsupported,
    /// The signature is right but the image cannot be decoded.
    #[error("the file is not a readable JPEG, PNG or WebP image")]
    Undecodable,
    /// More pixels than the decoding limit.
    #[error("an image may have at most 16,777,216 pixels (4096 × 4096)")]
    TooManyPixels,
    /// The server could not write or read its working files: not the client's fault.
    #[error("the image could not be processed on our side")]
    Processing,
}

/// Bytes waiting to be stored: in memory, or in a file owned (and deleted) by the adapter
/// that wrote it, so a large upload never has to be held whole.
#[derive(Clone, PartialEq, Eq)]
pub enum ImageBody {
    /// Held in memory.
    Bytes(Vec<u8>),
    /// Written to a working file.
    File(PathBuf),
}

impl std::fmt::Debug for ImageBody {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        // Never print the bytes.
        match self {
            Self::Bytes(bytes) => write!(f, "Bytes({} bytes)", bytes.len()),
            Self::File(path) => write!(f, "File({})", path.display()),
        }
    }
}

/// A photo ready to store: decoded, re-encoded in its format without metadata, and its
/// thumbnail in the same format.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct UploadedImage {
    /// The format both images are in.
    pub kind: ImageType,
    /// The re-encoded photo.
    pub full: ImageBody,
    /// Its thumbnail.
    pub thumbnail: ImageBody,
}

/// Turns a client's bytes into an [`UploadedImage`].
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ImageProcessor: Send + Sync {
    /// Decodes `raw` (a `kind` image by its signature) within [`MAX_IMAGE_PIXELS`], turns
    /// it upright by its EXIF orientation, re-encodes it without metadata (EXIF, GPS,
    /// comments, colour profiles) and makes a thumbnail at most [`THUMBNAIL_EDGE`] on its
    /// longer side; both are new files in `workdir`, which the caller owns and removes.
    ///
    /// # Errors
    /// [`ImageError::Undecodable`], [`ImageError::TooManyPixels`],
    /// [`ImageError::Processing`].
    async fn prepare(
        &self,
        raw: ImageBody,
        kind: ImageType,
        workdir: &std::path::Path,
    ) -> Result<UploadedImage, ImageError>;
}

/// Where a photo's thumbnail is stored: beside it, `spaces/ab.png` → `spaces/ab.thumb.png`.
#[must_use]
pub fn thumbnail_key(key: &str) -> String {
    match key.rsplit_once('.') {
        Some((stem, ext)) if !ext.contains('/') => format!("{stem}.thumb.{ext}"),
        _ => format!("{key}.thumb"),
    }
}

/// The photo a stored key belongs to: a thumbnail's photo, or the key itself.
#[must_use]
pub fn photo_key_of(key: &str) -> String {
    key.rsplit_once('.')
        .and_then(|(stem, ext)| Some(format!("{}.{ext}", stem.strip_suffix(".thumb")?)))
        .unwrap_or_else(|| key.to_owned())
}

/// A photo in the store.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredPhoto {
    /// The key of the full photo; the thumbnail's is derived from it.
    pub key: String,
    /// Where clients fetch the photo.
    pub url: String,
    /// Where clients fetch the thumbnail.
    pub thumbnail_url: String,
}

/// Stores a photo and its thumbnail under a fresh key in `folder`; on failure neither stays.
///
/// # Errors
/// The store's failure.
pub async fn store_photo(
    store: &dyn ImageStore,
    folder: &str,
    image: UploadedImage,
) -> Result<StoredPhoto, BoxError> {
    let key = store.new_key(folder, image.kind);
    let url = store.put(&key, image.full, image.kind).await?;
    match store
        .put(&thumbnail_key(&key), image.thumbnail, image.kind)
        .await
    {
        Ok(thumbnail_url) => Ok(StoredPhoto {
            key,
            url,
            thumbnail_url,
        }),
        Err(e) => {
            discard_photo(store, &key).await;
            Err(e)
        }
    }
}

/// Best-effort removal of a photo and its thumbnail; `media gc` catches what fails here.
pub async fn discard_photo(store: &dyn ImageStore, key: &str) {
    for key in [key.to_owned(), thumbnail_key(key)] {
        if let Err(e) = store.delete(&key).await {
            tracing::warn!(%key, error = %e, "could not delete an image; media gc will");
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_thumbnail_sits_beside_its_photo_and_leads_back_to_it() {
        assert_eq!(thumbnail_key("spaces/ab.png"), "spaces/ab.thumb.png");
        assert_eq!(photo_key_of("spaces/ab.thumb.png"), "spaces/ab.png");
        assert_eq!(photo_key_of("spaces/ab.png"), "spaces/ab.png");
        assert_eq!(thumbnail_key("odd"), "odd.thumb");
        assert_eq!(thumbnail_key("a.b/c"), "a.b/c.thumb");
        assert!(!format!("{:?}", ImageBody::Bytes(vec![255; 3])).contains("255"));
    }

    #[test]
    fn a_body_is_shown_by_its_size_or_its_file_never_its_bytes() {
        assert_eq!(
            format!("{:?}", ImageBody::Bytes(vec![7; 3])),
            "Bytes(3 bytes)"
        );
        assert_eq!(
            format!("{:?}", ImageBody::File(PathBuf::from("/tmp/up/1"))),
            "File(/tmp/up/1)"
        );
    }

    #[test]
    fn the_limits_are_ten_mebibytes_and_4096_squared_pixels() {
        assert_eq!(MAX_IMAGE_BYTES, 10_485_760);
        assert_eq!(MAX_IMAGE_PIXELS, 4096 * 4096);
    }
}
