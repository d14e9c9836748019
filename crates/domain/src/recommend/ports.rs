//! What recommendations need from storage: what a guest did, what a space is, and the
//! candidates a pool names with their behaviour counts (as list items, or as traits with the
//! page's list items read after).

use super::{Candidate, DistrictCentre, Interaction, SpaceTraits};
use crate::shared::{BoxError, CategoryId, DistrictId, SpaceId, UserId};
use crate::space::{Availability, SpaceSummary};
use async_trait::async_trait;

/// A guest's history (their latest choices of each kind) and every district's centre.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct UserSignals {
    /// What they booked, liked and reviewed, latest first within each kind.
    pub history: Vec<Interaction>,
    /// Every district with its centre (for the neighbourhood).
    pub districts: Vec<DistrictCentre>,
}

/// A space to find others like, and every district's centre.
#[derive(Debug, Clone, PartialEq)]
pub struct Target {
    /// The space.
    pub space: SpaceTraits,
    /// Every district with its centre (for the neighbourhood).
    pub districts: Vec<DistrictCentre>,
}

/// Which spaces to consider: the union of three bounded sources, each cut at its limit
/// before the filters that follow; never a deleted space.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Pool {
    /// Behaviour: the spaces most chosen by guests who chose these (pairs of at least
    /// [`super::MIN_CO_CHOSEN`] guests), up to `behaviour_limit`; each of those candidates'
    /// `co_chosen` sums its pairs with these (0 for a space behaviour did not add).
    pub chosen: Vec<SpaceId>,
    /// How many spaces behaviour may add.
    pub behaviour_limit: u32,
    /// Content: spaces of these categories in these districts, most liked first, up to
    /// `content_limit` (none when either list is empty).
    pub categories: Vec<CategoryId>,
    /// The districts content is taken from.
    pub districts: Vec<DistrictId>,
    /// How many spaces content may add.
    pub content_limit: u32,
    /// Also the most liked spaces of the categories in any district, and of the districts
    /// in any category, up to this many each (so a sparse catalogue still has candidates).
    pub broad_limit: u32,
    /// Popularity: the spaces most booked in the last [`super::RECENT_DAYS`] days.
    pub popular_limit: u32,
    /// Only spaces that take this many guests.
    pub guests: Option<u16>,
    /// The date (and hours) asked: each candidate is marked `taken` when not bookable
    /// then (the pool's spaces are the same with or without it).
    pub availability: Option<Availability>,
}

/// A candidate as the storage found it: its list item (with its images) and its counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Offered {
    /// The space as lists show it.
    pub summary: SpaceSummary,
    /// Guests who chose both it and one of the pool's `chosen`, summed over those; 0 when
    /// the behaviour source did not add it (beyond its limit, or no pair).
    pub co_chosen: u32,
    /// Its bookings of the last [`super::RECENT_DAYS`] days, as last counted.
    pub recent_bookings: u32,
    /// Not bookable on the pool's date (see [`super::Candidate::taken`]).
    pub taken: bool,
}

/// Reads what recommendations are made of; each method is one statement.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait RecommendationRepository: Send + Sync {
    /// The guest's latest `per_kind` bookings (that are choices, see [`super::is_choice`]),
    /// likes and reviews, with the spaces' traits, and the districts' centres.
    ///
    /// # Errors
    /// The storage failure.
    async fn signals(&self, user: UserId, per_kind: u32) -> Result<UserSignals, BoxError>;

    /// The space (unless deleted) and the districts' centres.
    ///
    /// # Errors
    /// The storage failure.
    async fn target(&self, space: SpaceId) -> Result<Option<Target>, BoxError>;

    /// The pool's candidates, each with its list item and images: one statement, so that a
    /// signed-in guest's request is three with the token's user.
    ///
    /// # Errors
    /// The storage failure.
    async fn candidates(&self, pool: &Pool) -> Result<Vec<Offered>, BoxError>;

    /// The pool's candidates with only what ranking reads (traits and counts), for a read
    /// that has a statement left to fetch its page's list items ([`Self::summaries`]):
    /// cheaper than [`Self::candidates`] by the rows of every candidate's names and images.
    ///
    /// # Errors
    /// The storage failure.
    async fn ranking_inputs(&self, pool: &Pool) -> Result<Vec<Candidate>, BoxError>;

    /// Those of `ids` (spaces a pool's sources named) that the pool's filters keep — not
    /// deleted, taking its group; marked when taken on its date — with what ranking reads, as
    /// [`Self::ranking_inputs`] but `co_chosen` 0 (the caller kept each one's): for a pool
    /// whose spaces are known, without reading its sources again.
    ///
    /// # Errors
    /// The storage failure.
    async fn ranking_inputs_among(
        &self,
        ids: &[SpaceId],
        pool: &Pool,
    ) -> Result<Vec<Candidate>, BoxError>;

    /// The list items, with their images, of those of `ids` not deleted, in any order.
    ///
    /// # Errors
    /// The storage failure.
    async fn summaries(&self, ids: &[SpaceId]) -> Result<Vec<SpaceSummary>, BoxError>;
}
