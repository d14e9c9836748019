//! Image stores implementing the domain's `ImageStore` port.

mod codec;
mod local;
mod s3;

pub use codec::{DECODE_BUDGET_MIB, ImageCodec};
pub use local::LocalImageStore;
pub use s3::{S3Config, S3ImageStore};

use ourspace_domain::media::ImageType;

/// A fresh key `{folder}/{uuid}.{ext}`: unique, and never derived from a client's file name.
#[must_use]
pub fn generate_key(folder: &str, kind: ImageType) -> String {
    format!("{folder}/{}.{}", uuid::Uuid::new_v4(), kind.extension())
}

/// True for a key the server could have generated: slash-separated segments of
/// letters, digits, `.`, `_` and `-`, none empty and none made of dots alone. Anything
/// else (`..`, absolute paths, backslashes) is refused before it reaches a file system
/// or a bucket.
#[must_use]
pub fn is_safe_key(key: &str) -> bool {
    !key.is_empty()
        && key.len() <= 200
        && key.split('/').all(|seg| {
            !seg.is_empty()
                && !seg.chars().all(|c| c == '.')
                && seg
                    .chars()
                    .all(|c| c.is_ascii_alphanumeric() || matches!(c, '.' | '_' | '-'))
        })
}

#[cfg(test)]
mod tests {
    use super::is_safe_key;

    #[test]
    fn keys_that_try_to_leave_the_store_are_refused() {
        assert!(is_safe_key("spaces/0b8f.png"));
        for bad in [
            "",
            "../etc/passwd",
            "spaces/../../x",
            "/abs",
            "a//b",
            "a\\b",
            "sp aces/x",
        ] {
            assert!(!is_safe_key(bad), "{bad}");
        }
    }
}
