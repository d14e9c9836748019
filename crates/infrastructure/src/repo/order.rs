//! Orders: placing one inserts its slot rows in the same transaction, so the unique index
//! on `order_slots(space_id, date, hour)` refuses a second sale of any hour; every status
//! change is a conditional update on the current status, with its points and slots.

use super::{exec, is_unique_violation, placeholders, with_retries};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ourspace_domain::order::{
    ChangeOutcome, NewOrder, OrderFilter, OrderRepository, OrderStatus, OrderView, Placement,
    StatusChange,
};
use ourspace_domain::shared::{BoxError, OrderId, Paged, Slot, Won};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, FromQueryResult, Statement,
    TransactionTrait, Value,
};

use super::calendar::{self, HoursMove};
use super::order_read;
use ourspace_domain::shared::HourRange;
use ourspace_domain::space::calendar::Holder;

/// Reads and writes orders.
#[derive(Clone)]
pub struct SeaOrmOrderRepository {
    db: DatabaseConnection,
}

impl SeaOrmOrderRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[derive(FromQueryResult)]
struct OrderOfSpace {
    id: i64,
    space_id: i64,
}

/// The `(id, space_id)` pairs `sql` answers.
async fn orders_of_spaces(
    txn: &DatabaseTransaction,
    sql: &str,
    values: Vec<Value>,
) -> Result<Vec<(i64, i64)>, DbErr> {
    let stmt = Statement::from_sql_and_values(txn.get_database_backend(), sql, values);
    Ok(OrderOfSpace::find_by_statement(stmt)
        .all(txn)
        .await?
        .into_iter()
        .map(|r| (r.id, r.space_id))
        .collect())
}

/// A waiting order to expire, as its row stood when locked.
#[derive(FromQueryResult)]
struct Overdue {
    id: i64,
    space_id: i64,
    date: chrono::NaiveDate,
    start_hour: i16,
    end_hour: i16,
}

/// Expires the waiting orders among `candidates` whose time ran out at `now`, releasing
/// their slots and their hours in the spaces' calendars. The spaces are locked first (in id
/// order, as every calendar writer locks them), then the orders still overdue under their
/// row locks, so an order paid meanwhile is left alone.
async fn expire(
    txn: &DatabaseTransaction,
    candidates: &[(i64, i64)],
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    if candidates.is_empty() {
        return Ok(0);
    }
    let mut spaces: Vec<i64> = candidates.iter().map(|(_, space)| *space).collect();
    spaces.sort_unstable();
    spaces.dedup();
    let mut offers = std::collections::HashMap::new();
    for space in spaces {
        offers.insert(space, calendar::lock_offers(txn, space).await?);
    }
    let waiting = OrderStatus::ALL
        .iter()
        .filter(|s| s.is_waiting())
        .map(|s| s.as_str());
    let query = Query::select()
        .columns(["id", "space_id", "date", "start_hour", "end_hour"])
        .from("orders")
        .and_where(Expr::col("id").is_in(candidates.iter().map(|(id, _)| *id)))
        .and_where(Expr::col("status").is_in(waiting))
        .and_where(Expr::col("expires_at").lte(now))
        .lock_exclusive()
        .to_owned();
    let locked = Overdue::find_by_statement(txn.get_database_backend().build(&query))
        .all(txn)
        .await?;
    if locked.is_empty() {
        return Ok(0);
    }
    let list = placeholders(locked.len());
    let ids = || locked.iter().map(|o| Value::from(o.id));
    exec(
        txn,
        &format!(
            "UPDATE orders SET status = ?, expired_at = ?, updated_at = ? WHERE id IN ({list})"
        ),
        [OrderStatus::Expired.as_str().into(), now.into(), now.into()]
            .into_iter()
            .chain(ids())
            .collect(),
    )
    .await?;
    exec(
        txn,
        &format!("DELETE FROM order_slots WHERE order_id IN ({list})"),
        ids().collect(),
    )
    .await?;
    for order in &locked {
        let hours = HourRange::new(order.start_hour.into(), order.end_hour.into())
            .map_err(|e| DbErr::Custom(format!("order {}: {e}", order.id)))?;
        let waiting = Holder::Waiting { until: now };
        let moves = [HoursMove {
            date: order.date,
            hours,
            release: Some(waiting),
            hold: None,
        }];
        calendar::apply(txn, order.space_id, &offers[&order.space_id], &moves).await?;
    }
    Ok(locked.len() as u64)
}

/// The statuses that wait, as values to bind.
fn waiting() -> Vec<Value> {
    OrderStatus::ALL
        .iter()
        .filter(|s| s.is_waiting())
        .map(|s| Value::from(s.as_str()))
        .collect()
}

/// `(os.date = ? AND os.hour IN (…)) OR …` for the slots, grouped by date.
fn slot_condition(slots: &[Slot]) -> (String, Vec<Value>) {
    let mut dates: Vec<_> = slots.iter().map(|s| s.date).collect();
    dates.dedup();
    let mut parts = Vec::new();
    let mut values = Vec::new();
    for date in dates {
        let hours: Vec<Value> = slots
            .iter()
            .filter(|s| s.date == date)
            .map(|s| i32::from(s.hour).into())
            .collect();
        parts.push(format!(
            "(os.date = ? AND os.hour IN ({}))",
            placeholders(hours.len())
        ));
        values.push(date.into());
        values.extend(hours);
    }
    (parts.join(" OR "), values)
}

/// Locks the space, expires the overdue waiting orders holding one of the new order's
/// hours, writes the order and its slots (the unique slot index refuses an hour held by
/// anyone else) and holds its hours in the space's calendar.
async fn place_in(txn: &DatabaseTransaction, o: &NewOrder) -> Result<OrderId, DbErr> {
    let space = o.space_id.get();
    let offers = calendar::lock_offers(txn, space).await?;
    let slots = o.time.hours.slots(o.time.date);
    let (condition, values) = slot_condition(&slots);
    let overdue = orders_of_spaces(
        txn,
        &format!(
            "SELECT DISTINCT o.id, o.space_id FROM order_slots os JOIN orders o ON o.id = os.order_id \
             WHERE os.space_id = ? AND ({condition}) \
             AND o.status IN ({}) AND o.expires_at <= ?",
            placeholders(waiting().len())
        ),
        [Value::from(space)]
            .into_iter()
            .chain(values)
            .chain(waiting())
            .chain([o.created_at.into()])
            .collect(),
    )
    .await?;
    expire(txn, &overdue, o.created_at).await?;
    let id = insert_order(txn, o).await?;
    let rows = vec!["(?, ?, ?, ?)"; slots.len()].join(", ");
    let values = slots.iter().flat_map(|s| {
        [
            Value::from(space),
            s.date.into(),
            i32::from(s.hour).into(),
            id.into(),
        ]
    });
    exec(
        txn,
        &format!("INSERT INTO order_slots (space_id, date, hour, order_id) VALUES {rows}"),
        values.collect(),
    )
    .await?;
    let hold = HoursMove {
        date: o.time.date,
        hours: o.time.hours,
        release: None,
        hold: Holder::of(o.status, Some(o.expires_at)),
    };
    calendar::apply(txn, space, &offers, &[hold]).await?;
    Ok(OrderId(id))
}

/// Inserts the order's row; its id.
async fn insert_order(txn: &DatabaseTransaction, o: &NewOrder) -> Result<i64, DbErr> {
    let b = &o.booker;
    let inserted = txn
        .execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "INSERT INTO orders (space_id, guest_id, date, option_id, option_name, start_hour, \
             end_hour, guests, booker_name, booker_phone, booker_email, booker_purpose, \
             booker_request, price, status, expires_at, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                o.space_id.get().into(),
                o.guest_id.get().into(),
                o.time.date.into(),
                o.time.option_id.map(|id| id.get()).into(),
                o.option_name.clone().into(),
                i32::from(o.time.hours.start()).into(),
                i32::from(o.time.hours.end()).into(),
                i32::from(o.guests).into(),
                b.name.clone().into(),
                b.phone.clone().into(),
                b.email.clone().into(),
                b.purpose.clone().into(),
                b.request.clone().into(),
                o.price.get().into(),
                o.status.as_str().into(),
                o.expires_at.into(),
                o.created_at.into(),
                o.created_at.into(),
            ],
        ))
        .await?;
    i64::try_from(inserted.last_insert_id())
        .map_err(|e| DbErr::Custom(format!("order id out of range: {e}")))
}

/// The column stamped when an order enters `status`.
fn stamp_column(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Requested => "created_at",
        OrderStatus::Pending => "approved_at",
        OrderStatus::Confirmed => "paid_at",
        OrderStatus::Cancelled => "cancelled_at",
        OrderStatus::Rejected => "rejected_at",
        OrderStatus::Expired => "expired_at",
    }
}

async fn record_points(
    txn: &DatabaseTransaction,
    c: &StatusChange,
    user: i64,
    amount: i64,
    reason: &str,
) -> Result<(), DbErr> {
    exec(
        txn,
        "INSERT INTO point_transactions (user_id, order_id, amount, reason, created_at) \
         VALUES (?, ?, ?, ?, ?)",
        vec![
            user.into(),
            c.order_id.get().into(),
            amount.into(),
            reason.into(),
            c.at.into(),
        ],
    )
    .await
}

/// The space and hours of an order (they never change).
#[derive(FromQueryResult)]
struct OrderHours {
    space_id: i64,
    date: chrono::NaiveDate,
    start_hour: i16,
    end_hour: i16,
}

impl OrderHours {
    fn hours(&self) -> Result<HourRange, DbErr> {
        HourRange::new(self.start_hour.into(), self.end_hour.into())
            .map_err(|e| DbErr::Custom(format!("stored hours out of range: {e}")))
    }
}

/// The change inside `txn`; anything but `Changed` is to be rolled back. The order's space
/// is locked first, as every writer of its calendar does.
async fn change_in(txn: &DatabaseTransaction, c: &StatusChange) -> Result<ChangeOutcome, DbErr> {
    let Some(order) = OrderHours::find_by_statement(Statement::from_sql_and_values(
        txn.get_database_backend(),
        "SELECT space_id, date, start_hour, end_hour FROM orders WHERE id = ?",
        [c.order_id.get().into()],
    ))
    .one(txn)
    .await?
    else {
        return Ok(ChangeOutcome::Superseded);
    };
    let offers = calendar::lock_offers(txn, order.space_id).await?;
    if !update_status(txn, c).await? {
        return Ok(ChangeOutcome::Superseded);
    }
    if !move_points(txn, c).await? {
        return Ok(ChangeOutcome::InsufficientPoints);
    }
    if c.release_slots {
        exec(
            txn,
            "DELETE FROM order_slots WHERE order_id = ?",
            vec![c.order_id.get().into()],
        )
        .await?;
    }
    let (release, hold) = c.holders();
    let moved = HoursMove {
        date: order.date,
        hours: order.hours()?,
        release,
        hold,
    };
    calendar::apply(txn, order.space_id, &offers, &[moved]).await?;
    Ok(ChangeOutcome::Changed)
}

/// Moves the order from `c.from` to `c.to`, only if it is still `c.from` (and a waiting
/// order's time has not run out, or has for expiring it); whether it moved.
async fn update_status(txn: &DatabaseTransaction, c: &StatusChange) -> Result<bool, DbErr> {
    let mut sql = format!(
        "UPDATE orders SET status = ?, updated_at = ?, expires_at = ?, {} = ?",
        stamp_column(c.to)
    );
    let mut values: Vec<Value> = vec![
        c.to.as_str().into(),
        c.at.into(),
        c.expires_at.into(),
        c.at.into(),
    ];
    if let Some(policy) = c.refund_policy {
        sql.push_str(", refund_full_days = ?, refund_half_days = ?");
        values.push(i64::from(policy.full_days_before).into());
        values.push(i64::from(policy.half_days_before).into());
    }
    if let Some((_, refund)) = c.refund {
        sql.push_str(", refunded_amount = ?");
        values.push(refund.get().into());
    }
    sql.push_str(" WHERE id = ? AND status = ?");
    values.push(c.order_id.get().into());
    values.push(c.from.as_str().into());
    if c.from.is_waiting() {
        // A waiting order moves on only while its time lasts; expiring it needs the opposite.
        let op = if c.to == OrderStatus::Expired {
            "<="
        } else {
            ">"
        };
        sql.push_str(&format!(" AND expires_at {op} ?"));
        values.push(c.at.into());
    }
    let stmt = Statement::from_sql_and_values(txn.get_database_backend(), sql, values);
    Ok(txn.execute_raw(stmt).await?.rows_affected() > 0)
}

/// Takes the charge and gives the refund, with their ledger rows; false when the guest's
/// points do not cover the charge.
async fn move_points(txn: &DatabaseTransaction, c: &StatusChange) -> Result<bool, DbErr> {
    if let Some((user, price)) = c.charge {
        let charged = txn
            .execute_raw(Statement::from_sql_and_values(
                txn.get_database_backend(),
                "UPDATE users SET points = points - ?, updated_at = ? WHERE id = ? AND points >= ?",
                [
                    price.get().into(),
                    c.at.into(),
                    user.get().into(),
                    price.get().into(),
                ],
            ))
            .await?
            .rows_affected();
        if charged == 0 {
            return Ok(false);
        }
        record_points(txn, c, user.get(), -price.get(), "order_payment").await?;
    }
    if let Some((user, refund)) = c.refund.filter(|(_, r)| *r > Won::ZERO) {
        exec(
            txn,
            "UPDATE users SET points = points + ?, updated_at = ? WHERE id = ?",
            vec![refund.get().into(), c.at.into(), user.get().into()],
        )
        .await?;
        record_points(txn, c, user.get(), refund.get(), "order_refund").await?;
    }
    Ok(true)
}

#[async_trait]
impl OrderRepository for SeaOrmOrderRepository {
    async fn place(&self, order: &NewOrder) -> Result<Placement, BoxError> {
        let placed =
            with_retries(|| async { in_transaction!(self.db, txn => place_in(&txn, order).await) })
                .await;
        match placed {
            Ok(id) => Ok(Placement::Placed(id)),
            // The only unique index an order's writes can hit is the slot index.
            Err(e) if is_unique_violation(&e) => Ok(Placement::SlotTaken),
            Err(e) => Err(e.into()),
        }
    }

    async fn find(&self, id: OrderId) -> Result<Option<OrderView>, BoxError> {
        order_read::find(&self.db, id).await
    }

    async fn list(&self, filter: &OrderFilter) -> Result<Paged<OrderView>, BoxError> {
        let (items, total) = order_read::list(&self.db, filter).await?;
        Ok(Paged::new(items, filter.page, total))
    }

    async fn change_status(&self, change: &StatusChange) -> Result<ChangeOutcome, BoxError> {
        let outcome = with_retries(|| async {
            let txn = self.db.begin().await?;
            match change_in(&txn, change).await {
                Ok(ChangeOutcome::Changed) => {
                    txn.commit().await?;
                    Ok(ChangeOutcome::Changed)
                }
                Ok(other) => {
                    txn.rollback().await?;
                    Ok(other)
                }
                Err(e) => {
                    let _ = txn.rollback().await;
                    Err(e)
                }
            }
        })
        .await?;
        Ok(outcome)
    }

    async fn expire_overdue(&self, now: DateTime<Utc>) -> Result<u64, BoxError> {
        let mut total = 0;
        loop {
            let expired = with_retries(|| async {
                in_transaction!(self.db, txn => {
                    let overdue = orders_of_spaces(
                        &txn,
                        &format!(
                            "SELECT id, space_id FROM orders WHERE status IN ({}) \
                             AND expires_at <= ? ORDER BY id LIMIT 500",
                            placeholders(waiting().len())
                        ),
                        waiting().into_iter().chain([now.into()]).collect(),
                    )
                    .await?;
                    let expired = expire(&txn, &overdue, now).await?;
                    Ok((overdue.len(), expired))
                })
            })
            .await?;
            total += expired.1;
            if expired.0 < 500 {
                return Ok(total);
            }
        }
    }
}
