//! What can go wrong with spaces.

use crate::media::ImageError;
use crate::shared::{BoxError, ValidationErrors};

#[derive(Debug, thiserror::Error)]
pub enum SpaceError {
    #[error("the space does not exist")]
    NotFound,
    #[error("only the space's host may do this")]
    Forbidden,
    #[error(transparent)]
    InvalidParameter(#[from] super::search::InvalidParameter),
    #[error("invalid space: {0}")]
    Validation(#[from] ValidationErrors),
    #[error("image {index}: {reason}")]
    Image { index: usize, reason: ImageError },
    #[error("the space has confirmed or waiting orders for today or later")]
    HasActiveOrders,
    #[error("a space keeps at least one image")]
    LastImage,
    #[error("unexpected failure")]
    Unexpected(#[source] BoxError),
}
