//! Reading orders: one order for its parties, the guest's list and the host's list, each
//! read as of now (a lapsed waiting order reads as expired).

use super::{OrderReading, OrderService, unexpected};
use crate::order::ports::{OrderFilter, OrderView, When};
use crate::order::status::OrderStatus;
use crate::order::{BookedTime, Order, OrderError, OrderInput, RefundPolicy};
use crate::shared::{OrderId, Page, Paged, PriceOptionId, SpaceId, UserId, Won};
use crate::space::InvalidParameter;
use chrono::{Duration, NaiveDate};

/// The filters of the guest's own list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct MyOrdersQuery {
    /// Which page.
    pub page: Page,
    /// Only orders in this status (as readers see it).
    pub status: Option<OrderStatus>,
    /// Only upcoming or only past bookings.
    pub when: Option<When>,
}

/// The filters of the host's list.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct HostOrdersQuery {
    /// Which page.
    pub page: Page,
    /// Only orders for this space.
    pub space: Option<SpaceId>,
    /// Only orders in this status (as readers see it).
    pub status: Option<OrderStatus>,
    /// Only bookings on or after this date.
    pub date_from: Option<NaiveDate>,
    /// Only bookings on or before this date.
    pub date_to: Option<NaiveDate>,
}

/// A booking sent again (a double click, a reload, a second tab) within this many minutes
/// finds the order the first one placed.
pub const RESENT_WITHIN_MINUTES: i64 = 10;

/// Whether `time` is the time `input` asks for: its package, or its hour range.
fn asks_for(input: &OrderInput, time: &BookedTime) -> bool {
    match input.option_id {
        Some(option) => time.option_id.map(PriceOptionId::get) == Some(option),
        None => {
            (input.start_hour, input.end_hour)
                == (
                    Some(i64::from(time.hours.start())),
                    Some(i64::from(time.hours.end())),
                )
        }
    }
}

impl OrderService {
    /// The guest's own order that `input` already placed — same space, date and time,
    /// placed in the last [`RESENT_WITHIN_MINUTES`] and still holding its hours — if any:
    /// what a booking sent twice answers instead of a conflict with itself.
    ///
    /// # Errors
    /// A storage failure.
    pub async fn placed_just_now(
        &self,
        guest: UserId,
        input: &OrderInput,
    ) -> Result<Option<OrderReading>, OrderError> {
        let (Some(space), Some(date)) = (input.space_id, input.date) else {
            return Ok(None);
        };
        let same_day = self
            .list(OrderFilter {
                guest: Some(guest),
                space: Some(SpaceId(space)),
                date_from: Some(date),
                date_to: Some(date),
                ..self.filter(Page::default())
            })
            .await?;
        let since = self.clock.now() - Duration::minutes(RESENT_WITHIN_MINUTES);
        Ok(same_day.items.into_iter().find(|r| {
            r.view.order.created_at >= since
                && r.status.holds_slots()
                && asks_for(input, &r.view.order.time)
        }))
    }

    /// The refund policy paying now copies onto an order, to show before paying.
    #[must_use]
    pub fn refund_policy(&self) -> RefundPolicy {
        self.settings.refund_policy
    }

    /// What the guest gets back by cancelling `order` today: by its policy once paid,
    /// nothing before (nothing was charged).
    #[must_use]
    pub fn refund_on_cancel(&self, order: &Order) -> Won {
        if order.status != OrderStatus::Confirmed {
            return Won::ZERO;
        }
        let policy = order.refund_policy.unwrap_or(self.settings.refund_policy);
        policy.refund(order.price, order.time.date, self.clock.today())
    }

    /// The order, for its guest or its space's host.
    ///
    /// # Errors
    /// [`OrderError::NotFound`] for anyone else.
    pub async fn get(&self, user: UserId, id: OrderId) -> Result<OrderReading, OrderError> {
        let reading = self.read(id).await?;
        if reading.view.order.guest_id == user || reading.view.space.host_id == user {
            Ok(reading)
        } else {
            Err(OrderError::NotFound)
        }
    }

    /// The guest's own orders, newest date first.
    ///
    /// # Errors
    /// A storage failure.
    pub async fn list_mine(
        &self,
        guest: UserId,
        query: MyOrdersQuery,
    ) -> Result<Paged<OrderReading>, OrderError> {
        self.list(OrderFilter {
            guest: Some(guest),
            status: query.status,
            when: query.when,
            ..self.filter(query.page)
        })
        .await
    }

    /// Orders for the host's spaces, newest date first.
    ///
    /// # Errors
    /// [`OrderError::InvalidParameter`] when `date_from` is after `date_to`.
    pub async fn list_hosted(
        &self,
        host: UserId,
        query: HostOrdersQuery,
    ) -> Result<Paged<OrderReading>, OrderError> {
        if let (Some(from), Some(to)) = (query.date_from, query.date_to)
            && from > to
        {
            return Err(InvalidParameter {
                parameter: "date_to",
                message: "must not be before date_from".into(),
            }
            .into());
        }
        self.list(OrderFilter {
            host: Some(host),
            space: query.space,
            status: query.status,
            date_from: query.date_from,
            date_to: query.date_to,
            ..self.filter(query.page)
        })
        .await
    }

    fn filter(&self, page: Page) -> OrderFilter {
        OrderFilter {
            page,
            guest: None,
            host: None,
            space: None,
            status: None,
            when: None,
            date_from: None,
            date_to: None,
            now: self.clock.now(),
            local_now: self.clock.local_now(),
        }
    }

    async fn list(&self, filter: OrderFilter) -> Result<Paged<OrderReading>, OrderError> {
        let paged = self.orders.list(&filter).await.map_err(unexpected)?;
        Ok(paged.map(|v| self.reading(v)))
    }

    pub(super) async fn read(&self, id: OrderId) -> Result<OrderReading, OrderError> {
        let view = self
            .orders
            .find(id)
            .await
            .map_err(unexpected)?
            .ok_or(OrderError::NotFound)?;
        Ok(self.reading(view))
    }

    pub(super) fn reading(&self, view: OrderView) -> OrderReading {
        OrderReading {
            status: view.order.effective_status(self.clock.now()),
            is_expired: view.order.time.has_ended(self.clock.local_now()),
            view,
        }
    }
}
