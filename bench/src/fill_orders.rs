//! The benchmark's orders: over 150 days around today, a sold hour never twice, and
//! reviews of past confirmed ones.

use crate::fill::{Rng, Scale, insert_rows};
use chrono::{Days, NaiveDate, Utc};
use ourspace_domain::shared::BoxError;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::HashSet;

/// The orders over 150 days around today with their slots (a sold hour never twice), and
/// reviews of past confirmed ones; returns how many reviews.
pub(crate) async fn fill_orders(
    db: &DatabaseConnection,
    scale: Scale,
    rng: &mut Rng,
    today: NaiveDate,
    now: &str,
) -> Result<usize, BoxError> {
    let (n_spaces, n_users, n_orders, n_reviews) =
        (scale.spaces, scale.users(), scale.orders(), scale.reviews());
    let mut taken = HashSet::new();
    let (mut orders, mut slots, mut reviews) = (Vec::new(), Vec::new(), Vec::new());
    for order in 1..=n_orders {
        let space = 1 + rng.below(n_spaces);
        let date = today - Days::new(120) + Days::new(rng.below(150) as u64);
        let (start, end) = if rng.below(2) == 0 { (9, 18) } else { (18, 24) };
        let free = !taken.contains(&(space, date, start));
        let status = match rng.below(10) {
            _ if !free => "cancelled",
            0 => "cancelled",
            1 if date >= today => "pending",
            _ => "confirmed",
        };
        if status != "cancelled" {
            taken.insert((space, date, start));
            for h in start..end {
                slots.push(format!("({space}, '{date}', {h}, {order})"));
            }
        }
        let expires = if status == "pending" {
            format!(
                "'{}'",
                (Utc::now() + chrono::Duration::hours(3)).format("%Y-%m-%d %H:%M:%S")
            )
        } else {
            "NULL".into()
        };
        orders.push(format!(
            "({space}, {guest}, '{date}', {start}, {end}, 2, '벤치', '01012345678', 'b@e.nch', 50000, '{status}', {expires}, '{now}', '{now}')",
            guest = 1 + rng.below(n_users),
        ));
        if status == "confirmed" && date < today && reviews.len() < n_reviews {
            reviews.push(format!(
                "({space}, {guest}, {order}, {rating}, '좋았어요', '{now}')",
                guest = 1 + rng.below(n_users),
                rating = 1 + rng.below(5)
            ));
        }
    }
    insert_rows(
        db,
        "INSERT INTO orders (space_id, guest_id, date, start_hour, end_hour, guests, booker_name, booker_phone, \
         booker_email, price, status, expires_at, created_at, updated_at)",
        orders,
    )
    .await?;
    insert_rows(
        db,
        "INSERT INTO order_slots (space_id, date, hour, order_id)",
        slots,
    )
    .await?;
    let review_count = reviews.len();
    insert_rows(
        db,
        "INSERT INTO reviews (space_id, author_id, order_id, rating, content, created_at)",
        reviews,
    )
    .await?;
    db.execute_unprepared(
        "UPDATE spaces s JOIN (SELECT space_id, COUNT(*) AS n, SUM(rating) AS total FROM reviews GROUP BY space_id) r \
         ON r.space_id = s.id SET s.review_count = r.n, s.rating_sum = r.total, s.rating_avg = r.total / r.n",
    )
    .await?;
    Ok(review_count)
}
