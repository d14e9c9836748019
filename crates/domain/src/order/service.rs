//! Order use cases: placing, reading and moving orders through their status flow.

use super::error::OrderError;
use super::input::OrderInput;
use super::model::Order;
use super::ports::{
    ChangeOutcome, NewOrder, OrderRepository, OrderView, Placement, PlacementLimits, StatusChange,
};
use super::refund::RefundPolicy;
use super::status::{OrderAction, OrderStatus};
use crate::shared::{BookingHorizon, BoxError, Clock, OrderId, SpaceId, UserId, ValidationErrors};
use crate::space::{BookingMode, SpaceRepository};
use chrono::{Duration, SubsecRound};
use std::sync::Arc;

/// How long orders wait and what refunds they promise.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct OrderSettings {
    /// A `pending` order waits this long for payment.
    pub payment_hold: Duration,
    /// A `requested` order waits this long for the host.
    pub approval_hold: Duration,
    /// Copied onto each order when it is paid.
    pub refund_policy: RefundPolicy,
    /// How far ahead a date may be booked.
    pub booking_horizon: BookingHorizon,
    /// Orders one guest may have waiting at once.
    pub max_waiting_orders: u32,
}

impl Default for OrderSettings {
    fn default() -> Self {
        Self {
            payment_hold: Duration::minutes(15),
            approval_hold: Duration::minutes(180),
            refund_policy: RefundPolicy::default(),
            booking_horizon: BookingHorizon::default(),
            max_waiting_orders: 3,
        }
    }
}

/// An order as its reader sees it now.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct OrderReading {
    /// The order and what is shown beside it.
    pub view: OrderView,
    /// A waiting order whose time ran out reads as expired.
    pub status: OrderStatus,
    /// The booked range has ended (business time zone).
    pub is_expired: bool,
}

/// What a party to an order asks for.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum OrderRequest {
    /// The host accepts a request.
    Approve,
    /// The host turns a request down.
    Reject,
    /// The guest pays with points.
    Pay,
    /// The guest (or the host, refunding in full) cancels.
    Cancel,
}

/// Places orders and moves them through the status flow.
#[derive(Clone)]
pub struct OrderService {
    orders: Arc<dyn OrderRepository>,
    spaces: Arc<dyn SpaceRepository>,
    clock: Arc<dyn Clock>,
    settings: OrderSettings,
}

fn unexpected(e: BoxError) -> OrderError {
    OrderError::Unexpected(e)
}

mod reads;
pub use reads::{HostOrdersQuery, MyOrdersQuery, RESENT_WITHIN_MINUTES};

impl OrderService {
    /// A service over these adapters and settings.
    #[must_use]
    pub fn new(
        orders: Arc<dyn OrderRepository>,
        spaces: Arc<dyn SpaceRepository>,
        clock: Arc<dyn Clock>,
        settings: OrderSettings,
    ) -> Self {
        Self {
            orders,
            spaces,
            clock,
            settings,
        }
    }

    /// Books a package or an hour range: `pending` (waiting for payment) on instant spaces,
    /// `requested` (waiting for the host) on approval spaces.
    ///
    /// # Errors
    /// [`OrderError::Validation`] for every broken rule, [`OrderError::SlotTaken`] when an
    /// hour is held by another order (nothing is written then).
    #[tracing::instrument(skip_all, fields(guest = %guest))]
    pub async fn place(
        &self,
        guest: UserId,
        input: &OrderInput,
    ) -> Result<OrderReading, OrderError> {
        let space_id = input
            .space_id
            .filter(|id| *id > 0)
            .ok_or_else(|| ValidationErrors::single("space_id", "is required"))?;
        let space = self
            .spaces
            .find(SpaceId(space_id))
            .await
            .map_err(unexpected)?
            .ok_or_else(|| ValidationErrors::single("space_id", "no such space"))?;
        let quote = input.quote(
            &space,
            guest,
            self.clock.local_now(),
            self.settings.booking_horizon,
        )?;
        // Stored times are whole seconds (MySQL's timestamps are), so the answer built from
        // what is written is what a later read returns.
        let now = self.clock.now().trunc_subsecs(0);
        let (status, hold) = match space.booking_mode {
            BookingMode::Instant => (OrderStatus::Pending, self.settings.payment_hold),
            BookingMode::Approval => (OrderStatus::Requested, self.settings.approval_hold),
        };
        let order = NewOrder {
            space_id: space.summary.id,
            guest_id: guest,
            time: quote.time,
            option_name: quote.option_name,
            guests: quote.guests,
            booker: quote.booker,
            price: quote.price,
            status,
            expires_at: now + hold,
            created_at: now,
            // An instant booking is paid next, so it must be payable now; an approval
            // request is paid only once the host accepts.
            limits: PlacementLimits {
                max_waiting: self.settings.max_waiting_orders,
                must_afford: space.booking_mode == BookingMode::Instant,
            },
        };
        match self.orders.place(&order).await.map_err(unexpected)? {
            Placement::Placed(id) => Ok(self.reading(order.placed(id, &space))),
            Placement::SlotTaken => Err(OrderError::SlotTaken),
            Placement::TooManyWaiting => {
                Err(OrderError::TooManyWaiting(self.settings.max_waiting_orders))
            }
            Placement::CannotAfford => Err(OrderError::InsufficientPoints),
        }
    }

    /// Expires every waiting order whose time ran out, for a periodic job.
    ///
    /// # Errors
    /// A storage failure.
    pub async fn expire_overdue(&self) -> Result<u64, OrderError> {
        self.orders
            .expire_overdue(self.clock.now())
            .await
            .map_err(unexpected)
    }

    /// Moves the order as `user` asks, if the flow allows it and `user` may ask it.
    ///
    /// # Errors
    /// [`OrderError::NotFound`] when `user` is not a party to the order,
    /// [`OrderError::Forbidden`] when the action belongs to the other party,
    /// [`OrderError::InvalidTransition`] when the status does not allow it,
    /// [`OrderError::Superseded`] when a racing change won, [`OrderError::AlreadyEnded`] for cancelling a booking that has
    /// ended, [`OrderError::InsufficientPoints`] for paying without enough points.
    #[tracing::instrument(skip(self), fields(user = %user, order = %id))]
    pub async fn act(
        &self,
        user: UserId,
        id: OrderId,
        request: OrderRequest,
    ) -> Result<OrderReading, OrderError> {
        let reading = self.get(user, id).await?;
        let order = &reading.view.order;
        let is_guest = order.guest_id == user;
        let action = match (request, is_guest) {
            (OrderRequest::Approve, false) => OrderAction::Approve,
            (OrderRequest::Reject, false) => OrderAction::Reject,
            (OrderRequest::Pay, true) => OrderAction::Pay,
            (OrderRequest::Cancel, true) => OrderAction::Cancel,
            (OrderRequest::Cancel, false) => OrderAction::HostCancel,
            (OrderRequest::Approve | OrderRequest::Reject, true) => {
                return Err(OrderError::Forbidden("host"));
            }
            (OrderRequest::Pay, false) => return Err(OrderError::Forbidden("guest")),
        };
        if reading.status != order.status {
            // Its time ran out: record that, then refuse as the flow says.
            self.apply_expiry(order).await?;
        }
        let to = reading.status.transition(action)?;
        if matches!(action, OrderAction::Cancel | OrderAction::HostCancel) && reading.is_expired {
            return Err(OrderError::AlreadyEnded);
        }
        let change = self.change_for(order, action, to);
        match self
            .orders
            .change_status(&change)
            .await
            .map_err(unexpected)?
        {
            ChangeOutcome::Changed => self.read(id).await,
            ChangeOutcome::InsufficientPoints => Err(OrderError::InsufficientPoints),
            ChangeOutcome::Superseded => Err(OrderError::Superseded(self.read(id).await?.status)),
        }
    }

    /// The change `action` makes to `order`, with the points and slots that move with it.
    fn change_for(&self, order: &Order, action: OrderAction, to: OrderStatus) -> StatusChange {
        let now = self.clock.now();
        let mut change = StatusChange {
            order_id: order.id,
            from: order.status,
            to,
            at: now,
            expires_at: None,
            release_slots: !to.holds_slots(),
            charge: None,
            refund: None,
            refund_policy: None,
        };
        match action {
            OrderAction::Approve => change.expires_at = Some(now + self.settings.payment_hold),
            OrderAction::Pay => {
                change.charge = Some((order.guest_id, order.price));
                change.refund_policy = Some(self.settings.refund_policy);
            }
            OrderAction::Cancel if order.status == OrderStatus::Confirmed => {
                change.refund = Some((order.guest_id, self.refund_on_cancel(order)));
            }
            OrderAction::HostCancel => change.refund = Some((order.guest_id, order.price)),
            OrderAction::Reject | OrderAction::Cancel | OrderAction::Expire => {}
        }
        change
    }

    async fn apply_expiry(&self, order: &Order) -> Result<(), OrderError> {
        let change = StatusChange {
            order_id: order.id,
            from: order.status,
            to: OrderStatus::Expired,
            at: self.clock.now(),
            expires_at: None,
            release_slots: true,
            charge: None,
            refund: None,
            refund_policy: None,
        };
        // Whoever else expired or moved it first, the outcome is the same for this caller.
        self.orders
            .change_status(&change)
            .await
            .map(|_| ())
            .map_err(unexpected)
    }
}
