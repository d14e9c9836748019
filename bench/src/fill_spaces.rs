//! The benchmark's spaces: spread over 25 district centres, with two packages, facilities
//! and a photo each, an hourly rate on every fifth.

use crate::fill::{Rng, Scale};
use ourspace_domain::shared::{BoxError, Coordinates};
use sea_orm::sea_query::Query;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::{BTreeMap, BTreeSet};

const DISTRICT_CENTERS: usize = 25;
pub(crate) const WORDS: [&str; 8] = [
    "파티룸",
    "연습실",
    "보컬",
    "스터디룸",
    "스튜디오",
    "회의실",
    "세미나실",
    "악기",
];
pub(crate) const ADJECTIVES: [&str; 6] = ["아늑한", "넓은", "감성", "모던", "조용한", "루프탑"];

/// A space as drawn, before it is written.
pub(crate) struct Drawn {
    pub(crate) id: usize,
    pub(crate) category: usize,
    pub(crate) district: usize,
    pub(crate) lat: f64,
    pub(crate) lng: f64,
    pub(crate) guests: (i64, i64),
    pub(crate) day_price: i64,
    pub(crate) night_price: i64,
    pub(crate) likes: i64,
    pub(crate) facilities: BTreeSet<i64>,
}

impl Drawn {
    pub(crate) fn hourly(&self) -> bool {
        self.id.is_multiple_of(5)
    }
}

/// Draws every space; the random stream is drawn in the same order for each (its row,
/// then its facilities), so a fill with the same seed is the same data.
pub(crate) fn draw(scale: Scale, rng: &mut Rng) -> Result<Vec<Drawn>, BoxError> {
    let centers: Vec<(f64, f64)> = (0..DISTRICT_CENTERS)
        .map(|d| {
            (
                37.45 + (d % 5) as f64 * 0.04,
                126.85 + (d / 5) as f64 * 0.06,
            )
        })
        .collect();
    (1..=scale.spaces)
        .map(|i| draw_one(i, rng, &centers))
        .collect()
}

fn draw_one(i: usize, rng: &mut Rng, centers: &[(f64, f64)]) -> Result<Drawn, BoxError> {
    let district = (i * 7 % DISTRICT_CENTERS) + 1;
    let (lat0, lng0) = centers[district - 1];
    let lat = lat0 + rng.below(400) as f64 * 0.0001 - 0.02;
    let lng = lng0 + rng.below(400) as f64 * 0.0001 - 0.02;
    let min_guests = 1 + rng.below(3) as i64;
    let max_guests = 4 + rng.below(37) as i64;
    let day_price = 20_000 + rng.below(100) as i64 * 1_000;
    let night_price = 15_000 + rng.below(100) as i64 * 1_000;
    let likes = rng.below(50) as i64;
    Coordinates::new(lat, lng)?;
    Ok(Drawn {
        id: i,
        category: (i % 8) + 1,
        district,
        lat,
        lng,
        guests: (min_guests, max_guests),
        day_price,
        night_price,
        likes,
        facilities: facilities(i, rng),
    })
}

/// Facility 1 in half the spaces, 2 in a third, and two more at random.
fn facilities(i: usize, rng: &mut Rng) -> BTreeSet<i64> {
    let common = [
        i.is_multiple_of(2).then_some(1),
        i.is_multiple_of(3).then_some(2),
    ];
    [3 + rng.below(10) as i64, 3 + rng.below(10) as i64]
        .into_iter()
        .chain(common.into_iter().flatten())
        .collect()
}

/// Each id's name in a catalogue table (`categories`, `districts`).
pub(crate) async fn names(
    db: &DatabaseConnection,
    table: &str,
) -> Result<BTreeMap<i64, String>, BoxError> {
    let read = Query::select()
        .columns(["id", "name"])
        .from(table.to_owned())
        .take();
    let rows = db
        .query_all_raw(db.get_database_backend().build(&read))
        .await?;
    rows.into_iter()
        .map(|row| Ok((row.try_get("", "id")?, row.try_get("", "name")?)))
        .collect()
}
