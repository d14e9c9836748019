//! The live slots kept sorted in each order that does not depend on the search (popular,
//! price, rating, newest), so a search whose candidates are many walks an order and stops
//! once it has its page, instead of ranking every candidate.

use super::columns::Facts;
use ourspace_domain::space::SpaceSort;
use roaring::RoaringBitmap;
use std::cmp::Ordering;

/// The orders kept; price, highest first, is the lowest-first order walked backwards.
const KEPT: [SpaceSort; 4] = [
    SpaceSort::Popular,
    SpaceSort::PriceAsc,
    SpaceSort::Rating,
    SpaceSort::Newest,
];

/// Each kept order's slots; empty until [`Orders::rebuild`] (while the index is built).
#[derive(Default)]
pub(super) struct Orders {
    sorted: [Vec<u32>; 4],
    ready: bool,
}

fn compare(sort: SpaceSort, facts: &[Facts], a: u32, b: u32) -> Ordering {
    let (a, b) = (&facts[a as usize], &facts[b as usize]);
    sort.compare(&a.rank(0.0), &b.rank(0.0))
}

/// Which kept order `sort` is, and whether it is walked backwards.
fn kept(sort: SpaceSort) -> Option<(usize, bool)> {
    match sort {
        SpaceSort::PriceDesc => Some((1, true)),
        _ => KEPT.iter().position(|k| *k == sort).map(|i| (i, false)),
    }
}

impl Orders {
    /// Sorts the `live` slots in every kept order.
    pub(super) fn rebuild(&mut self, facts: &[Facts], live: &RoaringBitmap) {
        for (sorted, sort) in self.sorted.iter_mut().zip(KEPT) {
            *sorted = live.iter().collect();
            sorted.sort_unstable_by(|a, b| compare(sort, facts, *a, *b));
        }
        self.ready = true;
    }

    /// Takes `slot` out of every order, while `facts` still holds what it was sorted by.
    pub(super) fn remove(&mut self, slot: u32, facts: &[Facts]) {
        if !self.ready {
            return;
        }
        for (sorted, sort) in self.sorted.iter_mut().zip(KEPT) {
            if let Ok(at) = sorted.binary_search_by(|s| compare(sort, facts, *s, slot)) {
                sorted.remove(at);
            }
        }
    }

    /// Puts `slot` into every order by its facts in `facts`.
    pub(super) fn insert(&mut self, slot: u32, facts: &[Facts]) {
        if !self.ready {
            return;
        }
        for (sorted, sort) in self.sorted.iter_mut().zip(KEPT) {
            if let Err(at) = sorted.binary_search_by(|s| compare(sort, facts, *s, slot)) {
                sorted.insert(at, slot);
            }
        }
    }

    /// Every live slot in `sort`'s order, when that order is kept.
    pub(super) fn walk(&self, sort: SpaceSort) -> Option<Box<dyn Iterator<Item = u32> + '_>> {
        let (at, backwards) = kept(sort).filter(|_| self.ready)?;
        let slots = self.sorted[at].iter().copied();
        Some(if backwards {
            Box::new(slots.rev())
        } else {
            Box::new(slots)
        })
    }
}

/// Whether two facts sort alike in every kept order.
pub(super) fn same_place(a: &Facts, b: &Facts) -> bool {
    a.id == b.id
        && a.like_count == b.like_count
        && a.rating.total_cmp(&b.rating).is_eq()
        && a.review_count == b.review_count
        && a.price == b.price
        && a.created_at == b.created_at
}
