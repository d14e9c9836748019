//! Spaces for a signed-in guest: three statements with the token's read of the guest. A
//! guest whose taste the server keeps (see `recommend::kept`): the pool's ranking
//! inputs — read by the ids its sources named, once those are kept — and the page's list
//! items. Another: their history, then the pool's candidates as list items.

use super::super::kept::{Guest, Known};
use super::*;
use crate::recommend::Candidate;
use crate::space::Availability;
use chrono::{DateTime, Utc};

impl RecommendationService {
    /// Spaces for `guest`, from what they booked, liked and reviewed; with no history, what
    /// is booked most lately.
    ///
    /// # Errors
    /// [`SpaceError::InvalidParameter`] naming the parameter, or a storage failure.
    pub async fn for_user(
        &self,
        guest: Guest,
        params: RecommendParams,
    ) -> Result<Paged<Recommended>, SpaceError> {
        let query = self.query(params)?;
        let now = self.clock.now();
        let Some(known) = self.tastes.get(guest, now) else {
            return self.reading_the_history(guest, query, now).await;
        };
        let pool = pool_for(&known, query.availability);
        let found = match &known.drawn {
            Some(drawn) => self.among(drawn, &pool).await?,
            None => {
                let found = self.repo.ranking_inputs(&pool).await.map_err(unexpected)?;
                self.tastes.put(guest, &known.with_pool(&found));
                found
            }
        };
        let ranked = recommend_to(&known.taste, &found, &known.map, MAX_RECOMMENDED);
        self.read_page(ranked, query.page).await
    }

    /// The guest's history, then their pool as list items; the taste kept with the pool's
    /// spaces.
    async fn reading_the_history(
        &self,
        guest: Guest,
        query: RecommendQuery,
        now: DateTime<Utc>,
    ) -> Result<Paged<Recommended>, SpaceError> {
        let signals = self
            .repo
            .signals(guest.id, HISTORY_PER_KIND)
            .await
            .map_err(unexpected)?;
        let known = Known::of(&signals, now);
        let offered = self
            .repo
            .candidates(&pool_for(&known, query.availability))
            .await
            .map_err(unexpected)?;
        let found = candidates(&offered);
        let known = known.with_pool(&found);
        self.tastes.put(guest, &known);
        let ranked = recommend_to(&known.taste, &found, &known.map, MAX_RECOMMENDED);
        let items = offered.into_iter().map(|o| o.summary).collect();
        Ok(page(ranked, items, query.page))
    }

    /// The ranking inputs of the kept pool's spaces, each with its kept `co_chosen`.
    async fn among(
        &self,
        drawn: &[(SpaceId, u32)],
        pool: &Pool,
    ) -> Result<Vec<Candidate>, SpaceError> {
        let ids: Vec<SpaceId> = drawn.iter().map(|(id, _)| *id).collect();
        let co_chosen: HashMap<SpaceId, u32> = drawn.iter().copied().collect();
        let mut found = self
            .repo
            .ranking_inputs_among(&ids, pool)
            .await
            .map_err(unexpected)?;
        for c in &mut found {
            c.co_chosen = co_chosen.get(&c.space.id).copied().unwrap_or(0);
        }
        Ok(found)
    }
}

/// The pool a guest of `known` taste draws from: behaviour from their latest choices,
/// content from their favourite categories in their districts and next door, what is
/// popular (all there is for a guest with no taste yet), for their group.
fn pool_for(known: &Known, availability: Option<Availability>) -> Pool {
    let taste = &known.taste;
    let mut districts = taste.top_districts(TOP_DISTRICTS);
    districts.extend(known.map.around(&districts));
    Pool {
        chosen: taste
            .chosen()
            .iter()
            .take(BEHAVIOUR_FROM)
            .copied()
            .collect(),
        behaviour_limit: BEHAVIOUR_LIMIT,
        categories: taste.top_categories(TOP_CATEGORIES),
        districts,
        content_limit: CONTENT_LIMIT,
        broad_limit: BROAD_LIMIT,
        popular_limit: if taste.is_empty() {
            POPULAR_ONLY_LIMIT
        } else {
            POPULAR_LIMIT
        },
        guests: taste.group(),
        availability,
    }
}
