//! What can go wrong with reviews and likes.

use crate::shared::{BoxError, ValidationErrors};

#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    #[error("the space does not exist")]
    SpaceNotFound,
    #[error("the review does not exist")]
    NotFound,
    /// Not the guest of a confirmed, ended order for this space; or not the author.
    #[error("{0}")]
    Forbidden(&'static str),
    #[error("invalid review: {0}")]
    Validation(#[from] ValidationErrors),
    #[error("the order already has a review")]
    AlreadyReviewed,
    #[error("unexpected failure")]
    Unexpected(#[source] BoxError),
}
