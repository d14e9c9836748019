//! The benchmark's orders: by guests with tastes (`fill_tastes`), over 150 days around
//! today, a sold hour never twice, and reviews of past confirmed ones.

use crate::fill::{Rng, Scale};
use crate::fill_space_rows::Ratings;
use crate::fill_tastes::Tastes;
use crate::inserts::Inserts;
use chrono::{Days, NaiveDate, NaiveDateTime};
use ourspace_domain::order::OrderStatus;
use ourspace_domain::shared::BoxError;
use sea_orm::DatabaseConnection;
use std::collections::HashSet;

/// The orders, their slots and their reviews, drawn; and each space's review count and
/// rating sum.
pub(crate) struct Orders {
    orders: Inserts,
    /// Space, date, hour and order of each sold hour.
    slots: Vec<(i64, NaiveDate, i64, i64)>,
    reviews: Inserts,
    pub(crate) ratings: Ratings,
}

/// One order as drawn.
struct Drawn {
    space: usize,
    guests: i64,
    date: NaiveDate,
    hours: (i64, i64),
    status: OrderStatus,
}

impl Orders {
    fn new() -> Self {
        Self {
            orders: Inserts::new(
                "orders",
                &[
                    "space_id",
                    "guest_id",
                    "date",
                    "start_hour",
                    "end_hour",
                    "guests",
                    "booker_name",
                    "booker_phone",
                    "booker_email",
                    "price",
                    "status",
                    "expires_at",
                    "created_at",
                    "updated_at",
                ],
            ),
            slots: Vec::new(),
            reviews: Inserts::new(
                "reviews",
                &[
                    "space_id",
                    "author_id",
                    "order_id",
                    "rating",
                    "content",
                    "created_at",
                ],
            ),
            ratings: Ratings::new(),
        }
    }

    /// Draws the orders: a random guest, a space to their taste, a random date and package
    /// each; a taken package is sold again only as a cancelled order, and some upcoming
    /// ones still wait for payment.
    pub(crate) fn draw(scale: Scale, rng: &mut Rng, tastes: &Tastes, now: NaiveDateTime) -> Self {
        let today = now.date();
        let mut taken = HashSet::new();
        let mut drawn = Self::new();
        for order in 1..=scale.orders() as i64 {
            let guest = 1 + rng.below(scale.users());
            let (space, guests) = tastes.choose(guest, rng);
            let date = today - Days::new(120) + Days::new(rng.below(150) as u64);
            let hours = if rng.below(2) == 0 { (9, 18) } else { (18, 24) };
            let free = !taken.contains(&(space, date, hours.0));
            let status = match rng.below(10) {
                _ if !free => OrderStatus::Cancelled,
                0 => OrderStatus::Cancelled,
                1 if date >= today => OrderStatus::Pending,
                _ => OrderStatus::Confirmed,
            };
            if status.holds_slots() {
                taken.insert((space, date, hours.0));
            }
            let o = Drawn {
                space,
                guests,
                date,
                hours,
                status,
            };
            drawn.add(order, &o, guest as i64, now);
            if status == OrderStatus::Confirmed
                && date < today
                && drawn.reviews.len() < scale.reviews()
            {
                let author = 1 + rng.below(scale.users()) as i64;
                drawn.review(order, &o, author, 1 + rng.below(5) as i64, now);
            }
        }
        drawn
    }

    /// Adds order `id` by `guest`, with its slots while it holds them.
    fn add(&mut self, id: i64, o: &Drawn, guest: i64, now: NaiveDateTime) {
        let space = o.space as i64;
        if o.status.holds_slots() {
            for h in o.hours.0..o.hours.1 {
                self.slots.push((space, o.date, h, id));
            }
        }
        let expires = o
            .status
            .is_waiting()
            .then(|| now + chrono::Duration::hours(3));
        self.orders.row([
            space.into(),
            guest.into(),
            o.date.into(),
            o.hours.0.into(),
            o.hours.1.into(),
            o.guests.into(),
            "벤치".into(),
            "01012345678".into(),
            "b@e.nch".into(),
            50_000_i64.into(),
            o.status.as_str().into(),
            expires.into(),
            now.into(),
            now.into(),
        ]);
    }

    /// Adds a review of order `id`, counted in its space's kept rating.
    fn review(&mut self, id: i64, o: &Drawn, author: i64, rating: i64, now: NaiveDateTime) {
        let space = o.space as i64;
        self.reviews.row([
            space.into(),
            author.into(),
            id.into(),
            rating.into(),
            "좋았어요".into(),
            now.into(),
        ]);
        let kept = self.ratings.entry(o.space).or_default();
        *kept = (kept.0 + 1, kept.1 + rating);
    }

    /// Writes the orders, slots and reviews; returns how many orders and reviews. The
    /// slots go in the order of their unique index, so that index grows at its end
    /// instead of being written at random (at 1,000,000 spaces it outgrows the buffer
    /// pool).
    pub(crate) async fn write(self, db: &DatabaseConnection) -> Result<(usize, usize), BoxError> {
        let counts = (self.orders.len(), self.reviews.len());
        self.orders.write(db).await?;
        let mut sold = self.slots;
        sold.sort_unstable();
        let mut slots = Inserts::new("order_slots", &["space_id", "date", "hour", "order_id"]);
        for (space, date, hour, order) in sold {
            slots.row([space.into(), date.into(), hour.into(), order.into()]);
        }
        for table in [slots, self.reviews] {
            table.write_in(db, crate::fill_space_rows::LANES).await?;
        }
        Ok(counts)
    }
}
