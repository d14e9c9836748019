//! What can go wrong with spaces.

use crate::media::ImageError;
use crate::shared::{BoxError, ValidationErrors};

/// What can go wrong with spaces.
#[derive(Debug, thiserror::Error)]
pub enum SpaceError {
    /// The space does not exist (or was deleted).
    #[error("the space does not exist")]
    NotFound,
    /// The caller is not the space's host.
    #[error("only the space's host may do this")]
    Forbidden,
    /// A search parameter is not valid.
    #[error(transparent)]
    InvalidParameter(#[from] super::search::InvalidParameter),
    /// The input broke these rules.
    #[error("invalid space: {0}")]
    Validation(#[from] ValidationErrors),
    /// An uploaded image is not acceptable.
    #[error("image {index}: {reason}")]
    Image {
        /// Its position among the uploads, from 0.
        index: usize,
        /// What is wrong with it.
        reason: ImageError,
    },
    /// The space still has orders to honour.
    #[error("the space has confirmed or waiting orders for today or later")]
    HasActiveOrders,
    /// The space's last image cannot be deleted.
    #[error("a space keeps at least one image")]
    LastImage,
    /// A failure that is not the caller's fault.
    #[error("unexpected failure")]
    Unexpected(#[source] BoxError),
}
