//! A search of the bitmap engine: the bitmaps its parameters name intersected, the spaces
//! the date hides taken out, then one pass over the rest testing what the bitmaps do not
//! decide exactly and keeping the best.

use super::columns::Facts;
use super::{Bitmaps, GUEST_BITMAPS, Key, cell, column, pair, row};
use crate::search::best::{Best, Hit};
use ourspace_domain::shared::{BoxError, Coordinates, Paged};
use ourspace_domain::space::index::{holds_words, keyword_words, shown_km};
use ourspace_domain::space::{SpaceQuery, SpaceSummary};
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
    /// Whether a candidate meets what its bitmaps did not decide exactly, but for the
    /// keyword's words: the head count past the bitmaps', the price, the open period and
    /// the great circle.
    fn passes(&self, q: &SpaceQuery, f: &Facts, dot: f64) -> bool {
        q.guests
            .is_none_or(|g| f.min_guests <= g && g <= f.max_guests)
            && q.min_price.is_none_or(|p| f.price >= p.get())
            && q.max_price.is_none_or(|p| f.price <= p.get())
            && q.availability
                .as_ref()
                .is_none_or(|a| f.open.contains(a.date))
            && self.min_dot.is_none_or(|m| dot >= m)
    }

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

impl Bitmaps {
    /// The union of the bitmaps of `keys` (empty for a key without one).
    fn union_of(&self, keys: impl IntoIterator<Item = Key>) -> RoaringBitmap {
        keys.into_iter()
            .filter_map(|k| self.bitmaps.get(&k))
            .fold(RoaringBitmap::new(), |a, b| a | b)
    }

    /// The cells a circle's box covers, when it covers at most [`MOST_CELLS`].
    fn cells_within(&self, center: Coordinates, radius_km: f64) -> Option<Vec<Key>> {
        let band = Coordinates::latitude_half_width(radius_km);
        let width = center.longitude_half_width(radius_km)?;
        let rows = row(center.latitude() - band)..=row(center.latitude() + band);
        let columns = column(center.longitude() - width)..=column(center.longitude() + width);
        let count = rows.clone().count() * columns.clone().count();
        (count <= MOST_CELLS).then(|| {
            rows.flat_map(|r| columns.clone().map(move |c| Key::Cell(cell(r, c))))
                .collect()
        })
    }

    /// The bitmaps the query's parameters name, one per condition all must meet.
    fn narrowed_by(&self, q: &SpaceQuery, pass: &Pass) -> Vec<RoaringBitmap> {
        let mut sets = Vec::new();
        if !q.categories.is_empty() {
            sets.push(self.union_of(q.categories.iter().map(|c| Key::Category(c.get()))));
        }
        if !q.districts.is_empty() {
            sets.push(self.union_of(q.districts.iter().map(|d| Key::District(d.get()))));
        }
        for f in &q.facilities {
            sets.push(self.union_of([Key::Facility(f.get())]));
        }
        for word in &pass.words {
            let chars: Vec<char> = word.chars().collect();
            if let [c] = chars.as_slice() {
                sets.push(self.union_of([Key::Char(*c)]));
            }
            for w in chars.windows(2) {
                sets.push(self.union_of([Key::Pair(pair(w[0], w[1]))]));
            }
        }
        if let Some(g) = q.guests.filter(|g| *g <= GUEST_BITMAPS) {
            sets.push(self.union_of([Key::Guests(g)]));
        }
        if let Some(near) = q.near
            && let Some(r) = near.radius_km
            && let Some(cells) = self.cells_within(near.center, r)
        {
            sets.push(self.union_of(cells));
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
            && let Some(rows) = self.bitmaps.get(&Key::Day(a.date))
        {
            let hidden: RoaringBitmap = (&found & rows)
                .iter()
                .filter(|s| {
                    self.spaces[*s as usize]
                        .as_ref()
                        .and_then(|stored| stored.day(a.date))
                        .is_some_and(|d| d.hides(a.hours, a.now))
                })
                .collect();
            found -= hidden;
        }
        found
    }

    /// One page of the spaces `q` matches, in its order, with the exact total.
    pub(super) fn search(&self, q: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError> {
        let pass = Pass::of(q);
        let offset = usize::try_from(q.page.offset()).unwrap_or(usize::MAX);
        let mut best: Best<u32> =
            Best::new(offset.saturating_add(q.page.per_page() as usize), q.sort);
        let mut total = 0;
        for slot in self.candidates(q, &pass) {
            // The facts' column first: a space's own record is read only for a keyword.
            let f = &self.facts[slot as usize];
            let dot = pass.center.map_or(0.0, |c| f.dot(c));
            if !pass.passes(q, f, dot) {
                continue;
            }
            let text = match (&pass.words[..], &self.spaces[slot as usize]) {
                ([], _) => None,
                (words, Some(stored)) if holds_words(&stored.text, words) => Some(&*stored.text),
                _ => continue,
            };
            total += 1;
            // The title is the text's first line.
            let title = text.and_then(|t| t.split('\n').next());
            let facts = f.rank(dot, title.is_some_and(|t| holds_words(t, &pass.words)));
            if best
                .worst_when_full()
                .is_some_and(|worst| q.sort.leading(&facts, worst) == Ordering::Greater)
            {
                continue;
            }
            best.offer(Hit { facts, at: slot });
        }
        let mut items = Vec::new();
        for hit in best.into_sorted().into_iter().skip(offset) {
            let stored = self.spaces[hit.at as usize].as_ref();
            let mut item: SpaceSummary =
                serde_json::from_slice(&stored.ok_or("a freed slot")?.item)?;
            item.distance_km = q.near.map(|_| shown_km(hit.facts.dot));
            items.push(item);
        }
        Ok(Paged::new(items, q.page, total))
    }
}
