//! The engine search was measured against (docs/search.md): every live space in memory,
//! with a `roaring` bitmap of slots for each category, district and facility, each pair of
//! neighbouring characters of the text (and each character), each head count, each
//! 0.01° grid cell and each day with calendar rows, and the spaces' sort and filter facts
//! in columns beside them. A search intersects the bitmaps its parameters name, takes out
//! the spaces the date hides, then tests the rest against the exact rules and keeps the
//! best in a heap. Built from the same read of the database as the Tantivy index; it has
//! no feed (it is rebuilt, never updated, in the comparison).

mod columns;
mod search;

use columns::Facts;
use ourspace_domain::shared::{BoxError, Coordinates};
use ourspace_domain::space::IndexedSpace;
use ourspace_infrastructure::repo::index_source::{self, Spaces};
use roaring::RoaringBitmap;
use sea_orm::DatabaseConnection;
use std::collections::HashMap;

/// The largest head count with its own bitmap; a larger one is tested per space.
const GUEST_BITMAPS: u16 = 100;
/// Grid cells per degree, each way.
const CELLS_PER_DEGREE: f64 = 100.0;

/// The spaces, their bitmaps and columns.
#[derive(Default)]
pub struct BitmapIndex {
    spaces: Vec<IndexedSpace>,
    facts: Vec<Facts>,
    live: RoaringBitmap,
    categories: HashMap<i64, RoaringBitmap>,
    districts: HashMap<i64, RoaringBitmap>,
    facilities: HashMap<i64, RoaringBitmap>,
    pairs: HashMap<u64, RoaringBitmap>,
    chars: HashMap<char, RoaringBitmap>,
    guests: Vec<RoaringBitmap>,
    cells: HashMap<i64, RoaringBitmap>,
    days: HashMap<chrono::NaiveDate, RoaringBitmap>,
}

fn row(latitude: f64) -> i64 {
    (latitude * CELLS_PER_DEGREE).floor() as i64
}

fn column(longitude: f64) -> i64 {
    ((longitude + 180.0) * CELLS_PER_DEGREE).floor() as i64
}

/// A grid cell's number.
fn cell(latitude: f64, longitude: f64) -> i64 {
    row(latitude) * 100_000 + column(longitude)
}

/// Two characters as one key.
fn pair(a: char, b: char) -> u64 {
    (u64::from(a) << 32) | u64::from(b)
}

impl BitmapIndex {
    /// Reads every live space (as the Tantivy index does at start) and indexes it.
    ///
    /// # Errors
    /// The database failed.
    pub async fn build(
        db: &DatabaseConnection,
        first_day: chrono::NaiveDate,
    ) -> Result<Self, BoxError> {
        let mut index = Self {
            guests: vec![RoaringBitmap::new(); usize::from(GUEST_BITMAPS) + 1],
            ..Self::default()
        };
        let mut after = 0;
        loop {
            let page = Spaces::After {
                after,
                limit: 5_000,
            };
            let spaces = index_source::read(db, page, first_day).await?;
            let Some(last) = spaces.last() else { break };
            after = last.summary.id.get();
            for space in spaces {
                index.add(space);
            }
        }
        Ok(index)
    }

    /// Adds a space under the next slot.
    pub fn add(&mut self, space: IndexedSpace) {
        let slot = u32::try_from(self.spaces.len()).expect("fewer than 2^32 spaces");
        let s = &space.summary;
        self.live.insert(slot);
        let add = |map: &mut HashMap<i64, RoaringBitmap>, key: i64| {
            map.entry(key).or_default().insert(slot);
        };
        add(&mut self.categories, s.category.id.get());
        add(&mut self.districts, s.district.id.get());
        for f in &space.facilities {
            add(&mut self.facilities, f.get());
        }
        add(
            &mut self.cells,
            cell(space.coordinates.latitude(), space.coordinates.longitude()),
        );
        for day in space.days.keys() {
            self.days.entry(*day).or_default().insert(slot);
        }
        for g in s.min_guests..=s.max_guests.min(GUEST_BITMAPS) {
            self.guests[usize::from(g)].insert(slot);
        }
        let text: Vec<char> = space.search_text.chars().collect();
        for c in &text {
            self.chars.entry(*c).or_default().insert(slot);
        }
        for w in text.windows(2) {
            if !w[0].is_whitespace() && !w[1].is_whitespace() {
                self.pairs.entry(pair(w[0], w[1])).or_default().insert(slot);
            }
        }
        self.facts.push(Facts::of(&space));
        self.spaces.push(space);
    }

    /// The cells a circle's box covers, when it covers at most `most`.
    fn cells_within(&self, center: Coordinates, radius_km: f64, most: usize) -> Option<Vec<i64>> {
        let band = Coordinates::latitude_half_width(radius_km);
        let width = center.longitude_half_width(radius_km)?;
        let rows = row(center.latitude() - band)..=row(center.latitude() + band);
        let columns = column(center.longitude() - width)..=column(center.longitude() + width);
        let count = rows.clone().count() * columns.clone().count();
        (count <= most).then(|| {
            rows.flat_map(|r| columns.clone().map(move |c| r * 100_000 + c))
                .filter(|c| self.cells.contains_key(c))
                .collect()
        })
    }
}
