//! The review entity and its rating.

use crate::shared::{OrderId, ReviewId, SpaceId, UserId};
use chrono::{DateTime, Utc};
use serde::Serialize;

/// A score from 1 to 5.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Rating(u8);

#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
/// A rating outside 1–5.
#[error("must be between 1 and 5")]
pub struct RatingError;

impl Rating {
    /// # Errors
    /// [`RatingError`] outside 1–5.
    pub fn new(value: i64) -> Result<Self, RatingError> {
        if (1..=5).contains(&value) {
            Ok(Self(value as u8))
        } else {
            Err(RatingError)
        }
    }

    /// The rating, 1–5.
    #[must_use]
    pub fn get(self) -> u8 {
        self.0
    }
}

/// A guest's review of a space, tied to the order it is about.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Review {
    /// The review's id.
    pub id: ReviewId,
    /// The space reviewed.
    pub space_id: SpaceId,
    /// Who wrote it.
    pub author_id: UserId,
    /// The order it is about; one review per order.
    pub order_id: OrderId,
    /// 1–5 stars.
    pub rating: Rating,
    /// 1–2,000 characters.
    pub content: String,
    /// Its photo, if any.
    pub image_url: Option<String>,
    /// When it was written.
    pub created_at: DateTime<Utc>,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn ratings_run_from_one_to_five() {
        assert!(Rating::new(0).is_err());
        assert!(Rating::new(6).is_err());
        assert_eq!(Rating::new(5).unwrap().get(), 5);
    }
}
