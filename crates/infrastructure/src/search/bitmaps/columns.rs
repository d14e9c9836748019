//! What a search tests and ranks each space by, in one column of small rows beside the
//! bitmaps, so the per-space pass reads no more than it needs.

use ourspace_domain::space::index::{RankFacts, exact_rating};
use ourspace_domain::space::{IndexedSpace, OpenPeriod};

/// A space's filter and sort facts.
#[derive(Default)]
pub(super) struct Facts {
    pub id: i64,
    pub min_guests: u16,
    pub max_guests: u16,
    pub price: i64,
    pub open: OpenPeriod,
    pub unit: (f64, f64, f64),
    pub like_count: u32,
    pub rating: f64,
    pub review_count: u32,
    pub created_at: i64,
}

impl Facts {
    pub(super) fn of(space: &IndexedSpace) -> Self {
        let s = &space.summary;
        Self {
            id: s.id.get(),
            min_guests: s.min_guests,
            max_guests: s.max_guests,
            price: s.min_price.get(),
            open: space.open_period,
            unit: space.coordinates.unit_vector(),
            like_count: s.like_count,
            rating: exact_rating(space.rating_sum, s.review_count),
            review_count: s.review_count,
            created_at: s.created_at.timestamp_micros(),
        }
    }

    /// The dot product with a center's unit vector.
    pub(super) fn dot(&self, center: (f64, f64, f64)) -> f64 {
        self.unit.0 * center.0 + self.unit.1 * center.1 + self.unit.2 * center.2
    }

    /// What the orders compare it by (the title's match is the relevance order's, which
    /// this engine splits on instead: `super::page`).
    pub(super) fn rank(&self, dot: f64) -> RankFacts {
        RankFacts {
            id: self.id,
            like_count: self.like_count,
            rating: self.rating,
            review_count: self.review_count,
            min_price: self.price,
            created_at: self.created_at,
            dot,
            title_match: false,
        }
    }
}
