//! What reviews and likes need from storage.

use super::model::{Rating, Review};
use crate::shared::{BoxError, OrderId, Page, Paged, ReviewId, SpaceId, UserId};
use crate::space::NewImage;
use async_trait::async_trait;
use chrono::{DateTime, Utc};

/// A review to write, every rule already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewReview {
    /// The space reviewed.
    pub space_id: SpaceId,
    /// Who writes it.
    pub author_id: UserId,
    /// The order it is about.
    pub order_id: OrderId,
    /// 1–5 stars.
    pub rating: Rating,
    /// The checked text.
    pub content: String,
    /// Its photo, already stored.
    pub image: Option<NewImage>,
    /// When it is written.
    pub created_at: DateTime<Utc>,
}

/// What became of writing a review.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ReviewCreation {
    /// Written, with this id.
    Created(ReviewId),
    /// The order already has its review.
    AlreadyReviewed,
    /// The space is gone.
    SpaceNotFound,
}

/// A review with its author's nickname.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct ReviewView {
    /// The review.
    pub review: Review,
    /// Its author's nickname.
    pub author_nickname: String,
}

/// What became of a review deletion.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum ReviewDeletion {
    /// Gone; its image object, if any, is to be deleted from the store.
    Deleted {
        /// The store key of its photo.
        image_key: Option<String>,
    },
    /// Someone else wrote it.
    NotAuthor,
    /// No such review.
    NotFound,
}

/// Reads and writes reviews, keeping each space's review count, rating sum and average in
/// step in the same transaction.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait ReviewRepository: Send + Sync {
    /// # Errors
    /// The storage failure; nothing is written then.
    async fn create(&self, review: &NewReview) -> Result<ReviewCreation, BoxError>;

    /// # Errors
    /// The storage failure.
    async fn find(&self, id: ReviewId) -> Result<Option<ReviewView>, BoxError>;

    /// One page of the space's reviews, newest first, and the total; `None` when the space
    /// does not exist.
    ///
    /// # Errors
    /// The storage failure.
    async fn list(&self, space: SpaceId, page: Page)
    -> Result<Option<Paged<ReviewView>>, BoxError>;

    /// Deletes the review if `author` wrote it.
    ///
    /// # Errors
    /// The storage failure; nothing is changed then.
    async fn delete(&self, id: ReviewId, author: UserId) -> Result<ReviewDeletion, BoxError>;
}

/// Reads and writes likes, keeping each space's like count in step in the same
/// transaction.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait LikeRepository: Send + Sync {
    /// Records the like unless it exists; the space's like count after, or `None` when the
    /// space does not exist.
    ///
    /// # Errors
    /// The storage failure; nothing is changed then.
    async fn like(
        &self,
        user: UserId,
        space: SpaceId,
        at: DateTime<Utc>,
    ) -> Result<Option<u32>, BoxError>;

    /// Removes the like if it exists; the space's like count after, or `None` when the
    /// space does not exist.
    ///
    /// # Errors
    /// The storage failure; nothing is changed then.
    async fn unlike(&self, user: UserId, space: SpaceId) -> Result<Option<u32>, BoxError>;
}
