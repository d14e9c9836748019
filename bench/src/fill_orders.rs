//! The benchmark's orders: over 150 days around today, a sold hour never twice, and
//! reviews of past confirmed ones.

use crate::fill::{Rng, Scale, insert_rows};
use chrono::{Days, NaiveDate, Utc};
use ourspace_domain::order::OrderStatus;
use ourspace_domain::shared::BoxError;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::HashSet;

/// The rows of the orders, their slots and their reviews, as `VALUES` tuples.
#[derive(Default)]
struct OrderRows {
    orders: Vec<String>,
    slots: Vec<String>,
    reviews: Vec<String>,
}

/// The orders over 150 days around today with their slots (a sold hour never twice), and
/// reviews of past confirmed ones; returns how many reviews.
pub(crate) async fn fill_orders(
    db: &DatabaseConnection,
    scale: Scale,
    rng: &mut Rng,
    today: NaiveDate,
    now: &str,
) -> Result<usize, BoxError> {
    let rows = order_rows(scale, rng, today, now);
    let review_count = rows.reviews.len();
    write_orders(db, rows).await?;
    Ok(review_count)
}

/// Draws the orders: a random space, date and package each; a taken package is sold again
/// only as a cancelled order, and some upcoming ones still wait for payment.
fn order_rows(scale: Scale, rng: &mut Rng, today: NaiveDate, now: &str) -> OrderRows {
    let (n_spaces, n_users, n_reviews) = (scale.spaces, scale.users(), scale.reviews());
    let mut taken = HashSet::new();
    let mut rows = OrderRows::default();
    for order in 1..=scale.orders() {
        let space = 1 + rng.below(n_spaces);
        let date = today - Days::new(120) + Days::new(rng.below(150) as u64);
        let (start, end) = if rng.below(2) == 0 { (9, 18) } else { (18, 24) };
        let free = !taken.contains(&(space, date, start));
        let status = match rng.below(10) {
            _ if !free => OrderStatus::Cancelled,
            0 => OrderStatus::Cancelled,
            1 if date >= today => OrderStatus::Pending,
            _ => OrderStatus::Confirmed,
        };
        if status.holds_slots() {
            taken.insert((space, date, start));
            for h in start..end {
                rows.slots
                    .push(format!("({space}, '{date}', {h}, {order})"));
            }
        }
        let expires = if status.is_waiting() {
            let at = Utc::now() + chrono::Duration::hours(3);
            format!("'{}'", at.format("%Y-%m-%d %H:%M:%S"))
        } else {
            "NULL".into()
        };
        rows.orders.push(format!(
            "({space}, {guest}, '{date}', {start}, {end}, 2, '벤치', '01012345678', 'b@e.nch', 50000, '{status}', {expires}, '{now}', '{now}')",
            guest = 1 + rng.below(n_users),
            status = status.as_str(),
        ));
        if status == OrderStatus::Confirmed && date < today && rows.reviews.len() < n_reviews {
            rows.reviews.push(format!(
                "({space}, {guest}, {order}, {rating}, '좋았어요', '{now}')",
                guest = 1 + rng.below(n_users),
                rating = 1 + rng.below(5)
            ));
        }
    }
    rows
}

/// Writes the rows, then the spaces' kept review counts and ratings.
async fn write_orders(db: &DatabaseConnection, rows: OrderRows) -> Result<(), BoxError> {
    insert_rows(
        db,
        "INSERT INTO orders (space_id, guest_id, date, start_hour, end_hour, guests, booker_name, booker_phone, \
         booker_email, price, status, expires_at, created_at, updated_at)",
        rows.orders,
    )
    .await?;
    insert_rows(
        db,
        "INSERT INTO order_slots (space_id, date, hour, order_id)",
        rows.slots,
    )
    .await?;
    insert_rows(
        db,
        "INSERT INTO reviews (space_id, author_id, order_id, rating, content, created_at)",
        rows.reviews,
    )
    .await?;
    db.execute_unprepared(
        "UPDATE spaces s JOIN (SELECT space_id, COUNT(*) AS n, SUM(rating) AS total FROM reviews GROUP BY space_id) r \
         ON r.space_id = s.id SET s.review_count = r.n, s.rating_sum = r.total, s.rating_avg = r.total / r.n",
    )
    .await?;
    Ok(())
}
