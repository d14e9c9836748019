//! Photos: which image formats are accepted, how an upload becomes a stored photo with its
//! thumbnail ([`photo`]), and the ports to the processor and the store.

pub mod photo;

pub use photo::{
    ImageBody, ImageError, ImageProcessor, MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS, StoredPhoto,
    THUMBNAIL_EDGE, UploadedImage, discard_photo, photo_key_of, store_photo, thumbnail_key,
};

use crate::shared::BoxError;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// An accepted image format, decided from the bytes themselves.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ImageType {
    /// JPEG (`image/jpeg`).
    Jpeg,
    /// PNG (`image/png`).
    Png,
    /// WebP (`image/webp`).
    Webp,
}

impl ImageType {
    /// Recognises JPEG, PNG and WebP by their signatures; anything else is `None`.
    #[must_use]
    pub fn sniff(bytes: &[u8]) -> Option<Self> {
        if bytes.starts_with(&[0xFF, 0xD8, 0xFF]) {
            Some(Self::Jpeg)
        } else if bytes.starts_with(b"\x89PNG\r\n\x1a\n") {
            Some(Self::Png)
        } else if bytes.len() >= 12 && &bytes[..4] == b"RIFF" && &bytes[8..12] == b"WEBP" {
            Some(Self::Webp)
        } else {
            None
        }
    }

    /// The MIME type stored objects are served with.
    #[must_use]
    pub fn content_type(self) -> &'static str {
        match self {
            Self::Jpeg => "image/jpeg",
            Self::Png => "image/png",
            Self::Webp => "image/webp",
        }
    }

    /// The extension of stored keys, without the dot.
    #[must_use]
    pub fn extension(self) -> &'static str {
        match self {
            Self::Jpeg => "jpg",
            Self::Png => "png",
            Self::Webp => "webp",
        }
    }

    /// The format a stored key's extension names.
    #[must_use]
    pub fn from_extension(ext: &str) -> Option<Self> {
        match ext.to_ascii_lowercase().as_str() {
            "jpg" | "jpeg" => Some(Self::Jpeg),
            "png" => Some(Self::Png),
            "webp" => Some(Self::Webp),
            _ => None,
        }
    }
}

/// An object in the store, as listed for garbage collection.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StoredObject {
    /// The object's key.
    pub key: String,
    /// When it was last written; young objects are left alone.
    pub last_modified: DateTime<Utc>,
}

/// Keeps image bytes under server-generated keys and says where clients fetch them.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ImageStore: Send + Sync {
    /// A fresh, unique key under `folder` (e.g. `spaces/0b8f….png`); never derived from a
    /// client's file name.
    fn new_key(&self, folder: &str, kind: ImageType) -> String;

    /// Stores `body` under `key` and returns the public URL.
    ///
    /// # Errors
    /// The store's failure; nothing is stored then.
    async fn put(&self, key: &str, body: ImageBody, kind: ImageType) -> Result<String, BoxError>;

    /// Deletes the object; a missing key is not an error.
    ///
    /// # Errors
    /// The store's failure.
    async fn delete(&self, key: &str) -> Result<(), BoxError>;

    /// Every object under `prefix`.
    ///
    /// # Errors
    /// The store's failure.
    async fn list(&self, prefix: &str) -> Result<Vec<StoredObject>, BoxError>;
}

#[cfg(test)]
mod tests {
    use super::ImageType;

    #[test]
    fn formats_are_recognised_from_their_bytes_not_their_names() {
        assert_eq!(
            ImageType::sniff(b"\x89PNG\r\n\x1a\n...."),
            Some(ImageType::Png)
        );
        assert_eq!(
            ImageType::sniff(&[0xFF, 0xD8, 0xFF, 0xE0]),
            Some(ImageType::Jpeg)
        );
        assert_eq!(
            ImageType::sniff(b"RIFF\0\0\0\0WEBPVP8 "),
            Some(ImageType::Webp)
        );
        assert_eq!(ImageType::sniff(b"GIF89a"), None);
        assert_eq!(ImageType::sniff(b"<svg"), None);
        assert_eq!(ImageType::sniff(b"RIFF\0\0\0\0AVI LIST"), None);
        assert_eq!(ImageType::sniff(b"RIFF"), None);
    }

    #[test]
    fn each_format_has_its_content_type_and_extension_and_back() {
        for (kind, content_type, ext) in [
            (ImageType::Jpeg, "image/jpeg", "jpg"),
            (ImageType::Png, "image/png", "png"),
            (ImageType::Webp, "image/webp", "webp"),
        ] {
            assert_eq!(kind.content_type(), content_type);
            assert_eq!(kind.extension(), ext);
            assert_eq!(ImageType::from_extension(ext), Some(kind));
            assert_eq!(ImageType::from_extension(&ext.to_uppercase()), Some(kind));
        }
        assert_eq!(ImageType::from_extension("jpeg"), Some(ImageType::Jpeg));
        assert_eq!(ImageType::from_extension("gif"), None);
    }
}
