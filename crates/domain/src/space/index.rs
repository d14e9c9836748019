//! The search index's rules and port: what the index keeps of a space, which spaces a
//! query matches, and in which order they come.
//!
//! A search index (an adapter: `ourspace_infrastructure::search`) is a read model each
//! server keeps of every live space, fed by the change feed. It answers every public search
//! ([`SpaceQuery`] without a host or a liker) on one path. The rules here are what it must
//! answer: [`IndexedSpace::matches`] and [`SpaceSort::compare`]; an engine may narrow with
//! its own structures, but the answer is the one these rules give.

use super::ports::{Availability, SpaceQuery, SpaceSort};
use super::view::SpaceSummary;
use crate::shared::{BoxError, Coordinates, FacilityId, HourRange, Paged};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use std::cmp::Ordering;
use std::collections::BTreeMap;

use super::calendar::HourMask;
use super::model::OpenPeriod;

/// What a search on one date needs of a space's calendar row for it: the hours held and
/// whether nothing is left to book (as the row's writer judged it from the packages).
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayState {
    /// Held by paid orders.
    pub confirmed: HourMask,
    /// Held by waiting orders, while `waiting_until` lasts.
    pub waiting: HourMask,
    /// The latest deadline among the waiting holds.
    pub waiting_until: Option<DateTime<Utc>>,
    /// Nothing left to book with the confirmed hours taken.
    pub closed_confirmed: bool,
    /// Nothing left to book with the waiting hours taken too.
    pub closed_any: bool,
}

impl DayState {
    /// Whether a search on this date hides the space at `now`: with `hours`, one of them
    /// held; without, nothing left to book. A waiting hold counts while the row's latest
    /// deadline lasts (the same rule as [`super::calendar::DayHolds::hides`]).
    #[must_use]
    pub fn hides(&self, hours: Option<HourRange>, now: DateTime<Utc>) -> bool {
        let lasting = self.waiting_until.is_some_and(|u| u > now);
        match hours {
            Some(range) => {
                let asked = HourMask::of_range(range);
                asked.overlaps(self.confirmed) || (lasting && asked.overlaps(self.waiting))
            }
            None => self.closed_confirmed || (lasting && self.closed_any),
        }
    }
}

/// Everything a search asks of one live space.
#[derive(Debug, Clone, PartialEq)]
pub struct IndexedSpace {
    /// What a list shows (without a distance).
    pub summary: SpaceSummary,
    /// The lower-cased title, subtitle, description, address, category and district names,
    /// one line each (what a keyword is matched in).
    pub search_text: String,
    /// The sum of its ratings (the rating order uses the exact average).
    pub rating_sum: i64,
    /// Its amenities.
    pub facilities: Vec<FacilityId>,
    /// Where it is.
    pub coordinates: Coordinates,
    /// The dates it may be booked on.
    pub open_period: OpenPeriod,
    /// Its calendar rows from today on: dates with hours held.
    pub days: BTreeMap<NaiveDate, DayState>,
}

/// The words of a keyword: lower-cased, split at white space, each once. A space matches
/// when its text holds every word, in any order.
#[must_use]
pub fn keyword_words(keyword: &str) -> Vec<String> {
    let mut words: Vec<String> = Vec::new();
    for word in keyword.to_lowercase().split_whitespace() {
        if !words.iter().any(|w| w == word) {
            words.push(word.to_owned());
        }
    }
    words
}

/// Whether `text` (lower-cased) holds every word.
#[must_use]
pub fn holds_words(text: &str, words: &[String]) -> bool {
    words.iter().all(|w| text.contains(w.as_str()))
}

impl IndexedSpace {
    /// Whether the space is bookable as `a` asks: open on the date, and its row of the
    /// date (if any) does not hide it.
    #[must_use]
    pub fn bookable(&self, a: &Availability) -> bool {
        self.open_period.contains(a.date)
            && !self
                .days
                .get(&a.date)
                .is_some_and(|day| day.hides(a.hours, a.now))
    }

    /// The dot product of the space's unit vector with `center`'s (greater is nearer).
    #[must_use]
    pub fn dot(&self, center: Coordinates) -> f64 {
        dot(self.coordinates, center)
    }

    /// Whether the space is one `query`'s public search finds. The host and liker
    /// restrictions are not the index's (their lists are read from storage).
    #[must_use]
    pub fn matches(&self, query: &SpaceQuery) -> bool {
        let s = &self.summary;
        any_of(&query.categories, s.category.id)
            && any_of(&query.districts, s.district.id)
            && query
                .keyword
                .as_deref()
                .is_none_or(|k| holds_words(&self.search_text, &keyword_words(k)))
            && query
                .guests
                .is_none_or(|g| s.min_guests <= g && g <= s.max_guests)
            && query.facilities.iter().all(|f| self.facilities.contains(f))
            && query.min_price.is_none_or(|p| s.min_price >= p)
            && query.max_price.is_none_or(|p| s.min_price <= p)
            && query.availability.as_ref().is_none_or(|a| self.bookable(a))
            && query.near.is_none_or(|near| {
                near.radius_km
                    .is_none_or(|r| self.dot(near.center) >= Coordinates::min_dot_within(r))
            })
    }

    /// What the space is ranked by for `query`.
    #[must_use]
    pub fn rank_facts(&self, query: &SpaceQuery) -> RankFacts {
        let s = &self.summary;
        RankFacts {
            id: s.id.get(),
            like_count: s.like_count,
            rating: exact_rating(self.rating_sum, s.review_count),
            review_count: s.review_count,
            min_price: s.min_price.get(),
            created_at: s.created_at.timestamp_micros(),
            dot: query.near.map_or(0.0, |n| self.dot(n.center)),
            title_match: query
                .keyword
                .as_deref()
                .is_some_and(|k| holds_words(&s.title.to_lowercase(), &keyword_words(k))),
        }
    }
}

/// Whether `id` is one of `ids`, or `ids` asks for none in particular.
fn any_of<I: PartialEq>(ids: &[I], id: I) -> bool {
    ids.is_empty() || ids.contains(&id)
}

/// The dot product of two points' unit vectors: `cos` of the angle between them.
#[must_use]
pub fn dot(a: Coordinates, b: Coordinates) -> f64 {
    let (x, y, z) = a.unit_vector();
    let (cx, cy, cz) = b.unit_vector();
    x * cx + y * cy + z * cz
}

/// The average rating the rating order compares: exact, 0 before the first review.
#[must_use]
pub fn exact_rating(rating_sum: i64, review_count: u32) -> f64 {
    if review_count == 0 {
        0.0
    } else {
        rating_sum as f64 / f64::from(review_count)
    }
}

/// The distance a list shows for a dot product: kilometres, to two decimals.
#[must_use]
pub fn shown_km(dot: f64) -> f64 {
    (Coordinates::km_from_dot(dot) * 100.0).round() / 100.0
}

/// What an order of spaces compares.
#[derive(Debug, Clone, Copy, PartialEq, Default)]
pub struct RankFacts {
    /// The space's id: the last key of every order.
    pub id: i64,
    /// Its likes.
    pub like_count: u32,
    /// Its exact average rating ([`exact_rating`]).
    pub rating: f64,
    /// Its reviews.
    pub review_count: u32,
    /// Its lowest price.
    pub min_price: i64,
    /// When it was registered, in microseconds.
    pub created_at: i64,
    /// The dot product with the search's center (0 without one).
    pub dot: f64,
    /// Its title holds every word of the keyword.
    pub title_match: bool,
}

impl SpaceSort {
    /// The order of two spaces in a list sorted so: [`Ordering::Less`] when `a` comes
    /// first. Every order ends with the id, so no two spaces compare equal.
    #[must_use]
    pub fn compare(self, a: &RankFacts, b: &RankFacts) -> Ordering {
        let popular = || {
            b.like_count
                .cmp(&a.like_count)
                .then(b.rating.total_cmp(&a.rating))
        };
        let leading = match self {
            SpaceSort::Popular => popular(),
            SpaceSort::PriceAsc => a.min_price.cmp(&b.min_price).then(a.id.cmp(&b.id)),
            SpaceSort::PriceDesc => b.min_price.cmp(&a.min_price),
            SpaceSort::Rating => b
                .rating
                .total_cmp(&a.rating)
                .then(b.review_count.cmp(&a.review_count)),
            SpaceSort::Newest => b.created_at.cmp(&a.created_at),
            SpaceSort::Distance => b.dot.total_cmp(&a.dot).then(a.id.cmp(&b.id)),
            SpaceSort::Relevance => b.title_match.cmp(&a.title_match).then_with(popular),
        };
        leading.then(b.id.cmp(&a.id))
    }
}

impl SpaceSort {
    /// The order's first key alone: when `a` compares [`Ordering::Greater`] here it comes
    /// after `b` whatever their other keys (an engine may skip reading them).
    #[must_use]
    pub fn leading(self, a: &RankFacts, b: &RankFacts) -> Ordering {
        match self {
            SpaceSort::Popular => b.like_count.cmp(&a.like_count),
            SpaceSort::PriceAsc => a.min_price.cmp(&b.min_price),
            SpaceSort::PriceDesc => b.min_price.cmp(&a.min_price),
            SpaceSort::Rating => b.rating.total_cmp(&a.rating),
            SpaceSort::Newest => b.created_at.cmp(&a.created_at),
            SpaceSort::Distance => b.dot.total_cmp(&a.dot),
            SpaceSort::Relevance => b.title_match.cmp(&a.title_match),
        }
    }
}

/// Answers public searches from a read model of every live space.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SpaceIndex: Send + Sync {
    /// One page of the spaces `query` matches ([`IndexedSpace::matches`]) in its order
    /// ([`SpaceSort::compare`]), with the exact total; each item carries its distance when
    /// the query has a center.
    ///
    /// # Errors
    /// The index cannot be read.
    async fn search(&self, query: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError>;
}

#[cfg(test)]
#[path = "index_tests.rs"]
mod tests;
