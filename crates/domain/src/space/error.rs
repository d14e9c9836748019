//! What can go wrong with spaces.

use crate::shared::{BoxError, ValidationErrors};

#[derive(Debug, thiserror::Error)]
pub enum SpaceError {
    #[error("the space does not exist")]
    NotFound,
    #[error("only the space's host may do this")]
    Forbidden,
    #[error("invalid space: {0}")]
    Validation(#[from] ValidationErrors),
    #[error("unexpected failure")]
    Unexpected(#[source] BoxError),
}
