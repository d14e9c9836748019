//! Recommendation use cases: spaces for a guest and spaces like a given one, ranked by the
//! rules of this module, each in three statements with the token's user. A guest whose
//! taste the server keeps (at their row's taste version, see `recommend::kept`) costs the
//! pool's ranking inputs and the page's list items; one whose taste it does not, their
//! history and the pool's candidates as list items. A space's: the space, the candidates'
//! ranking inputs, the page's list items.

use super::kept::{DEFAULT_KEPT_TASTES, KeptTastes};
use super::ports::{Offered, Pool, RecommendationRepository};
use super::{Candidate, Neighbourhood, Reason, Recommendation, SpaceTraits, recommend_to, similar};
use super::{RecommendParams, RecommendQuery};
use crate::shared::{BookingHorizon, Clock, Page, Paged, SpaceId};
use crate::space::{SpaceError, SpaceSummary};
use std::collections::HashMap;
use std::sync::Arc;

/// The largest page of recommendations.
pub const MAX_PER_PAGE: u32 = 20;
/// The most recommendations ranked for one request (the pages together).
pub const MAX_RECOMMENDED: usize = 100;
/// How many of each kind of a guest's latest choices are read.
const HISTORY_PER_KIND: u32 = 100;
/// How many categories and districts of a guest's taste the pool takes content from.
const TOP_CATEGORIES: usize = 3;
const TOP_DISTRICTS: usize = 3;
/// How many of a guest's choices (the latest first) the behaviour source starts from.
const BEHAVIOUR_FROM: usize = 20;
/// How many spaces each source adds to the pool at most (measured in docs/performance.md:
/// a larger pool finds no more of the spaces guests go on to book, and costs more).
const BEHAVIOUR_LIMIT: u32 = 60;
const CONTENT_LIMIT: u32 = 60;
const BROAD_LIMIT: u32 = 20;
/// What is popular, for a guest with a taste (a tie-breaker there) and without one (then
/// all there is to rank, enough for every page).
const POPULAR_LIMIT: u32 = 10;
const POPULAR_ONLY_LIMIT: u32 = MAX_RECOMMENDED as u32;

/// A recommended space and why, the strongest reason first.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommended {
    /// The space as lists show it.
    pub summary: SpaceSummary,
    /// Why it is recommended.
    pub reasons: Vec<Reason>,
}

/// Recommends spaces.
#[derive(Clone)]
pub struct RecommendationService {
    repo: Arc<dyn RecommendationRepository>,
    clock: Arc<dyn Clock>,
    horizon: BookingHorizon,
    tastes: Arc<KeptTastes>,
}

impl RecommendationService {
    /// A service over `repo`, with dates checked against `clock`, keeping up to
    /// [`DEFAULT_KEPT_TASTES`] guests' tastes.
    #[must_use]
    pub fn new(repo: Arc<dyn RecommendationRepository>, clock: Arc<dyn Clock>) -> Self {
        Self {
            repo,
            clock,
            horizon: BookingHorizon::default(),
            tastes: Arc::new(KeptTastes::new(DEFAULT_KEPT_TASTES)),
        }
    }

    /// The same service with dates allowed up to `horizon` ahead.
    #[must_use]
    pub fn with_booking_horizon(self, horizon: BookingHorizon) -> Self {
        Self { horizon, ..self }
    }

    /// The same service keeping up to `entries` guests' tastes (none for 0).
    #[must_use]
    pub fn with_kept_tastes(self, entries: usize) -> Self {
        Self {
            tastes: Arc::new(KeptTastes::new(entries)),
            ..self
        }
    }

    fn query(&self, params: RecommendParams) -> Result<RecommendQuery, SpaceError> {
        Ok(params.parse(self.clock.today(), self.clock.now(), self.horizon)?)
    }

    /// Spaces like `space` (never itself): what guests who chose it also chose, then the
    /// same category nearby at a similar price and size.
    ///
    /// # Errors
    /// [`SpaceError::NotFound`] for an unknown or deleted space,
    /// [`SpaceError::InvalidParameter`] naming the parameter, or a storage failure.
    pub async fn similar_to(
        &self,
        space: SpaceId,
        params: RecommendParams,
    ) -> Result<Paged<Recommended>, SpaceError> {
        let query = self.query(params)?;
        let target = self
            .repo
            .target(space)
            .await
            .map_err(unexpected)?
            .ok_or(SpaceError::NotFound)?;
        let map = Neighbourhood::of_centres(&target.districts);
        let mut districts = vec![target.space.district];
        districts.extend(map.around(&districts));
        let pool = Pool {
            chosen: vec![space],
            behaviour_limit: BEHAVIOUR_LIMIT,
            categories: vec![target.space.category],
            districts,
            content_limit: CONTENT_LIMIT,
            broad_limit: BROAD_LIMIT,
            popular_limit: 0,
            guests: None,
            availability: query.availability,
        };
        // The target's read leaves two statements: the ranking's inputs, then the page's
        // list items (a signed-in guest's request spends one on the token's user).
        let found = self.repo.ranking_inputs(&pool).await.map_err(unexpected)?;
        let ranked = similar(&target.space, &found, &map, MAX_RECOMMENDED);
        self.read_page(ranked, query.page).await
    }

    /// The page's slice of `ranked`, its list items read by the page's ids alone.
    async fn read_page(
        &self,
        ranked: Vec<Recommendation>,
        at: Page,
    ) -> Result<Paged<Recommended>, SpaceError> {
        let shown: Vec<SpaceId> = on_page(&ranked, at).map(|r| r.space).collect();
        let items = if shown.is_empty() {
            Vec::new()
        } else {
            self.repo.summaries(&shown).await.map_err(unexpected)?
        };
        Ok(page(ranked, items, at))
    }
}

/// What the rules see of the offered spaces.
fn candidates(offered: &[Offered]) -> Vec<Candidate> {
    offered
        .iter()
        .map(|o| Candidate {
            space: SpaceTraits::from(&o.summary),
            co_chosen: o.co_chosen,
            recent_bookings: o.recent_bookings,
            taken: o.taken,
        })
        .collect()
}

/// The recommendations of `page`, in rank order.
fn on_page(ranked: &[Recommendation], page: Page) -> impl Iterator<Item = &Recommendation> {
    ranked
        .iter()
        .skip(usize::try_from(page.offset()).unwrap_or(usize::MAX))
        .take(page.per_page() as usize)
}

/// The page's slice of `ranked`, as list items (from `items`, which holds at least the
/// page's; one gone since it was ranked is left out) with their reasons, in rank order.
fn page(ranked: Vec<Recommendation>, items: Vec<SpaceSummary>, page: Page) -> Paged<Recommended> {
    let total = ranked.len() as u64;
    let mut by_id: HashMap<SpaceId, SpaceSummary> = items.into_iter().map(|s| (s.id, s)).collect();
    let items = on_page(&ranked, page)
        .filter_map(|r| {
            let summary = by_id.remove(&r.space)?;
            Some(Recommended {
                summary,
                reasons: r.reasons.clone(),
            })
        })
        .collect();
    Paged::new(items, page, total)
}

fn unexpected(e: crate::shared::BoxError) -> SpaceError {
    SpaceError::Unexpected(e)
}

#[path = "service_guest.rs"]
mod guest;
#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
