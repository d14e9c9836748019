//! Orders and points kept in memory, with the guarantees the port asks of any storage.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ourspace_domain::order::{
    ChangeOutcome, NewOrder, Order, OrderFilter, OrderRepository, OrderSpace, OrderStatus,
    OrderView, Placement, StatusChange,
};
use ourspace_domain::shared::{BoxError, OrderId, Paged, Slot, UserId, Won};
use ourspace_domain::space::calendar::Holder;
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard};

struct Stored {
    order: Order,
    option_name: Option<String>,
    refunded: Option<Won>,
}

impl Stored {
    /// Holds its hours at `at`, by the domain's rule (paid, or waiting and not run out).
    fn holds_at(&self, at: DateTime<Utc>) -> bool {
        Holder::of(self.order.status, self.order.expires_at).is_some_and(|h| h.holds_at(at))
    }

    fn slots(&self) -> Vec<Slot> {
        self.order.time.hours.slots(self.order.time.date)
    }
}

#[derive(Default)]
struct State {
    orders: Vec<Stored>,
    points: HashMap<UserId, i64>,
}

/// Every order of one space, and every guest's points, behind one lock: each call is one
/// transaction.
pub struct InMemoryOrders {
    space: OrderSpace,
    state: Mutex<State>,
}

impl InMemoryOrders {
    pub fn new(space: OrderSpace, points: &[(UserId, i64)]) -> Self {
        let state = State {
            orders: Vec::new(),
            points: points.iter().copied().collect(),
        };
        Self {
            space,
            state: Mutex::new(state),
        }
    }

    pub fn points(&self, user: UserId) -> i64 {
        self.lock().points.get(&user).copied().unwrap_or(0)
    }

    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    fn view(&self, stored: &Stored) -> OrderView {
        OrderView {
            order: stored.order.clone(),
            space: self.space.clone(),
            option_name: stored.option_name.clone(),
            refunded: stored.refunded,
        }
    }
}

fn expire(stored: &mut Stored) {
    stored.order.status = OrderStatus::Expired;
    stored.order.expires_at = None;
}

#[async_trait]
impl OrderRepository for InMemoryOrders {
    async fn place(&self, new: &NewOrder) -> Result<Placement, BoxError> {
        let mut state = self.lock();
        let at = new.created_at;
        let wanted = new.time.hours.slots(new.time.date);
        let clashes = |s: &Stored| {
            s.order.space_id == new.space_id && s.slots().iter().any(|slot| wanted.contains(slot))
        };
        for stored in state.orders.iter_mut() {
            if stored.order.status.is_waiting() && !stored.holds_at(at) && clashes(stored) {
                expire(stored);
            }
        }
        if state.orders.iter().any(|s| s.holds_at(at) && clashes(s)) {
            return Ok(Placement::SlotTaken);
        }
        let waiting = state
            .orders
            .iter()
            .filter(|s| {
                s.order.guest_id == new.guest_id && s.order.status.is_waiting() && s.holds_at(at)
            })
            .count();
        if waiting >= new.limits.max_waiting as usize {
            return Ok(Placement::TooManyWaiting);
        }
        let points = state.points.get(&new.guest_id).copied().unwrap_or(0);
        if new.limits.must_afford && points < new.price.get() {
            return Ok(Placement::CannotAfford);
        }
        let id = OrderId(state.orders.len() as i64 + 1);
        let order = Order {
            id,
            space_id: new.space_id,
            guest_id: new.guest_id,
            time: new.time,
            guests: new.guests,
            booker: new.booker.clone(),
            price: new.price,
            status: new.status,
            expires_at: Some(new.expires_at),
            refund_policy: None,
            created_at: at,
        };
        state.orders.push(Stored {
            order,
            option_name: new.option_name.clone(),
            refunded: None,
        });
        Ok(Placement::Placed(id))
    }

    async fn find(&self, id: OrderId) -> Result<Option<OrderView>, BoxError> {
        let state = self.lock();
        Ok(state
            .orders
            .iter()
            .find(|s| s.order.id == id)
            .map(|s| self.view(s)))
    }

    async fn list(&self, filter: &OrderFilter) -> Result<Paged<OrderView>, BoxError> {
        let state = self.lock();
        let mine = |s: &&Stored| {
            filter.guest.is_none_or(|g| s.order.guest_id == g)
                && filter.host.is_none_or(|h| self.space.host_id == h)
        };
        let matching: Vec<_> = state.orders.iter().filter(mine).collect();
        let page = filter.page;
        let skip = usize::try_from(page.offset()).unwrap_or(usize::MAX);
        let items = matching
            .iter()
            .rev()
            .skip(skip)
            .take(page.per_page() as usize);
        let items = items.map(|s| self.view(s)).collect();
        Ok(Paged::new(items, page, matching.len() as u64))
    }

    async fn change_status(&self, change: &StatusChange) -> Result<ChangeOutcome, BoxError> {
        let mut state = self.lock();
        let State { orders, points } = &mut *state;
        let Some(stored) = orders.iter_mut().find(|s| s.order.id == change.order_id) else {
            return Ok(ChangeOutcome::Superseded);
        };
        let ran_out = change.from.is_waiting() && !stored.holds_at(change.at);
        if stored.order.status != change.from || (ran_out && change.to != OrderStatus::Expired) {
            return Ok(ChangeOutcome::Superseded);
        }
        if let Some((guest, price)) = change.charge {
            let balance = points.entry(guest).or_default();
            if *balance < price.get() {
                return Ok(ChangeOutcome::InsufficientPoints);
            }
            *balance -= price.get();
        }
        if let Some((guest, amount)) = change.refund {
            *points.entry(guest).or_default() += amount.get();
            stored.refunded = Some(amount);
        }
        stored.order.status = change.to;
        stored.order.expires_at = change.expires_at;
        stored.order.refund_policy = change.refund_policy.or(stored.order.refund_policy);
        Ok(ChangeOutcome::Changed)
    }

    async fn expire_overdue(&self, now: DateTime<Utc>) -> Result<u64, BoxError> {
        let mut state = self.lock();
        let overdue = state
            .orders
            .iter_mut()
            .filter(|s| s.order.status.is_waiting() && !s.holds_at(now));
        Ok(overdue.map(expire).count() as u64)
    }
}
