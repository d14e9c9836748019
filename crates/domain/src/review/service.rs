//! Review and like use cases: who may review, all-or-nothing with the review's photo, and
//! likes that never count twice.

use super::error::ReviewError;
use super::model::Rating;
use super::ports::{
    LikeRepository, NewReview, ReviewCreation, ReviewDeletion, ReviewRepository, ReviewView,
};
use crate::media::{ImageStore, UploadedImage, discard_photo, store_photo};
use crate::order::{OrderRepository, OrderStatus};
use crate::shared::{
    BoxError, Clock, OrderId, Page, Paged, ReviewId, SpaceId, TextRule, UserId, ValidationErrors,
};
use crate::space::{SpaceQuery, SpaceRepository, SpaceSort, SpaceSummary};
use serde::Deserialize;
use std::sync::Arc;

/// Where review photos live in the store.
pub const IMAGE_FOLDER: &str = "reviews";
/// The longest review text, in characters.
pub const MAX_CONTENT_CHARS: usize = 2_000;

/// An unchecked review, as the API names its fields.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct ReviewInput {
    /// The confirmed, ended order the review is about.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub order_id: Option<i64>,
    /// 1–5.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub rating: Option<i64>,
    /// 1–2,000 characters.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub content: Option<String>,
}

/// A checked review input.
struct CheckedReview {
    order_id: OrderId,
    rating: Rating,
    content: String,
}

impl ReviewInput {
    fn check(&self) -> Result<CheckedReview, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let order_id = self.order_id.filter(|id| *id > 0).map(OrderId);
        if order_id.is_none() {
            e.add("order_id", "is required");
        }
        let rating = match self.rating {
            None => {
                e.add("rating", "is required");
                None
            }
            Some(r) => e.check("rating", Rating::new(r)),
        };
        let content = e
            .check(
                "content",
                TextRule::lines(1, MAX_CONTENT_CHARS)
                    .check(self.content.as_deref().unwrap_or_default()),
            )
            .unwrap_or_default();
        match (order_id, rating) {
            (Some(order_id), Some(rating)) if e.is_empty() => Ok(CheckedReview {
                order_id,
                rating,
                content,
            }),
            _ => Err(e),
        }
    }
}

fn unexpected(e: BoxError) -> ReviewError {
    ReviewError::Unexpected(e)
}

/// Writes, lists and deletes reviews.
#[derive(Clone)]
pub struct ReviewService {
    reviews: Arc<dyn ReviewRepository>,
    orders: Arc<dyn OrderRepository>,
    spaces: Arc<dyn SpaceRepository>,
    store: Arc<dyn ImageStore>,
    clock: Arc<dyn Clock>,
}

impl ReviewService {
    /// A service over these adapters.
    #[must_use]
    pub fn new(
        reviews: Arc<dyn ReviewRepository>,
        orders: Arc<dyn OrderRepository>,
        spaces: Arc<dyn SpaceRepository>,
        store: Arc<dyn ImageStore>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            reviews,
            orders,
            spaces,
            store,
            clock,
        }
    }

    /// Reviews the space, once per order: only the guest of a confirmed order for it whose
    /// booked time has ended may. The photo is uploaded first and deleted again if the
    /// review is not written.
    ///
    /// # Errors
    /// [`ReviewError::Validation`], [`ReviewError::SpaceNotFound`],
    /// [`ReviewError::Forbidden`] for anyone else, [`ReviewError::AlreadyReviewed`].
    #[tracing::instrument(skip_all, fields(author = %author, space = %space))]
    pub async fn create(
        &self,
        author: UserId,
        space: SpaceId,
        input: &ReviewInput,
        image: Option<UploadedImage>,
    ) -> Result<ReviewView, ReviewError> {
        let checked = input.check()?;
        self.check_eligible(author, space, checked.order_id).await?;
        let image = match image {
            Some(image) => Some(
                store_photo(self.store.as_ref(), IMAGE_FOLDER, image)
                    .await
                    .map_err(unexpected)?,
            ),
            None => None,
        };
        let review = NewReview {
            space_id: space,
            author_id: author,
            order_id: checked.order_id,
            rating: checked.rating,
            content: checked.content,
            image: image.clone(),
            created_at: self.clock.now(),
        };
        let outcome = self.reviews.create(&review).await;
        let id = match outcome {
            Ok(ReviewCreation::Created(id)) => id,
            other => {
                if let Some(image) = &image {
                    self.discard(&image.key).await;
                }
                return Err(match other {
                    Ok(ReviewCreation::AlreadyReviewed) => ReviewError::AlreadyReviewed,
                    Ok(_) => ReviewError::SpaceNotFound,
                    Err(e) => unexpected(e),
                });
            }
        };
        self.reviews
            .find(id)
            .await
            .map_err(unexpected)?
            .ok_or(ReviewError::NotFound)
    }

    /// Whether `author` may review `space` for `order`: its guest, for this space,
    /// confirmed, its booked time ended.
    async fn check_eligible(
        &self,
        author: UserId,
        space: SpaceId,
        order: OrderId,
    ) -> Result<(), ReviewError> {
        let order = self.orders.find(order).await.map_err(unexpected)?;
        let eligible = order.is_some_and(|v| {
            v.order.guest_id == author
                && v.order.space_id == space
                && v.order.status == OrderStatus::Confirmed
                && v.order.time.has_ended(self.clock.local_now())
        });
        if eligible {
            return Ok(());
        }
        if self.spaces.find(space).await.map_err(unexpected)?.is_none() {
            return Err(ReviewError::SpaceNotFound);
        }
        Err(ReviewError::Forbidden(
            "only the guest of a confirmed order for this space may review it, after the booked time",
        ))
    }

    /// The space's reviews, newest first.
    ///
    /// # Errors
    /// [`ReviewError::SpaceNotFound`].
    pub async fn list(&self, space: SpaceId, page: Page) -> Result<Paged<ReviewView>, ReviewError> {
        self.reviews
            .list(space, page)
            .await
            .map_err(unexpected)?
            .ok_or(ReviewError::SpaceNotFound)
    }

    /// Deletes the author's review and then its photo.
    ///
    /// # Errors
    /// [`ReviewError::NotFound`], [`ReviewError::Forbidden`] for anyone but the author.
    pub async fn delete(&self, author: UserId, id: ReviewId) -> Result<(), ReviewError> {
        match self.reviews.delete(id, author).await.map_err(unexpected)? {
            ReviewDeletion::Deleted { image_key } => {
                if let Some(key) = image_key {
                    self.discard(&key).await;
                }
                Ok(())
            }
            ReviewDeletion::NotAuthor => Err(ReviewError::Forbidden(
                "only the review's author may delete it",
            )),
            ReviewDeletion::NotFound => Err(ReviewError::NotFound),
        }
    }

    /// Deletes a photo no row refers to; a failure is left to `media gc`.
    async fn discard(&self, key: &str) {
        discard_photo(self.store.as_ref(), key).await;
    }
}

/// Likes and the signed-in user's liked spaces.
#[derive(Clone)]
pub struct LikeService {
    likes: Arc<dyn LikeRepository>,
    spaces: Arc<dyn SpaceRepository>,
    clock: Arc<dyn Clock>,
}

impl LikeService {
    /// A service over these adapters.
    #[must_use]
    pub fn new(
        likes: Arc<dyn LikeRepository>,
        spaces: Arc<dyn SpaceRepository>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        Self {
            likes,
            spaces,
            clock,
        }
    }

    /// Likes the space (again: no change); its like count after.
    ///
    /// # Errors
    /// [`ReviewError::SpaceNotFound`].
    pub async fn like(&self, user: UserId, space: SpaceId) -> Result<u32, ReviewError> {
        self.likes
            .like(user, space, self.clock.now())
            .await
            .map_err(unexpected)?
            .ok_or(ReviewError::SpaceNotFound)
    }

    /// Takes the like back (if there was none: no change); its like count after.
    ///
    /// # Errors
    /// [`ReviewError::SpaceNotFound`].
    pub async fn unlike(&self, user: UserId, space: SpaceId) -> Result<u32, ReviewError> {
        self.likes
            .unlike(user, space)
            .await
            .map_err(unexpected)?
            .ok_or(ReviewError::SpaceNotFound)
    }

    /// The spaces the user likes, most liked first (as the search's default order).
    ///
    /// # Errors
    /// A storage failure.
    pub async fn liked(
        &self,
        user: UserId,
        page: Page,
    ) -> Result<Paged<SpaceSummary>, ReviewError> {
        self.spaces
            .list(&SpaceQuery {
                page,
                liked_by: Some(user),
                sort: SpaceSort::Popular,
                ..SpaceQuery::default()
            })
            .await
            .map_err(unexpected)
    }
}

#[cfg(test)]
#[path = "check_tests.rs"]
mod check_tests;
