//! The best hits of a search: a heap, bounded by how many a page needs, whose top is the
//! hit ranked last in the order's terms ([`SpaceSort::compare`], the domain's rule).

use ourspace_domain::space::SpaceSort;
use ourspace_domain::space::index::RankFacts;
use std::cmp::Ordering;
use std::collections::BinaryHeap;

/// A match, where to find it (`at`), and what it is ranked by.
#[derive(Debug, Clone, Copy)]
pub struct Hit<T> {
    pub facts: RankFacts,
    pub at: T,
}

/// A hit in a heap whose greatest element is the one ranked last.
struct Ranked<T> {
    hit: Hit<T>,
    sort: SpaceSort,
}

impl<T> PartialEq for Ranked<T> {
    fn eq(&self, other: &Self) -> bool {
        self.cmp(other) == Ordering::Equal
    }
}
impl<T> Eq for Ranked<T> {}
impl<T> PartialOrd for Ranked<T> {
    fn partial_cmp(&self, other: &Self) -> Option<Ordering> {
        Some(self.cmp(other))
    }
}
impl<T> Ord for Ranked<T> {
    fn cmp(&self, other: &Self) -> Ordering {
        self.sort.compare(&self.hit.facts, &other.hit.facts)
    }
}

/// The best `keep` hits, in order.
pub struct Best<T> {
    heap: BinaryHeap<Ranked<T>>,
    keep: usize,
    sort: SpaceSort,
}

impl<T> Best<T> {
    #[must_use]
    pub fn new(keep: usize, sort: SpaceSort) -> Self {
        Self {
            heap: BinaryHeap::with_capacity(keep.min(1024) + 1),
            keep,
            sort,
        }
    }

    /// Keeps `hit` if it ranks among the best `keep` offered so far.
    pub fn offer(&mut self, hit: Hit<T>) {
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
    #[must_use]
    pub fn worst_when_full(&self) -> Option<&RankFacts> {
        (self.heap.len() >= self.keep).then(|| self.heap.peek().map(|r| &r.hit.facts))?
    }

    /// The hits kept, best first.
    #[must_use]
    pub fn into_sorted(self) -> Vec<Hit<T>> {
        self.heap
            .into_sorted_vec()
            .into_iter()
            .map(|r| r.hit)
            .collect()
    }
}
