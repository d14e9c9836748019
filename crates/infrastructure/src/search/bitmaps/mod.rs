//! The bitmap engine: every live space in a slot, with a `roaring` bitmap of slots for each
//! category, district and facility, each character and pair of neighbouring characters
//! of the text, each head count up to [`GUEST_BITMAPS`], each 0.01° grid cell and each
//! day with calendar rows; and the spaces' filter and sort facts in a column beside them
//! ([`columns`]). A search ([`search`]) intersects the bitmaps its parameters name, takes
//! out the spaces the date hides, then tests the rest against what the bitmaps do not
//! decide exactly and keeps the best in a heap.

mod columns;
mod search;

use super::Engine;
use chrono::NaiveDate;
use columns::Facts;
use ourspace_domain::shared::{BoxError, Paged};
use ourspace_domain::space::index::DayState;
use ourspace_domain::space::{IndexedSpace, SpaceQuery, SpaceSummary};
use roaring::RoaringBitmap;
use std::collections::HashMap;
use std::sync::{PoisonError, RwLock};

/// The largest head count with its own bitmap; a larger one is tested per space.
const GUEST_BITMAPS: u16 = 100;
/// Grid cells per degree, each way.
const CELLS_PER_DEGREE: f64 = 100.0;

/// What a bitmap is of.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
enum Key {
    Category(i64),
    District(i64),
    Facility(i64),
    Char(char),
    Pair(u64),
    Guests(u16),
    Cell(i64),
    Day(NaiveDate),
}

/// What is kept of a space beside its facts, compactly: its list item as JSON, its search
/// text, its calendar rows in date order, and what else names its bitmaps.
struct Stored {
    item: Box<[u8]>,
    text: Box<str>,
    days: Box<[(NaiveDate, DayState)]>,
    named: [Key; 3],
    facilities: Box<[i64]>,
    guests: (u16, u16),
}

impl Stored {
    fn of(space: &IndexedSpace) -> Result<Self, BoxError> {
        let s = &space.summary;
        let at = space.coordinates;
        Ok(Self {
            item: serde_json::to_vec(s)?.into_boxed_slice(),
            text: space.search_text.as_str().into(),
            days: space.days.iter().map(|(d, s)| (*d, *s)).collect(),
            named: [
                Key::Category(s.category.id.get()),
                Key::District(s.district.id.get()),
                Key::Cell(cell(row(at.latitude()), column(at.longitude()))),
            ],
            facilities: space.facilities.iter().map(|f| f.get()).collect(),
            guests: (s.min_guests, s.max_guests),
        })
    }

    /// Its calendar row of `date`, if any.
    fn day(&self, date: NaiveDate) -> Option<&DayState> {
        let at = self.days.binary_search_by_key(&date, |(d, _)| *d).ok()?;
        Some(&self.days[at].1)
    }

    /// Every bitmap it belongs in.
    fn keys(&self) -> impl Iterator<Item = Key> + '_ {
        let text: Vec<char> = self.text.chars().collect();
        let pairs: Vec<Key> = text
            .windows(2)
            .filter(|w| !w[0].is_whitespace() && !w[1].is_whitespace())
            .map(|w| Key::Pair(pair(w[0], w[1])))
            .collect();
        let (least, most) = self.guests;
        self.named
            .into_iter()
            .chain(self.facilities.iter().map(|f| Key::Facility(*f)))
            .chain(self.days.iter().map(|(d, _)| Key::Day(*d)))
            .chain((least..=most.min(GUEST_BITMAPS)).map(Key::Guests))
            .chain(text.into_iter().map(Key::Char))
            .chain(pairs)
    }
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
}

/// The engine: the bitmaps behind a lock that searches share and a write holds alone.
#[derive(Default)]
pub(super) struct BitmapEngine {
    inner: RwLock<Bitmaps>,
}

fn row(latitude: f64) -> i64 {
    (latitude * CELLS_PER_DEGREE).floor() as i64
}

fn column(longitude: f64) -> i64 {
    ((longitude + 180.0) * CELLS_PER_DEGREE).floor() as i64
}

/// A grid cell's number.
fn cell(row: i64, column: i64) -> i64 {
    row * 100_000 + column
}

/// Two characters as one key.
fn pair(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl Bitmaps {
    /// Adds the space (replacing an older copy of it).
    fn add(&mut self, space: &IndexedSpace) -> Result<(), BoxError> {
        let id = space.summary.id.get();
        let stored = Stored::of(space)?;
        self.remove(id);
        let slot = self.free.pop().unwrap_or_else(|| {
            self.spaces.push(None);
            self.facts.push(Facts::default());
            u32::try_from(self.spaces.len() - 1).expect("fewer than 2^32 spaces")
        });
        for key in stored.keys() {
            self.bitmaps.entry(key).or_default().insert(slot);
        }
        self.live.insert(slot);
        self.slots.insert(id, slot);
        self.facts[slot as usize] = Facts::of(space);
        self.spaces[slot as usize] = Some(stored);
        Ok(())
    }

    /// Removes the space `id`, if held; bitmaps left empty go.
    fn remove(&mut self, id: i64) {
        let Some(slot) = self.slots.remove(&id) else {
            return;
        };
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
        Ok(())
    }

    fn replace(&self, removed: &[i64], spaces: Vec<IndexedSpace>) -> Result<(), BoxError> {
        let mut inner = self.write();
        for id in removed {
            inner.remove(*id);
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
