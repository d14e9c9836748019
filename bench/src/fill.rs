//! Fills the benchmark database at a scale: per 10,000 spaces (with packages, facilities, a
//! photo each, and an hourly rate on every fifth), 1,000 users, 50,000 orders with their
//! slots and 30,000 reviews; deterministic.

use chrono::Utc;
use ourspace_domain::shared::{BoxError, Coordinates};
use ourspace_infrastructure::db::{DbConfig, connect, migrate};
use ourspace_infrastructure::seed::seed_catalog;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::HashSet;

const BATCH: usize = 1_000;

/// How big a filled database is: the number of spaces, and the rest in proportion.
#[derive(Debug, Clone, Copy)]
pub struct Scale {
    pub spaces: usize,
}

impl Scale {
    pub(crate) fn users(self) -> usize {
        self.spaces / 10
    }

    pub(crate) fn orders(self) -> usize {
        self.spaces * 5
    }

    pub(crate) fn reviews(self) -> usize {
        self.spaces * 3
    }

    /// The host of space `id` (1-based), as filled.
    #[must_use]
    pub fn host_of(self, id: u64) -> u64 {
        id % self.users() as u64 + 1
    }
}

/// A small deterministic generator (64-bit LCG): the same data every run.
pub struct Rng(u64);

impl Rng {
    pub fn new(seed: u64) -> Self {
        Self(seed)
    }

    pub fn below(&mut self, n: usize) -> usize {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        ((self.0 >> 33) as usize) % n.max(1)
    }
}

pub(crate) async fn insert_rows(
    db: &DatabaseConnection,
    head: &str,
    rows: Vec<String>,
) -> Result<(), BoxError> {
    for chunk in rows.chunks(BATCH) {
        db.execute_unprepared(&format!("{head} VALUES {}", chunk.join(",")))
            .await?;
    }
    Ok(())
}

const DISTRICT_CENTERS: usize = 25;
const WORDS: [&str; 8] = [
    "파티룸",
    "연습실",
    "보컬",
    "스터디룸",
    "스튜디오",
    "회의실",
    "세미나실",
    "악기",
];
const ADJECTIVES: [&str; 6] = ["아늑한", "넓은", "감성", "모던", "조용한", "루프탑"];

/// Creates the schema and every row.
///
/// # Errors
/// The database failure.
pub async fn fill(url: &str, scale: Scale) -> Result<(), BoxError> {
    let (n_spaces, n_users, n_orders) = (scale.spaces, scale.users(), scale.orders());
    let db = connect(&DbConfig::new(url, 4)).await?;
    migrate(&db).await?;
    seed_catalog(&db).await?;
    let now = Utc::now().format("%Y-%m-%d %H:%M:%S").to_string();
    let today = Utc::now().date_naive();
    let mut rng = Rng::new(42);

    let users = (1..=n_users)
        .map(|i| format!("({i}, 'user{i}', 100000000, '{now}', '{now}')"))
        .collect();
    insert_rows(
        &db,
        "INSERT INTO users (kakao_id, nickname, points, created_at, updated_at)",
        users,
    )
    .await?;

    fill_spaces(&db, scale, &mut rng, &now).await?;
    let review_count = crate::fill_orders::fill_orders(&db, scale, &mut rng, today, &now).await?;
    // The calendar search reads, as the repositories would have kept it.
    ourspace_calendar::rebuild_calendar(&db).await?;
    db.execute_unprepared("ANALYZE TABLE spaces, orders, order_slots, reviews, price_options, space_facilities, space_images, space_calendar").await?;
    println!(
        "filled: {n_users} users, {n_spaces} spaces, {n_orders} orders, {review_count} reviews"
    );
    Ok(())
}

/// The rows of the spaces and of what hangs off them, as `VALUES` tuples.
#[derive(Default)]
struct SpaceRows {
    spaces: Vec<String>,
    options: Vec<String>,
    facilities: Vec<String>,
    images: Vec<String>,
}

/// The spaces (spread over 25 district centres) with their packages, facilities, photos,
/// search text, postings and kept counts.
async fn fill_spaces(
    db: &DatabaseConnection,
    scale: Scale,
    rng: &mut Rng,
    now: &str,
) -> Result<(), BoxError> {
    let centers: Vec<(f64, f64)> = (0..DISTRICT_CENTERS)
        .map(|d| {
            (
                37.45 + (d % 5) as f64 * 0.04,
                126.85 + (d / 5) as f64 * 0.06,
            )
        })
        .collect();
    let mut rows = SpaceRows::default();
    for i in 1..=scale.spaces {
        // The random stream is drawn in this order for every space: the row, then its
        // facilities (so a fill with the same seed is the same data).
        let (space, day_price, night_price) = space_row(i, scale, rng, &centers)?;
        rows.spaces.push(space);
        rows.options
            .push(format!("({i}, 'day', 9, 18, {day_price})"));
        rows.options
            .push(format!("({i}, 'night', 18, 24, {night_price})"));
        rows.facilities.extend(facility_rows(i, rng));
        rows.images.push(format!(
            "({i}, 'spaces/bench-{i}.png', '/media/spaces/bench-{i}.png', 0, '{now}')"
        ));
    }
    write_spaces(db, rows).await
}

/// Space `i`'s row, and its day and night package prices.
fn space_row(
    i: usize,
    scale: Scale,
    rng: &mut Rng,
    centers: &[(f64, f64)],
) -> Result<(String, i64, i64), BoxError> {
    let category = (i % 8) + 1;
    let district = (i * 7 % DISTRICT_CENTERS) + 1;
    let (lat0, lng0) = centers[district - 1];
    let lat = lat0 + rng.below(400) as f64 * 0.0001 - 0.02;
    let lng = lng0 + rng.below(400) as f64 * 0.0001 - 0.02;
    let point = Coordinates::new(lat, lng)?;
    let ((x, y, z), cell) = (point.unit_vector(), point.grid_cell());
    let min_guests = 1 + rng.below(3);
    let max_guests = 4 + rng.below(37);
    let day_price = 20_000 + rng.below(100) as i64 * 1_000;
    let night_price = 15_000 + rng.below(100) as i64 * 1_000;
    let created = Utc::now() - chrono::Duration::minutes(i as i64);
    let hourly = i.is_multiple_of(5);
    let row = format!(
        "({host}, {category}, {district}, '{adj} {word} {i}호', '도보 {walk}분', '벤치마크용 {word} 공간입니다', '', \
         '서울 벤치구 {i}', {lat}, {lng}, {x}, {y}, {z}, {cell}, {min_guests}, {max_guests}, '{mode}', NULL, NULL, {hourly}, {min_hours}, \
         {min_price}, {likes}, 0, 0, '{created}', '{created}')",
        host = scale.host_of(i as u64),
        hourly = if hourly { "10000" } else { "NULL" },
        min_hours = if hourly { "2" } else { "NULL" },
        adj = ADJECTIVES[i % ADJECTIVES.len()],
        word = WORDS[category - 1],
        walk = 1 + i % 15,
        mode = if i.is_multiple_of(3) {
            "approval"
        } else {
            "instant"
        },
        min_price = if hourly {
            10_000
        } else {
            day_price.min(night_price)
        },
        likes = rng.below(50),
        created = created.format("%Y-%m-%d %H:%M:%S"),
    );
    Ok((row, day_price, night_price))
}

/// Facility 1 in half the spaces, 2 in a third, and two more at random.
fn facility_rows(i: usize, rng: &mut Rng) -> Vec<String> {
    let common = [
        i.is_multiple_of(2).then_some(1),
        i.is_multiple_of(3).then_some(2),
    ];
    [3 + rng.below(10), 3 + rng.below(10)]
        .into_iter()
        .chain(common.into_iter().flatten())
        .collect::<HashSet<_>>()
        .into_iter()
        .map(|f| format!("({i}, {f})"))
        .collect()
}

/// Writes the rows, then what the application keeps beside them: search text, postings,
/// the live count and the facility masks.
async fn write_spaces(db: &DatabaseConnection, rows: SpaceRows) -> Result<(), BoxError> {
    insert_rows(
        db,
        "INSERT INTO spaces (host_id, category_id, district_id, title, subtitle, description, search_text, address, latitude, \
         longitude, geo_x, geo_y, geo_z, grid_cell, min_guests, max_guests, booking_mode, open_from, open_until, hourly_rate, \
         min_hours, min_price, like_count, review_count, rating_sum, created_at, updated_at)",
        rows.spaces,
    )
    .await?;
    db.execute_unprepared(
        "UPDATE spaces s JOIN categories c ON c.id = s.category_id JOIN districts d ON d.id = s.district_id \
         SET s.search_text = LOWER(CONCAT_WS(' ', s.title, s.subtitle, s.description, s.address, c.name, d.name))",
    )
    .await?;
    // The keyword index, as the application writes it.
    ourspace_infrastructure::repo::rebuild_postings(db).await?;
    db.execute_unprepared(
        "UPDATE space_totals SET live = (SELECT COUNT(*) FROM spaces WHERE deleted_at IS NULL) WHERE id = 1",
    )
    .await?;
    for (sql, values) in [
        (
            "INSERT INTO price_options (space_id, name, start_hour, end_hour, price)",
            rows.options,
        ),
        (
            "INSERT INTO space_facilities (space_id, facility_id)",
            rows.facilities,
        ),
        (
            "INSERT INTO space_images (space_id, object_key, url, position, created_at)",
            rows.images,
        ),
    ] {
        insert_rows(db, sql, values).await?;
    }
    db.execute_unprepared(
        "UPDATE spaces SET facility_mask = (SELECT COALESCE(SUM(1 << (sf.facility_id - 1)), 0) \
         FROM space_facilities sf WHERE sf.space_id = spaces.id AND sf.facility_id BETWEEN 1 AND 63)",
    )
    .await?;
    Ok(())
}
