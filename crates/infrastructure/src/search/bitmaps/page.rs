//! A page of a bitmap search: the matching spaces ([`Bitmaps::matching`]) put in the
//! query's order. When the matches are many, by walking a kept order ([`super::orders`])
//! until the page is full, or for the distance order by visiting the grid's cells nearest
//! first ([`super::nearest`]); else by keeping the best of them in a heap. The relevance
//! order is the popular order of the matches whose title holds every word, then of the
//! rest.

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
        let best = if q.sort == SpaceSort::Relevance && !pass.words.is_empty() {
            let titled = &found & self.titled(&pass);
            let mut best = self.best_of(SpaceSort::Popular, &pass, &titled, keep);
            let rest = keep - best.len();
            if rest > 0 {
                best.extend(self.best_of(
                    SpaceSort::Popular,
                    &pass,
                    &(found.clone() - titled),
                    rest,
                ));
            }
            best
        } else {
            self.best_of(q.sort, &pass, &found, keep)
        };
        let mut items = Vec::with_capacity(best.len().saturating_sub(offset));
        for slot in best.into_iter().skip(offset) {
            let stored = self.spaces[slot as usize].as_ref().ok_or("a freed slot")?;
            let f = &self.facts[slot as usize];
            let mut item = stored.shown.summary(f)?;
            item.distance_km = pass.center.map(|c| shown_km(f.dot(c)));
            items.push(item);
        }
        Ok(Paged::new(items, q.page, found.len()))
    }

    /// The best `keep` of `found` in `sort`'s order, best first. A debug build walks
    /// whenever it can, and checks the walk against the heap.
    fn best_of(
        &self,
        sort: SpaceSort,
        pass: &Pass,
        found: &RoaringBitmap,
        keep: usize,
    ) -> Vec<u32> {
        let walks = cfg!(debug_assertions) || self.walks(found, keep);
        let walked = if !walks {
            None
        } else if let Some(order) = self.orders.walk(sort) {
            Some(order.filter(|s| found.contains(*s)).take(keep).collect())
        } else if let Some(center) = pass.origin.filter(|_| sort == SpaceSort::Distance) {
            self.nearest(center, found, keep)
        } else {
            None
        };
        match walked {
            Some(walked) => {
                debug_assert_eq!(
                    walked,
                    self.ranked(sort, pass, found, keep),
                    "walking {sort:?} and ranking disagree"
                );
                walked
            }
            None => self.ranked(sort, pass, found, keep),
        }
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

    /// The best `keep` of `found` in `sort`'s order (not relevance), by one pass.
    fn ranked(&self, sort: SpaceSort, pass: &Pass, found: &RoaringBitmap, keep: usize) -> Vec<u32> {
        let mut best: Best<u32> = Best::new(keep, sort);
        for slot in found {
            let f = &self.facts[slot as usize];
            let facts = f.rank(pass.center.map_or(0.0, |c| f.dot(c)));
            if best
                .worst_when_full()
                .is_some_and(|worst| sort.leading(&facts, worst) == Ordering::Greater)
            {
                continue;
            }
            best.offer(Hit { facts, at: slot });
        }
        best.into_sorted().into_iter().map(|h| h.at).collect()
    }
}
