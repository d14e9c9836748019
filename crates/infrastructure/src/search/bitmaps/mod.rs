//! The bitmap engine: every live space in a slot, with a `roaring` bitmap of slots for each
//! category, district and facility; each character and pair of neighbouring characters of
//! the text and of the title; each head count (up to [`GUEST_BITMAPS`]);
//! each price step of [`PRICE_STEP`]; each 0.01° grid cell; each hour held on each day and
//! each day closed or with a waiting hold; the spaces with an open period. Beside them,
//! the spaces' filter and sort facts in a column ([`columns`]), what a list shows
//! ([`shown`]), the slots sorted in each order that does not depend on the search
//! ([`orders`]) and the exact bitmaps of keyword words asked lately ([`words`]).
//!
//! A search finds exactly the matching slots with bitmaps ([`search`]), testing one by one
//! only what they leave unsure, then puts them in order ([`page`]).

mod columns;
mod grid;
mod nearest;
mod orders;
mod page;
mod search;
mod shown;
mod words;

use super::Engine;
use chrono::NaiveDate;
use columns::Facts;
use grid::{cell, column, row};
use orders::Orders;
use ourspace_domain::shared::{BoxError, Paged};
use ourspace_domain::space::index::DayState;
use ourspace_domain::space::{IndexedSpace, SpaceQuery, SpaceSummary};
use roaring::RoaringBitmap;
use shown::{Names, Shown};
use std::collections::{BTreeMap, HashMap};
use std::sync::{PoisonError, RwLock};
use words::{Within, Words};

/// The largest head count with its own bitmaps; a larger one is tested per space.
const GUEST_BITMAPS: u16 = 100;
/// Grid cells per degree, each way.
const CELLS_PER_DEGREE: f64 = 100.0;
/// The width of a price bitmap, in won.
const PRICE_STEP: i64 = 1_000;
/// The price bitmap holding every price from this one's start up.
const TOP_PRICE: u32 = 10_000;

/// What a bitmap is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Category(i64),
    District(i64),
    Facility(i64),
    Char(char),
    Pair(u64),
    /// A character, and a pair of neighbouring characters, of the title (its first line).
    TitleChar(char),
    TitlePair(u64),
    Guests(u16),
    Cell(i64),
    /// The spaces whose row of the date has the hour held by a paid order.
    Held(NaiveDate, u8),
    /// The spaces with nothing left to book on the date with the paid hours taken.
    Closed(NaiveDate),
    /// The spaces whose row of the date has a waiting hold (tested one by one: it lapses).
    Waiting(NaiveDate),
    /// The spaces bookable only from or until a date.
    Limited,
}

/// The price bitmap a price falls in.
fn price_bucket(price: i64) -> u32 {
    u32::try_from((price / PRICE_STEP).max(0)).map_or(TOP_PRICE, |b| b.min(TOP_PRICE))
}

/// What is kept of a space beside its facts, compactly: what its list item shows, its
/// search text, its calendar rows in date order, and what else names its bitmaps.
struct Stored {
    shown: Shown,
    text: Box<str>,
    days: Box<[(NaiveDate, DayState)]>,
    named: [Key; 3],
    limited: bool,
    facilities: Box<[i64]>,
    guests: (u16, u16),
}

impl Stored {
    fn of(space: &IndexedSpace, names: &mut Names) -> Self {
        let s = &space.summary;
        let at = space.coordinates;
        Self {
            shown: Shown::of(s, names),
            text: space.search_text.as_str().into(),
            days: space.days.iter().map(|(d, s)| (*d, *s)).collect(),
            named: [
                Key::Category(s.category.id.get()),
                Key::District(s.district.id.get()),
                Key::Cell(cell(row(at.latitude()), column(at.longitude()))),
            ],
            limited: space.open_period.from().is_some() || space.open_period.until().is_some(),
            facilities: space.facilities.iter().map(|f| f.get()).collect(),
            guests: (s.min_guests, s.max_guests),
        }
    }

    /// Its calendar row of `date`, if any.
    fn day(&self, date: NaiveDate) -> Option<&DayState> {
        let at = self.days.binary_search_by_key(&date, |(d, _)| *d).ok()?;
        Some(&self.days[at].1)
    }

    /// Every bitmap it belongs in.
    fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        let pairs = |text: &[char], key: fn(u64) -> Key| -> Vec<Key> {
            text.windows(2)
                .filter(|w| !w[0].is_whitespace() && !w[1].is_whitespace())
                .map(|w| key(pair(w[0], w[1])))
                .collect()
        };
        let text: Vec<char> = self.text.chars().collect();
        let title: Vec<char> = Within::Title.part(&self.text).chars().collect();
        let (pairs, title_pairs) = (pairs(&text, Key::Pair), pairs(&title, Key::TitlePair));
        let (least, most) = self.guests;
        self.named
            .into_iter()
            .chain(self.limited.then_some(Key::Limited))
            .chain(self.facilities.iter().map(|f| Key::Facility(*f)))
            .chain(self.days.iter().flat_map(|(d, s)| day_keys(*d, s)))
            .chain((least..=most.min(GUEST_BITMAPS)).map(Key::Guests))
            .chain(text.into_iter().map(Key::Char))
            .chain(pairs)
            .chain(title.into_iter().map(Key::TitleChar))
            .chain(title_pairs)
    }
}

/// The bitmaps a calendar row puts its space in.
fn day_keys(date: NaiveDate, state: &DayState) -> impl Iterator<Item = Key> + use<> {
    let held = state.confirmed.hours().map(move |h| Key::Held(date, h));
    held.chain(state.closed_confirmed.then_some(Key::Closed(date)))
        .chain(state.waiting_until.map(|_| Key::Waiting(date)))
}

/// The spaces, their bitmaps and columns.
#[derive(Default)]
struct Bitmaps {
    spaces: Vec<Option<Stored>>,
    facts: Vec<Facts>,
    slots: HashMap<i64, u32>,
    free: Vec<u32>,
    live: RoaringBitmap,
    bitmaps: HashMap<Key, RoaringBitmap>,
    prices: BTreeMap<u32, RoaringBitmap>,
    orders: Orders,
    words: Words,
    names: Names,
}

/// The engine: the bitmaps behind a lock that searches share and a write holds alone.
#[derive(Default)]
pub(super) struct BitmapEngine {
    inner: RwLock<Bitmaps>,
}

/// Two characters as one key.
fn pair(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl Bitmaps {
    /// Adds the space (replacing an older copy of it).
    fn add(&mut self, space: &IndexedSpace) -> Result<(), BoxError> {
        let id = space.summary.id.get();
        let stored = Stored::of(space, &mut self.names);
        let facts = Facts::of(space);
        // A copy sorting where the old one did keeps its places in the orders.
        let placed = self
            .slots
            .get(&id)
            .is_some_and(|s| orders::same_place(&self.facts[*s as usize], &facts));
        self.remove(id, !placed);
        let slot = self.free.pop().unwrap_or_else(|| {
            self.spaces.push(None);
            self.facts.push(Facts::default());
            u32::try_from(self.spaces.len() - 1).expect("fewer than 2^32 spaces")
        });
        for key in stored.keys() {
            self.bitmaps.entry(key).or_default().insert(slot);
        }
        let bucket = price_bucket(facts.price);
        self.prices.entry(bucket).or_default().insert(slot);
        self.live.insert(slot);
        self.slots.insert(id, slot);
        self.facts[slot as usize] = facts;
        self.words.added(slot, &stored.text);
        self.spaces[slot as usize] = Some(stored);
        if !placed {
            self.orders.insert(slot, &self.facts);
        }
        Ok(())
    }

    /// Removes the space `id`, if held, and from the orders when `unorder`; bitmaps left
    /// empty go. Its slot is the next one taken.
    fn remove(&mut self, id: i64, unorder: bool) {
        let Some(slot) = self.slots.remove(&id) else {
            return;
        };
        if unorder {
            self.orders.remove(slot, &self.facts);
        }
        if let Some(stored) = self.spaces[slot as usize].take() {
            for key in stored.keys() {
                if let Some(bitmap) = self.bitmaps.get_mut(&key) {
                    bitmap.remove(slot);
                    if bitmap.is_empty() {
                        self.bitmaps.remove(&key);
                    }
                }
            }
        }
        let bucket = price_bucket(self.facts[slot as usize].price);
        if let Some(bitmap) = self.prices.get_mut(&bucket) {
            bitmap.remove(slot);
            if bitmap.is_empty() {
                self.prices.remove(&bucket);
            }
        }
        self.words.removed(slot);
        self.live.remove(slot);
        self.free.push(slot);
    }
}

impl BitmapEngine {
    fn write(&self) -> std::sync::RwLockWriteGuard<'_, Bitmaps> {
        self.inner.write().unwrap_or_else(PoisonError::into_inner)
    }
}

impl Engine for BitmapEngine {
    fn load(&self, spaces: Vec<IndexedSpace>) -> Result<(), BoxError> {
        let mut inner = self.write();
        for space in &spaces {
            inner.add(space)?;
        }
        Ok(())
    }

    fn publish(&self) -> Result<(), BoxError> {
        let inner = &mut *self.write();
        inner.orders.rebuild(&inner.facts, &inner.live);
        Ok(())
    }

    fn replace(&self, removed: &[i64], spaces: Vec<IndexedSpace>) -> Result<(), BoxError> {
        let mut inner = self.write();
        for id in removed {
            inner.remove(*id, true);
        }
        for space in &spaces {
            inner.add(space)?;
        }
        Ok(())
    }

    fn search(&self, q: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError> {
        let inner = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        inner.search(q)
    }
}
