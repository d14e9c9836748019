//! Reviews and likes of spaces.

pub mod error;
pub mod model;
pub mod ports;
pub mod service;
#[cfg(test)]
mod tests;

pub use error::ReviewError;
pub use model::{Rating, RatingError, Review};
pub use ports::{
    LikeRepository, NewReview, ReviewCreation, ReviewDeletion, ReviewRepository, ReviewView,
};
pub use service::{IMAGE_FOLDER, LikeService, ReviewInput, ReviewService};
