//! A search of the bitmap engine: the bitmaps its parameters name intersected, the spaces
//! the date hides taken out, then one pass over the rest testing what the bitmaps do not
//! decide exactly and keeping the best.

use super::{BitmapIndex, GUEST_BITMAPS, pair};
use ourspace_domain::shared::{Coordinates, Paged};
use ourspace_domain::space::index::{holds_words, keyword_words, shown_km};
use ourspace_domain::space::{SpaceQuery, SpaceSummary};
use ourspace_infrastructure::search::best::{Best, Hit};
use roaring::RoaringBitmap;
use std::cmp::Ordering;

/// The most grid cells a radius is narrowed by.
const MOST_CELLS: usize = 400;

/// What the per-space pass tests, worked out once per search.
struct Pass {
    words: Vec<String>,
    center: Option<(f64, f64, f64)>,
    min_dot: Option<f64>,
}

impl Pass {
    fn of(q: &SpaceQuery) -> Self {
        Self {
            words: q.keyword.as_deref().map(keyword_words).unwrap_or_default(),
            center: q.near.map(|n| n.center.unit_vector()),
            min_dot: q
                .near
                .and_then(|n| n.radius_km)
                .map(Coordinates::min_dot_within),
        }
    }
}

/// The union of the bitmaps `keys` name in `map` (none for a key it lacks).
fn union_of<K: std::hash::Hash + Eq>(
    map: &std::collections::HashMap<K, RoaringBitmap>,
    keys: impl IntoIterator<Item = K>,
) -> RoaringBitmap {
    keys.into_iter()
        .filter_map(|k| map.get(&k))
        .fold(RoaringBitmap::new(), |a, b| a | b)
}

impl BitmapIndex {
    /// The bitmaps the query's parameters name, one per condition all must meet.
    fn narrowed_by(&self, q: &SpaceQuery, pass: &Pass) -> Vec<RoaringBitmap> {
        let mut sets = Vec::new();
        if !q.categories.is_empty() {
            sets.push(union_of(
                &self.categories,
                q.categories.iter().map(|c| c.get()),
            ));
        }
        if !q.districts.is_empty() {
            sets.push(union_of(
                &self.districts,
                q.districts.iter().map(|d| d.get()),
            ));
        }
        for f in &q.facilities {
            sets.push(union_of(&self.facilities, [f.get()]));
        }
        for word in &pass.words {
            let chars: Vec<char> = word.chars().collect();
            if let [c] = chars.as_slice() {
                sets.push(union_of(&self.chars, [*c]));
            }
            for w in chars.windows(2) {
                sets.push(union_of(&self.pairs, [pair(w[0], w[1])]));
            }
        }
        if let Some(g) = q.guests.filter(|g| *g <= GUEST_BITMAPS) {
            sets.push(self.guests[usize::from(g)].clone());
        }
        if let Some(near) = q.near
            && let Some(r) = near.radius_km
            && let Some(cells) = self.cells_within(near.center, r, MOST_CELLS)
        {
            sets.push(union_of(&self.cells, cells));
        }
        sets
    }

    /// The spaces every named bitmap holds, less those the date hides.
    fn candidates(&self, q: &SpaceQuery, pass: &Pass) -> RoaringBitmap {
        let mut sets = self.narrowed_by(q, pass);
        sets.sort_by_key(RoaringBitmap::len);
        let mut sets = sets.into_iter();
        let mut found = sets.next().unwrap_or_else(|| self.live.clone());
        for set in sets {
            found &= set;
        }
        if let Some(a) = &q.availability
            && let Some(rows) = self.days.get(&a.date)
        {
            let hidden: RoaringBitmap = (&found & rows)
                .iter()
                .filter(|s| {
                    self.spaces[*s as usize]
                        .days
                        .get(&a.date)
                        .is_some_and(|d| d.hides(a.hours, a.now))
                })
                .collect();
            found -= hidden;
        }
        found
    }

    /// One page of the spaces `q` matches, in its order, with the exact total.
    #[must_use]
    pub fn search(&self, q: &SpaceQuery) -> Paged<SpaceSummary> {
        let pass = Pass::of(q);
        let offset = usize::try_from(q.page.offset()).unwrap_or(usize::MAX);
        let mut best: Best<u32> =
            Best::new(offset.saturating_add(q.page.per_page() as usize), q.sort);
        let mut total = 0;
        for slot in self.candidates(q, &pass) {
            let (f, space) = (&self.facts[slot as usize], &self.spaces[slot as usize]);
            let dot = pass.center.map_or(0.0, |c| f.dot(c));
            let passes = q
                .guests
                .is_none_or(|g| f.min_guests <= g && g <= f.max_guests)
                && q.min_price.is_none_or(|p| f.price >= p.get())
                && q.max_price.is_none_or(|p| f.price <= p.get())
                && q.availability
                    .as_ref()
                    .is_none_or(|a| f.open.contains(a.date))
                && pass.min_dot.is_none_or(|m| dot >= m)
                && holds_words(&space.search_text, &pass.words);
            if !passes {
                continue;
            }
            total += 1;
            let title = || space.search_text.split('\n').next().unwrap_or_default();
            let facts = f.rank(
                dot,
                !pass.words.is_empty() && holds_words(title(), &pass.words),
            );
            if best
                .worst_when_full()
                .is_some_and(|worst| q.sort.leading(&facts, worst) == Ordering::Greater)
            {
                continue;
            }
            best.offer(Hit { facts, at: slot });
        }
        let items = best
            .into_sorted()
            .into_iter()
            .skip(offset)
            .map(|hit| {
                let mut item = self.spaces[hit.at as usize].summary.clone();
                item.distance_km = q.near.map(|_| shown_km(hit.facts.dot));
                item
            })
            .collect();
        Paged::new(items, q.page, total)
    }
}
