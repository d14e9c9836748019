//! Fills the benchmark database at a scale: per 10,000 spaces (with packages, facilities, a
//! photo each, and an hourly rate on every fifth), 1,000 users with tastes, 50,000 orders
//! to those tastes with their slots and 30,000 reviews, and what recommendations read;
//! deterministic. Every statement is built with sea-query.

use crate::fill_orders::Orders;
use crate::inserts::Inserts;
use chrono::{NaiveDateTime, Timelike, Utc};
use ourspace_domain::shared::BoxError;
use ourspace_infrastructure::db::{DbConfig, connect, migrate};
use ourspace_infrastructure::repo::refresh_recommendations;
use ourspace_infrastructure::seed::seed_catalog;
use sea_orm::{ConnectionTrait, DatabaseConnection};

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

/// Creates the schema and every row: the spaces and the orders are drawn first (in that
/// order, from one random stream), so each space is written with its kept review count,
/// rating, facility mask and search text as the repositories would keep them.
///
/// # Errors
/// The database failure.
pub async fn fill(url: &str, scale: Scale) -> Result<(), BoxError> {
    let db = connect(&DbConfig::new(url, 4)).await?;
    migrate(&db).await?;
    seed_catalog(&db).await?;
    let now = Utc::now().naive_utc();
    let now = now.with_nanosecond(0).unwrap_or(now);
    let mut rng = Rng::new(42);
    let mut phase = Phase::start();
    users(scale, now).write(&db).await?;
    let spaces = crate::fill_spaces::draw(scale, &mut rng)?;
    let districts = crate::fill_tastes::district_centres(&db).await?;
    let tastes = crate::fill_tastes::Tastes::draw(scale, &mut rng, &spaces, &districts);
    let orders = Orders::draw(scale, &mut rng, &tastes, now);
    phase.done("users written, spaces and orders drawn");
    crate::fill_space_rows::write(&db, scale, &spaces, &orders.ratings, now).await?;
    phase.done("spaces written");
    let (n_orders, n_reviews) = orders.write(&db).await?;
    phase.done("orders and reviews written");
    // The calendar search reads, as the repositories would have kept it.
    ourspace_calendar::rebuild_calendar(&db).await?;
    phase.done("calendar built");
    // What recommendations read, as `serve` keeps it.
    let refreshed = refresh_recommendations(&db, now.and_utc()).await?;
    phase.done("recommendations refreshed");
    println!(
        "recommendations: {} pairs, {} spaces booked lately",
        refreshed.pairs, refreshed.popular
    );
    analyze(&db).await?;
    phase.done("analyzed");
    println!(
        "filled: {} users, {} spaces, {n_orders} orders, {n_reviews} reviews",
        scale.users(),
        scale.spaces
    );
    Ok(())
}

/// Prints how long each step of the fill took.
struct Phase(std::time::Instant);

impl Phase {
    fn start() -> Self {
        Self(std::time::Instant::now())
    }

    fn done(&mut self, what: &str) {
        println!("{what}: {:.1} s", self.0.elapsed().as_secs_f64());
        self.0 = std::time::Instant::now();
    }
}

/// The users, each with points enough for any booking.
fn users(scale: Scale, now: NaiveDateTime) -> Inserts {
    let mut users = Inserts::new(
        "users",
        &["kakao_id", "nickname", "points", "created_at", "updated_at"],
    );
    for i in 1..=scale.users() as i64 {
        users.row([
            i.into(),
            format!("user{i}").into(),
            100_000_000_i64.into(),
            now.into(),
            now.into(),
        ]);
    }
    users
}

/// Fresh statistics for the planner on the filled tables (no builder has `ANALYZE`).
async fn analyze(db: &DatabaseConnection) -> Result<(), BoxError> {
    db.execute_unprepared(
        "ANALYZE TABLE spaces, orders, order_slots, reviews, price_options, space_facilities, \
         space_images, space_calendar, space_pairs, space_popularity",
    )
    .await?;
    Ok(())
}
