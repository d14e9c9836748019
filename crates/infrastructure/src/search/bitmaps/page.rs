//! A page of a bitmap search: the matching spaces ([`Bitmaps::matching`]) put in the
//! query's order. When the matches are many, by walking a kept order ([`super::orders`])
//! until the page is full, or for the distance order by visiting the grid's cells nearest
//! first ([`super::nearest`]); else by keeping the best of them in a heap.

use super::Bitmaps;
use super::search::Pass;
use crate::search::best::{Best, Hit};
use ourspace_domain::shared::{BoxError, Paged};
use ourspace_domain::space::index::shown_km;
use ourspace_domain::space::{SpaceQuery, SpaceSort, SpaceSummary};
use roaring::RoaringBitmap;
use std::cmp::Ordering;

/// How many times dearer a step of a walk (a membership test) is than a step of the heap's
/// pass.
const WALK_STEP_COST: u64 = 4;

impl Bitmaps {
    /// One page of the spaces `q` matches, in its order, with the exact total.
    pub(super) fn search(&self, q: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError> {
        let pass = Pass::of(q);
        let found = self.matching(q, &pass);
        let offset = usize::try_from(q.page.offset()).unwrap_or(usize::MAX);
        let keep = offset.saturating_add(q.page.per_page() as usize);
        // A debug build walks whenever it can, and checks the walk against the ranking.
        let slots = match self.orders.walk(q.sort) {
            Some(order) if cfg!(debug_assertions) || self.walks(&found, keep) => {
                let walked: Vec<u32> = order
                    .filter(|s| found.contains(*s))
                    .take(keep)
                    .skip(offset)
                    .collect();
                debug_assert_eq!(
                    walked,
                    self.ranked(q, &pass, &found, keep, offset),
                    "the kept order of {:?} and the ranking disagree",
                    q.sort
                );
                walked
            }
            _ => self.nearest_or_ranked(q, &pass, &found, keep, offset),
        };
        let mut items = Vec::with_capacity(slots.len());
        for slot in slots {
            let stored = self.spaces[slot as usize].as_ref().ok_or("a freed slot")?;
            let mut item: SpaceSummary = serde_json::from_slice(&stored.item)?;
            item.distance_km = pass
                .center
                .map(|c| shown_km(self.facts[slot as usize].dot(c)));
            items.push(item);
        }
        Ok(Paged::new(items, q.page, found.len()))
    }

    /// Whether walking an order until `keep` of `found` are met costs less than ranking
    /// every one of them: a walk takes about `keep × live / found` steps.
    fn walks(&self, found: &RoaringBitmap, keep: usize) -> bool {
        let (found, live) = (found.len(), self.live.len());
        let walk = (keep as u64)
            .saturating_mul(live)
            .saturating_mul(WALK_STEP_COST);
        found.saturating_mul(found) > walk
    }

    /// The nearest of `found` by rings of cells when the order is by distance and they are
    /// many (in a debug build whenever it can, checked against the ranking); else ranked.
    fn nearest_or_ranked(
        &self,
        q: &SpaceQuery,
        pass: &Pass,
        found: &RoaringBitmap,
        keep: usize,
        offset: usize,
    ) -> Vec<u32> {
        let near = q.near.filter(|_| q.sort == SpaceSort::Distance);
        let nearest = near
            .filter(|_| cfg!(debug_assertions) || self.walks(found, keep))
            .and_then(|n| self.nearest(n.center, found, keep, offset));
        match nearest {
            Some(nearest) => {
                debug_assert_eq!(
                    nearest,
                    self.ranked(q, pass, found, keep, offset),
                    "the rings and the ranking disagree"
                );
                nearest
            }
            None => self.ranked(q, pass, found, keep, offset),
        }
    }

    /// The best `keep` of `found` in the query's order, from `offset` on, by one pass.
    fn ranked(
        &self,
        q: &SpaceQuery,
        pass: &Pass,
        found: &RoaringBitmap,
        keep: usize,
        offset: usize,
    ) -> Vec<u32> {
        let mut best: Best<u32> = Best::new(keep, q.sort);
        let by_title = q.sort == SpaceSort::Relevance && !pass.words.is_empty();
        for slot in found {
            let f = &self.facts[slot as usize];
            let dot = pass.center.map_or(0.0, |c| f.dot(c));
            // The title is the text's first line.
            let title_match = by_title
                && self.spaces[slot as usize].as_ref().is_some_and(|s| {
                    s.text
                        .split('\n')
                        .next()
                        .is_some_and(|t| pass.holds_words(t))
                });
            let facts = f.rank(dot, title_match);
            if best
                .worst_when_full()
                .is_some_and(|worst| q.sort.leading(&facts, worst) == Ordering::Greater)
            {
                continue;
            }
            best.offer(Hit { facts, at: slot });
        }
        best.into_sorted()
            .into_iter()
            .skip(offset)
            .map(|h| h.at)
            .collect()
    }
}
