//! The collector of a search: it decides what the query could not (a date's calendar rows,
//! the exact great circle), counts every match, and keeps the best `offset + per_page` in
//! the order's terms ([`SpaceSort::compare`], the domain's rule) from the fast fields.

use super::hidden;
use super::schema::{day_number, fast};
use crate::search::best;
use ourspace_domain::shared::Coordinates;
use ourspace_domain::space::index::RankFacts;
use ourspace_domain::space::{Availability, SpaceQuery, SpaceSort};
use std::cmp::Ordering;
use std::sync::{Arc, Mutex, PoisonError};
use tantivy::collector::{Collector, SegmentCollector};
use tantivy::columnar::ColumnValues;
use tantivy::query::Weight;
use tantivy::{BitSet, DocAddress, DocId, Score, SegmentOrdinal, SegmentReader};

type Hit = best::Hit<DocAddress>;
type Best = best::Best<DocAddress>;

/// The best hits a segment left, if any.
fn take(carried: &Mutex<Option<Best>>) -> Option<Best> {
    carried
        .lock()
        .unwrap_or_else(PoisonError::into_inner)
        .take()
}

/// What a search collects: the matches' count and its best hits.
pub(super) struct Search {
    pub sort: SpaceSort,
    pub keep: usize,
    pub availability: Option<Availability>,
    /// The center's unit vector, and the least dot product within the radius.
    pub center: Option<((f64, f64, f64), Option<f64>)>,
}

impl Search {
    pub(super) fn of(query: &SpaceQuery, keep: usize) -> Self {
        Self {
            sort: query.sort,
            keep,
            availability: query.availability,
            center: query.near.map(|n| {
                (
                    n.center.unit_vector(),
                    n.radius_km.map(Coordinates::min_dot_within),
                )
            }),
        }
    }
}

type Values<T> = Arc<dyn ColumnValues<T>>;

/// The columns one segment's hits are read from.
pub(super) struct SegmentSearch {
    segment: SegmentOrdinal,
    search: Arc<SearchShared>,
    id: Values<u64>,
    likes: Values<u64>,
    rating: Values<f64>,
    reviews: Values<u64>,
    price: Values<i64>,
    created: Values<i64>,
    geo: [Values<f64>; 3],
    calendar: hidden::Calendar,
    /// The spaces of this segment the asked date's rows hide.
    hidden: Option<BitSet>,
    count: u64,
    best: Best,
    /// Where the best hits go after this segment, for the next one to carry on from.
    carried: Arc<Mutex<Option<Best>>>,
}

/// How much of a match's sort keys to read.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
enum Read {
    Leading,
    All,
}

/// A search's settings shared by its segments.
struct SearchShared {
    sort: SpaceSort,
    availability: Option<(u64, Availability)>,
    center: Option<((f64, f64, f64), Option<f64>)>,
}

/// The collector: the search, how many to keep, and the query of the spaces with a row
/// on the asked date (the only ones it can hide).
///
/// The segments are read one after another, and each carries on with the best hits of
/// those before it: one heap for the whole search, and a match that cannot enter it is
/// told from its leading key in every segment after the first to fill it.
pub(super) struct SearchCollector {
    shared: Arc<SearchShared>,
    keep: usize,
    busy: Option<Box<dyn Weight>>,
    carried: Arc<Mutex<Option<Best>>>,
}

impl SearchCollector {
    pub(super) fn new(s: Search, busy: Option<Box<dyn Weight>>) -> Self {
        let availability = s.availability.map(|a| (day_number(a.date), a));
        Self {
            shared: Arc::new(SearchShared {
                sort: s.sort,
                availability,
                center: s.center,
            }),
            keep: s.keep,
            busy,
            carried: Arc::new(Mutex::new(None)),
        }
    }
}

impl Collector for SearchCollector {
    type Fruit = (u64, Vec<Hit>);
    type Child = SegmentSearch;

    fn for_segment(
        &self,
        segment: SegmentOrdinal,
        reader: &SegmentReader,
    ) -> tantivy::Result<SegmentSearch> {
        let ff = reader.fast_fields();
        let geo = |i: usize| {
            Ok::<_, tantivy::TantivyError>(ff.f64(fast::GEO[i])?.first_or_default_col(0.0))
        };
        let mut search = SegmentSearch {
            segment,
            search: self.shared.clone(),
            id: ff.u64(fast::ID)?.first_or_default_col(0),
            likes: ff.u64(fast::LIKES)?.first_or_default_col(0),
            rating: ff.f64(fast::RATING)?.first_or_default_col(0.0),
            reviews: ff.u64(fast::REVIEWS)?.first_or_default_col(0),
            price: ff.i64(fast::PRICE)?.first_or_default_col(0),
            created: ff.i64(fast::CREATED)?.first_or_default_col(0),
            geo: [geo(0)?, geo(1)?, geo(2)?],
            calendar: [
                ff.u64(fast::HELD_CONFIRMED)?,
                ff.u64(fast::HELD_WAITING)?,
                ff.u64(fast::DAY_STATE)?,
            ],
            hidden: None,
            count: 0,
            best: take(&self.carried).unwrap_or_else(|| Best::new(self.keep, self.shared.sort)),
            carried: self.carried.clone(),
        };
        if let (Some(busy), Some((day, a))) = (&self.busy, &self.shared.availability) {
            search.hidden = Some(hidden::hidden_in(
                &search.calendar,
                reader,
                busy.as_ref(),
                *day,
                a,
            )?);
        }
        Ok(search)
    }

    fn requires_scoring(&self) -> bool {
        self.shared.sort == SpaceSort::Relevance
    }

    fn merge_fruits(&self, fruits: Vec<(u64, Vec<Hit>)>) -> tantivy::Result<(u64, Vec<Hit>)> {
        let mut best =
            take(&self.carried).unwrap_or_else(|| Best::new(self.keep, self.shared.sort));
        let mut count = 0;
        for (n, hits) in fruits {
            count += n;
            hits.into_iter().for_each(|h| best.offer(h));
        }
        Ok((count, best.into_sorted()))
    }
}

impl SegmentSearch {
    fn dot(&self, doc: DocId, (cx, cy, cz): (f64, f64, f64)) -> f64 {
        self.geo[0].get_val(doc) * cx
            + self.geo[1].get_val(doc) * cy
            + self.geo[2].get_val(doc) * cz
    }

    /// What the order compares, read only as far as the order needs it: its first key, or
    /// all of them.
    fn facts(&self, doc: DocId, score: Score, dot: f64, read: Read) -> RankFacts {
        let mut f = RankFacts {
            dot,
            title_match: score > 0.5,
            ..RankFacts::default()
        };
        let all = read == Read::All;
        let count = |v: u64| u32::try_from(v).unwrap_or(u32::MAX);
        if all {
            f.id = self.id.get_val(doc).cast_signed();
        }
        match self.search.sort {
            SpaceSort::Popular => {
                f.like_count = count(self.likes.get_val(doc));
                if all {
                    f.rating = self.rating.get_val(doc);
                }
            }
            SpaceSort::Relevance if all => {
                f.like_count = count(self.likes.get_val(doc));
                f.rating = self.rating.get_val(doc);
            }
            SpaceSort::Relevance => {}
            SpaceSort::Rating => {
                f.rating = self.rating.get_val(doc);
                if all {
                    f.review_count = count(self.reviews.get_val(doc));
                }
            }
            SpaceSort::PriceAsc | SpaceSort::PriceDesc => f.min_price = self.price.get_val(doc),
            SpaceSort::Newest => f.created_at = self.created.get_val(doc),
            SpaceSort::Distance => {}
        }
        f
    }
}

impl SegmentCollector for SegmentSearch {
    type Fruit = (u64, Vec<Hit>);

    fn collect(&mut self, doc: DocId, score: Score) {
        if self.hidden.as_ref().is_some_and(|h| h.contains(doc)) {
            return;
        }
        let dot = match self.search.center {
            Some((center, min_dot)) => {
                let dot = self.dot(doc, center);
                if min_dot.is_some_and(|min| dot < min) {
                    return;
                }
                dot
            }
            None => 0.0,
        };
        self.count += 1;
        // Once the heap is full, most matches rank after its last by their first key alone.
        let sort = self.search.sort;
        if let Some(worst) = self.best.worst_when_full() {
            let lead = self.facts(doc, score, dot, Read::Leading);
            if sort.leading(&lead, worst) == Ordering::Greater {
                return;
            }
        }
        let facts = self.facts(doc, score, dot, Read::All);
        let address = DocAddress::new(self.segment, doc);
        self.best.offer(Hit { facts, at: address });
    }

    /// The count, with the best hits left for the next segment (or for the merge).
    fn harvest(self) -> (u64, Vec<Hit>) {
        let mut slot = self.carried.lock().unwrap_or_else(PoisonError::into_inner);
        match slot.take() {
            // Another segment's search left its hits meanwhile: hand these to the merge.
            Some(other) => {
                *slot = Some(other);
                (self.count, self.best.into_sorted())
            }
            None => {
                *slot = Some(self.best);
                (self.count, Vec::new())
            }
        }
    }
}
