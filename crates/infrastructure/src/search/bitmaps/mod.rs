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

/// The spaces, their bitmaps and columns.
#[derive(Default)]
struct Bitmaps {
    spaces: Vec<Option<IndexedSpace>>,
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

/// Every bitmap the space belongs in.
fn keys(space: &IndexedSpace) -> Vec<Key> {
    let s = &space.summary;
    let mut keys = vec![
        Key::Category(s.category.id.get()),
        Key::District(s.district.id.get()),
        Key::Cell(cell(
            row(space.coordinates.latitude()),
            column(space.coordinates.longitude()),
        )),
    ];
    keys.extend(space.facilities.iter().map(|f| Key::Facility(f.get())));
    keys.extend(space.days.keys().map(|d| Key::Day(*d)));
    keys.extend((s.min_guests..=s.max_guests.min(GUEST_BITMAPS)).map(Key::Guests));
    let text: Vec<char> = space.search_text.chars().collect();
    keys.extend(text.iter().map(|c| Key::Char(*c)));
    keys.extend(
        text.windows(2)
            .filter(|w| !w[0].is_whitespace() && !w[1].is_whitespace())
            .map(|w| Key::Pair(pair(w[0], w[1]))),
    );
    keys
}

impl Bitmaps {
    /// Adds the space (replacing an older copy of it).
    fn add(&mut self, space: IndexedSpace) {
        let id = space.summary.id.get();
        self.remove(id);
        let slot = self.free.pop().unwrap_or_else(|| {
            self.spaces.push(None);
            self.facts.push(Facts::default());
            u32::try_from(self.spaces.len() - 1).expect("fewer than 2^32 spaces")
        });
        for key in keys(&space) {
            self.bitmaps.entry(key).or_default().insert(slot);
        }
        self.live.insert(slot);
        self.slots.insert(id, slot);
        self.facts[slot as usize] = Facts::of(&space);
        self.spaces[slot as usize] = Some(space);
    }

    /// Removes the space `id`, if held; bitmaps left empty go.
    fn remove(&mut self, id: i64) {
        let Some(slot) = self.slots.remove(&id) else {
            return;
        };
        if let Some(space) = self.spaces[slot as usize].take() {
            for key in keys(&space) {
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
        for space in spaces {
            inner.add(space);
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
        for space in spaces {
            inner.add(space);
        }
        Ok(())
    }

    fn search(&self, q: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError> {
        let inner = self.inner.read().unwrap_or_else(PoisonError::into_inner);
        Ok(inner.search(q))
    }
}
