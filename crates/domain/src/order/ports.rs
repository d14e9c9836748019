//! What orders need from storage.

use super::booker::BookerContact;
use super::model::{BookedTime, Order};
use super::refund::RefundPolicy;
use super::status::OrderStatus;
use crate::shared::{BoxError, OrderId, Page, Paged, SpaceId, UserId, Won};
use crate::space::SpaceDetail;
use crate::space::calendar::Holder;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// An order to write, every rule already checked.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewOrder {
    /// The space booked.
    pub space_id: SpaceId,
    /// The guest booking.
    pub guest_id: UserId,
    /// The date and hours booked.
    pub time: BookedTime,
    /// The package's name, for a package booking.
    pub option_name: Option<String>,
    /// Head count.
    pub guests: u16,
    /// Contact details of the person booking.
    pub booker: BookerContact,
    /// The price in won.
    pub price: Won,
    /// `requested` or `pending`.
    pub status: OrderStatus,
    /// When the waiting order's time runs out.
    pub expires_at: DateTime<Utc>,
    /// When it is placed.
    pub created_at: DateTime<Utc>,
    /// What the guest must meet for the order to be written (checked with the guest's row
    /// locked, so one guest's orders placed at once cannot all slip past).
    pub limits: PlacementLimits,
}

impl NewOrder {
    /// The order as written with `id`, for `space` (its title, host and first photo as
    /// read before the write): what reading it back returns, without the read.
    #[must_use]
    pub fn placed(self, id: OrderId, space: &SpaceDetail) -> OrderView {
        OrderView {
            order: Order {
                id,
                space_id: self.space_id,
                guest_id: self.guest_id,
                time: self.time,
                guests: self.guests,
                booker: self.booker,
                price: self.price,
                status: self.status,
                expires_at: Some(self.expires_at),
                refund_policy: None,
                created_at: self.created_at,
            },
            space: OrderSpace {
                id: space.summary.id,
                title: space.summary.title.clone(),
                host_id: space.host.id,
                image_url: space.summary.images.first().map(|i| i.url.clone()),
            },
            option_name: self.option_name,
            refunded: None,
        }
    }
}

/// The limits a guest's new order is held to, so nobody holds calendars they cannot pay
/// for: at most `max_waiting` orders waiting (for payment or the host) at once, and, when
/// `must_afford`, points covering the price when it is placed.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct PlacementLimits {
    /// The most orders the guest may have waiting, this one included.
    pub max_waiting: u32,
    /// Whether the guest's points must cover the price now.
    pub must_afford: bool,
}

impl PlacementLimits {
    /// No limit: for loading data (fixtures, the benchmark) straight through the port.
    #[must_use]
    pub fn unlimited() -> Self {
        Self {
            max_waiting: u32::MAX,
            must_afford: false,
        }
    }
}

/// What became of placing an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Placement {
    /// Written, with this id.
    Placed(OrderId),
    /// One of its hours is held by another order.
    SlotTaken,
    /// The guest already has [`PlacementLimits::max_waiting`] orders waiting.
    TooManyWaiting,
    /// The guest's points do not cover the price.
    CannotAfford,
}

/// The space an order is for, as order lists show it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderSpace {
    /// The space's id.
    pub id: SpaceId,
    /// Its title.
    pub title: String,
    /// Its host.
    pub host_id: UserId,
    /// The space's first photo, if it still has one.
    pub image_url: Option<String>,
}

/// An order with what readers show beside it.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderView {
    /// The order.
    pub order: Order,
    /// The space it is for.
    pub space: OrderSpace,
    /// The package's name, for a package booking.
    pub option_name: Option<String>,
    /// Points given back when it was cancelled after payment.
    pub refunded: Option<Won>,
}

/// Booked ranges that have not ended, or that have.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum When {
    /// The booked range has not ended.
    Upcoming,
    /// The booked range has ended.
    Past,
}

impl std::str::FromStr for When {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "upcoming" => Ok(When::Upcoming),
            "past" => Ok(When::Past),
            _ => Err("must be `upcoming` or `past`".into()),
        }
    }
}

/// Which orders to list. Newest date first.
#[derive(Debug, Clone, PartialEq)]
pub struct OrderFilter {
    /// Which page.
    pub page: Page,
    /// Orders this user placed …
    pub guest: Option<UserId>,
    /// … or orders for spaces this user hosts.
    pub host: Option<UserId>,
    /// Only orders for this space.
    pub space: Option<SpaceId>,
    /// As readers see it: a waiting order whose time ran out counts as expired.
    pub status: Option<OrderStatus>,
    /// Only upcoming or only past bookings.
    pub when: Option<When>,
    /// Only bookings on or after this date.
    pub date_from: Option<NaiveDate>,
    /// Only bookings on or before this date.
    pub date_to: Option<NaiveDate>,
    /// The instant statuses are judged at.
    pub now: DateTime<Utc>,
    /// The business-time-zone time `when` is judged at.
    pub local_now: NaiveDateTime,
}

/// A status change with everything that moves with it, applied in one transaction and only
/// if the order is still `from` (and, for a waiting order, its time has not run out at
/// `at`).
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StatusChange {
    /// The order to change.
    pub order_id: OrderId,
    /// The status it must still be in.
    pub from: OrderStatus,
    /// The status it moves to.
    pub to: OrderStatus,
    /// When the change happens.
    pub at: DateTime<Utc>,
    /// The new waiting deadline (`None` clears it).
    pub expires_at: Option<DateTime<Utc>>,
    /// Deletes the order's slots, so its hours can be sold again.
    pub release_slots: bool,
    /// Points taken from the guest (never below zero).
    pub charge: Option<(UserId, Won)>,
    /// Points given back to the guest (recorded even when zero, as the refunded amount).
    pub refund: Option<(UserId, Won)>,
    /// Copied onto the order when it is paid.
    pub refund_policy: Option<RefundPolicy>,
}

impl StatusChange {
    /// Who held the order's hours before the change and who holds them after it: a paid
    /// order holds them for good, a waiting one until its (new) deadline, and a change
    /// that releases the slots leaves nobody.
    #[must_use]
    pub fn holders(&self) -> (Option<Holder>, Option<Holder>) {
        let before = Holder::of(self.from, None);
        let after = if self.release_slots {
            None
        } else {
            Holder::of(self.to, self.expires_at)
        };
        (before, after)
    }
}

/// What became of a status change.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum ChangeOutcome {
    /// Applied.
    Changed,
    /// The order was no longer `from` (or its time had run out): someone else won.
    Superseded,
    /// The guest's points do not cover the charge; nothing changed.
    InsufficientPoints,
}

/// Reads and writes orders.
///
/// Lists answer in a fixed number of statements, whatever the page size.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait OrderRepository: Send + Sync {
    /// In one transaction: expires the waiting orders that hold one of the new order's
    /// hours and whose time ran out by `order.created_at` (releasing their slots), then
    /// writes the order and its slots. A slot held by anyone else means nothing is written.
    ///
    /// # Errors
    /// The storage failure; nothing is written then.
    async fn place(&self, order: &NewOrder) -> Result<Placement, BoxError>;

    /// # Errors
    /// The storage failure.
    async fn find(&self, id: OrderId) -> Result<Option<OrderView>, BoxError>;

    /// One page of orders and the total.
    ///
    /// # Errors
    /// The storage failure.
    async fn list(&self, filter: &OrderFilter) -> Result<Paged<OrderView>, BoxError>;

    /// Applies `change` if the order is still as it expects; see [`StatusChange`].
    ///
    /// # Errors
    /// The storage failure; nothing is changed then.
    async fn change_status(&self, change: &StatusChange) -> Result<ChangeOutcome, BoxError>;

    /// Expires every waiting order whose time ran out by `now`, releasing its slots; the
    /// number expired.
    ///
    /// # Errors
    /// The storage failure; nothing is changed then.
    async fn expire_overdue(&self, now: DateTime<Utc>) -> Result<u64, BoxError>;
}

#[cfg(test)]
mod tests {
    use super::When;

    #[test]
    fn when_is_upcoming_or_past_and_nothing_else() {
        assert!(matches!("upcoming".parse(), Ok(When::Upcoming)));
        assert!(matches!("past".parse(), Ok(When::Past)));
        assert!("Upcoming".parse::<When>().is_err());
        assert!("".parse::<When>().is_err());
    }
}
