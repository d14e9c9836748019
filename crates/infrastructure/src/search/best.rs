//! The best hits of a search: a heap, bounded by how many a page needs, whose top is the
//! hit ranked last in the order's terms ([`SpaceSort::compare`], the domain's rule).

use ourspace_domain::space::SpaceSort;
use ourspace_domain::space::index::RankFacts;
use std::cmp::Ordering;
use std::collections::BinaryHeap;
use tantivy::DocAddress;

/// A match and what it is ranked by.
#[derive(Debug, Clone, Copy)]
pub(super) struct Hit {
    pub facts: RankFacts,
    pub address: DocAddress,
}

/// A hit in a heap whose greatest element is the one ranked last.
struct Ranked {
    hit: Hit,
    sort: SpaceSort,
}

impl PartialEq for Ranked {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl Eq for Ranked {}
impl PartialOrd for Ranked {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl Ord for Ranked {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort.compare(&self.hit.facts, &other.hit.facts)
    }
}

/// The best `keep` hits, in order.
pub(super) struct Best {
    heap: BinaryHeap<Ranked>,
    keep: usize,
    sort: SpaceSort,
}

impl Best {
    pub(super) fn new(keep: usize, sort: SpaceSort) -> Self {
        Self {
            heap: BinaryHeap::with_capacity(keep.min(1024) + 1),
            keep,
            sort,
        }
    }

    pub(super) fn offer(&mut self, hit: Hit) {
        let ranked = Ranked {
            hit,
            sort: self.sort,
        };
        if self.heap.len() < self.keep {
            self.heap.push(ranked);
        } else if self.heap.peek().is_some_and(|worst| ranked < *worst) {
            self.heap.pop();
            self.heap.push(ranked);
        }
    }

    /// The hit ranked last, once as many as kept are held.
    pub(super) fn worst_when_full(&self) -> Option<&RankFacts> {
        (self.heap.len() >= self.keep).then(|| self.heap.peek().map(|r| &r.hit.facts))?
    }

    pub(super) fn into_sorted(self) -> Vec<Hit> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|r| r.hit)
            .collect()
    }
}
