//! The spaces a search of the bitmap engine matches: the bitmaps its parameters name
//! intersected, the spaces the date hides taken out, then what the bitmaps leave unsure
//! (the ends of a price range, open periods, a radius) tested one by one.

use super::columns::Facts;
use super::words::Within;
use super::{Bitmaps, GUEST_BITMAPS, Key, TOP_PRICE, grid, pair, price_bucket};
use memchr::memmem::Finder;
use ourspace_domain::shared::Coordinates;
use ourspace_domain::space::calendar::HourMask;
use ourspace_domain::space::index::keyword_words;
use ourspace_domain::space::{Availability, SpaceQuery};
use roaring::{MultiOps, RoaringBitmap};
use std::sync::Arc;

/// What the per-space pass tests, worked out once per search.
pub(super) struct Pass {
    pub words: Vec<String>,
    /// A searcher for each word, built once (the domain's `holds_words`, faster).
    pub finders: Vec<Finder<'static>>,
    /// The search's center, and its unit vector.
    pub origin: Option<Coordinates>,
    pub center: Option<(f64, f64, f64)>,
    min_dot: Option<f64>,
}

impl Pass {
    /// Whether a candidate meets what its bitmaps may not decide exactly: the head count
    /// past the bitmaps', the price, the open period and the great circle.
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

    pub(super) fn of(q: &SpaceQuery) -> Self {
        let words = q.keyword.as_deref().map(keyword_words).unwrap_or_default();
        Self {
            finders: words
                .iter()
                .map(|w| Finder::new(w.as_bytes()).into_owned())
                .collect(),
            words,
            origin: q.near.map(|n| n.center),
            center: q.near.map(|n| n.center.unit_vector()),
            min_dot: q
                .near
                .and_then(|n| n.radius_km)
                .map(Coordinates::min_dot_within),
        }
    }
}

/// The candidates whose bitmaps did not decide them exactly, to be tested one by one.
enum Unsure {
    Some(RoaringBitmap),
    All,
}

impl Unsure {
    fn add(&mut self, bitmap: Option<&RoaringBitmap>) {
        if let (Unsure::Some(unsure), Some(b)) = (&mut *self, bitmap) {
            *unsure |= b;
        }
    }
}

impl Bitmaps {
    /// The union of the bitmaps of `keys` (empty for a key without one).
    fn union_of(&self, keys: impl IntoIterator<Item = Key>) -> RoaringBitmap {
        keys.into_iter()
            .filter_map(|k| self.bitmaps.get(&k))
            .union()
    }

    /// The slots whose text (or title, `within`) holds `word`: its character's or pair's
    /// bitmap, or (for a longer word) the texts its pairs name tested once and kept
    /// ([`super::words`]).
    fn holding(&self, word: &str, finder: &Finder<'_>, within: Within) -> RoaringBitmap {
        let chars: Vec<char> = word.chars().collect();
        let title = within == Within::Title;
        let one = |c| {
            if title {
                Key::TitleChar(c)
            } else {
                Key::Char(c)
            }
        };
        let two = |p| {
            if title {
                Key::TitlePair(p)
            } else {
                Key::Pair(p)
            }
        };
        let pairs = chars.windows(2).map(|w| two(pair(w[0], w[1])));
        match chars.as_slice() {
            [] => self.live.clone(),
            [c] => self.union_of([one(*c)]),
            [_, _] => self.union_of(pairs),
            _ => {
                if let Some(kept) = self.words.get(word, within) {
                    return (*kept).clone();
                }
                let mut named: Vec<&RoaringBitmap> =
                    pairs.filter_map(|k| self.bitmaps.get(&k)).collect();
                if named.len() < chars.len() - 1 {
                    return RoaringBitmap::new();
                }
                named.sort_by_key(|b| b.len());
                let found = named[1..].iter().fold(named[0].clone(), |a, b| a & *b);
                self.kept_within(word, finder, within, &found)
            }
        }
    }

    /// Those of `among` whose part `within` holds `word`, tested once and kept.
    fn kept_within(
        &self,
        word: &str,
        finder: &Finder<'_>,
        within: Within,
        among: &RoaringBitmap,
    ) -> RoaringBitmap {
        let holding: RoaringBitmap = among
            .iter()
            .filter(|s| {
                self.spaces[*s as usize].as_ref().is_some_and(|st| {
                    let part = within.part(&st.text);
                    finder.find(part.as_bytes()).is_some()
                })
            })
            .collect();
        self.words.put(word, within, Arc::new(holding.clone()));
        holding
    }

    /// The slots whose title holds every word of the keyword.
    pub(super) fn titled(&self, pass: &Pass) -> RoaringBitmap {
        let mut titled: Option<RoaringBitmap> = None;
        for (word, finder) in pass.words.iter().zip(&pass.finders) {
            let holding = self.holding(word, finder, Within::Title);
            titled = Some(titled.map_or(holding.clone(), |t| t & holding));
        }
        titled.unwrap_or_default()
    }

    /// The price bitmaps a range covers; those at its ends (and the open-ended top one)
    /// are unsure.
    fn priced(&self, q: &SpaceQuery, unsure: &mut Unsure) -> RoaringBitmap {
        let low = price_bucket(q.min_price.map_or(0, |p| p.get()));
        let high = q.max_price.map_or(TOP_PRICE, |p| price_bucket(p.get()));
        for end in [low, high, TOP_PRICE] {
            unsure.add(self.prices.get(&end));
        }
        self.prices
            .range(low..=high.max(low))
            .map(|(_, b)| b)
            .union()
    }

    /// The bitmaps the query's parameters name, one per condition all must meet; what
    /// they leave undecided is added to `unsure`.
    fn narrowed_by(&self, q: &SpaceQuery, pass: &Pass, unsure: &mut Unsure) -> Vec<RoaringBitmap> {
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
        for (word, finder) in pass.words.iter().zip(&pass.finders) {
            sets.push(self.holding(word, finder, Within::Text));
        }
        match q.guests {
            Some(g) if g <= GUEST_BITMAPS => sets.push(self.union_of([Key::Guests(g)])),
            Some(_) => *unsure = Unsure::All,
            None => {}
        }
        if q.min_price.is_some() || q.max_price.is_some() {
            sets.push(self.priced(q, unsure));
        }
        if q.availability.is_some() {
            unsure.add(self.bitmaps.get(&Key::Limited));
        }
        if let Some(near) = q.near
            && let Some(r) = near.radius_km
        {
            match grid::cells_within(near.center, r) {
                Some((cells, edge)) => {
                    sets.push(self.union_of(cells));
                    unsure.add(Some(&self.union_of(edge)));
                }
                None => *unsure = Unsure::All,
            }
        }
        sets
    }

    /// Those of `found` that the date hides: a held hour asked for (or, without hours,
    /// nothing left to book), or a waiting hold that still lasts, tested one by one.
    fn hidden(&self, a: &Availability, found: &RoaringBitmap) -> RoaringBitmap {
        let mut hidden = match a.hours {
            Some(range) => self.union_of(
                HourMask::of_range(range)
                    .hours()
                    .map(|h| Key::Held(a.date, h)),
            ),
            None => self.union_of([Key::Closed(a.date)]),
        };
        if let Some(waiting) = self.bitmaps.get(&Key::Waiting(a.date)) {
            hidden.extend((found & waiting).iter().filter(|s| {
                self.spaces[*s as usize]
                    .as_ref()
                    .and_then(|stored| stored.day(a.date))
                    .is_some_and(|d| d.hides(a.hours, a.now))
            }));
        }
        hidden
    }

    /// Exactly the spaces `q` matches: those every named bitmap holds, less those the date
    /// hides, less the unsure ones that fail their test.
    pub(super) fn matching(&self, q: &SpaceQuery, pass: &Pass) -> RoaringBitmap {
        let mut unsure = Unsure::Some(RoaringBitmap::new());
        let mut sets = self.narrowed_by(q, pass, &mut unsure);
        sets.sort_by_key(RoaringBitmap::len);
        let mut sets = sets.into_iter();
        let mut found = sets.next().unwrap_or_else(|| self.live.clone());
        for set in sets {
            found &= set;
        }
        if let Some(a) = &q.availability {
            found -= self.hidden(a, &found);
        }
        let tested = match unsure {
            Unsure::All => found.clone(),
            Unsure::Some(unsure) => unsure & &found,
        };
        let failed: RoaringBitmap = tested
            .iter()
            .filter(|s| {
                let f = &self.facts[*s as usize];
                !pass.passes(q, f, pass.center.map_or(0.0, |c| f.dot(c)))
            })
            .collect();
        found - failed
    }
}
