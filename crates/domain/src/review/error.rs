//! What can go wrong with reviews and likes.

use crate::shared::{BoxError, ValidationErrors};

/// What can go wrong with reviews and likes.
#[derive(Debug, thiserror::Error)]
pub enum ReviewError {
    /// The space does not exist.
    #[error("the space does not exist")]
    SpaceNotFound,
    /// The review does not exist.
    #[error("the review does not exist")]
    NotFound,
    /// Not the guest of a confirmed, ended order for this space; or not the author.
    #[error("{0}")]
    Forbidden(&'static str),
    /// The input broke these rules.
    #[error("invalid review: {0}")]
    Validation(#[from] ValidationErrors),
    /// The order already has its review.
    #[error("the order already has a review")]
    AlreadyReviewed,
    /// A failure that is not the caller's fault.
    #[error("unexpected failure")]
    Unexpected(#[source] BoxError),
}
