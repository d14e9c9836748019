//! The recommender's hold-out evaluation on a filled database: each guest's last booking
//! is hidden (its order marked refused, which no recommendation reads, and what they read
//! rebuilt), then the guest's first page of ten recommendations — through the service and
//! its repository, as the API serves them — either holds the hidden space or not. Beside
//! it, the "popular" baseline: the ten spaces booked most lately that the guest has not
//! booked. Only guests whose last booking is of a space new to them count (the
//! recommender never shows a space already booked). The orders are restored after.

use ourspace_domain::order::OrderStatus;
use ourspace_domain::recommend::{Guest, RecommendParams, RecommendationService, is_choice};
use ourspace_domain::shared::{BoxError, UserId};
use ourspace_infrastructure::clock::SystemClock;
use ourspace_infrastructure::db::{DbConfig, connect};
use ourspace_infrastructure::repo::{SeaOrmRecommendationRepository, refresh_recommendations};
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::{BTreeMap, HashSet};
use std::sync::Arc;

/// How many recommendations a hit may be among.
const AT: usize = 10;

/// A guest's hidden booking.
struct Held {
    guest: i64,
    order: i64,
    space: i64,
    status: String,
    /// The spaces the guest booked before.
    booked: HashSet<i64>,
}

/// Every guest's last booking of a space new to them.
async fn held_out(db: &DatabaseConnection) -> Result<(Vec<Held>, usize), BoxError> {
    let choices = OrderStatus::ALL
        .into_iter()
        .filter(|s| is_choice(*s))
        .map(|s| s.as_str());
    let read = Query::select()
        .columns(["id", "guest_id", "space_id", "status"])
        .from("orders")
        .and_where(Expr::col("status").is_in(choices))
        .order_by("guest_id", Order::Asc)
        .order_by("id", Order::Asc)
        .take();
    let mut by_guest: BTreeMap<i64, Vec<(i64, i64, String)>> = BTreeMap::new();
    for row in db
        .query_all_raw(db.get_database_backend().build(&read))
        .await?
    {
        let guest: i64 = row.try_get("", "guest_id")?;
        let order = (
            row.try_get("", "id")?,
            row.try_get("", "space_id")?,
            row.try_get("", "status")?,
        );
        by_guest.entry(guest).or_default().push(order);
    }
    let guests = by_guest.len();
    let held = by_guest
        .into_iter()
        .filter_map(|(guest, mut orders)| {
            let (order, space, status) = orders.pop()?;
            let booked: HashSet<i64> = orders.iter().map(|o| o.1).collect();
            (!booked.contains(&space)).then_some(Held {
                guest,
                order,
                space,
                status,
                booked,
            })
        })
        .collect();
    Ok((held, guests))
}

/// Sets the status of `orders` to `status`, a thousand at a time.
async fn set_status(db: &DatabaseConnection, orders: &[i64], status: &str) -> Result<(), BoxError> {
    for chunk in orders.chunks(1_000) {
        let update = Query::update()
            .table("orders")
            .value("status", status)
            .and_where(Expr::col("id").is_in(chunk.iter().copied()))
            .take();
        db.execute(&update).await?;
    }
    Ok(())
}

/// The spaces booked most lately, most first.
async fn popular(db: &DatabaseConnection) -> Result<Vec<i64>, BoxError> {
    let read = Query::select()
        .column("space_id")
        .from("space_popularity")
        .order_by("recent_bookings", Order::Desc)
        .order_by("space_id", Order::Desc)
        .limit(5_000)
        .take();
    db.query_all_raw(db.get_database_backend().build(&read))
        .await?
        .into_iter()
        .map(|row| Ok(row.try_get("", "space_id")?))
        .collect()
}

/// Hits of the recommender and of the baseline over `held`.
async fn hits(db: &DatabaseConnection, held: &[Held]) -> Result<(usize, usize), BoxError> {
    let service = RecommendationService::new(
        Arc::new(SeaOrmRecommendationRepository::new(db.clone())),
        SystemClock::shared_utc(),
    );
    let top = popular(db).await?;
    let (mut ours, mut baseline) = (0, 0);
    for h in held {
        let params = RecommendParams {
            per_page: Some(AT as u32),
            ..RecommendParams::default()
        };
        // Each guest is asked once: their taste is read, never a kept one.
        let guest = Guest {
            id: UserId(h.guest),
            taste_version: 0,
        };
        let page = service.for_user(guest, params).await?;
        if page.items.iter().any(|r| r.summary.id.get() == h.space) {
            ours += 1;
        }
        let shown = top.iter().filter(|s| !h.booked.contains(s)).take(AT);
        if shown.into_iter().any(|s| *s == h.space) {
            baseline += 1;
        }
    }
    Ok((ours, baseline))
}

/// Runs the evaluation and prints hit rate at 10 for both.
///
/// # Errors
/// The database failure (the orders are restored whenever they were hidden).
pub async fn evaluate(url: &str) -> Result<(), BoxError> {
    let db = connect(&DbConfig::new(url, 4)).await?;
    let (held, guests) = held_out(&db).await?;
    let ids: Vec<i64> = held.iter().map(|h| h.order).collect();
    let now = chrono::Utc::now();
    set_status(&db, &ids, OrderStatus::Rejected.as_str()).await?;
    let measured = match refresh_recommendations(&db, now).await {
        Ok(_) => hits(&db, &held).await,
        Err(e) => Err(e.into()),
    };
    let mut statuses: BTreeMap<&str, Vec<i64>> = BTreeMap::new();
    for h in &held {
        statuses.entry(h.status.as_str()).or_default().push(h.order);
    }
    for (status, orders) in statuses {
        set_status(&db, &orders, status).await?;
    }
    refresh_recommendations(&db, now).await?;
    let (ours, baseline) = measured?;
    let rate = |n: usize| 100.0 * n as f64 / held.len().max(1) as f64;
    println!(
        "hold-out: {} of {guests} guests (last booking of a space new to them)\n\
         hit rate at {AT}: recommender {:.1} % ({ours}), popular {:.1} % ({baseline}), {:.1}×",
        held.len(),
        rate(ours),
        rate(baseline),
        ours as f64 / baseline.max(1) as f64
    );
    Ok(())
}
