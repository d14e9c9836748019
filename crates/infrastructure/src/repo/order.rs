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
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, FromQueryResult, Statement,
    TransactionTrait, Value,
};

use super::order_read;

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
struct Id {
    id: i64,
}

async fn ids(txn: &DatabaseTransaction, sql: &str, values: Vec<Value>) -> Result<Vec<i64>, DbErr> {
    let stmt = Statement::from_sql_and_values(txn.get_database_backend(), sql, values);
    Ok(Id::find_by_statement(stmt)
        .all(txn)
        .await?
        .into_iter()
        .map(|r| r.id)
        .collect())
}

/// Expires the waiting orders among `candidates` whose time ran out at `now` and releases
/// their slots. The update re-checks status and deadline under its row locks, so an order
/// paid meanwhile is left alone.
async fn expire(
    txn: &DatabaseTransaction,
    candidates: &[i64],
    now: DateTime<Utc>,
) -> Result<u64, DbErr> {
    if candidates.is_empty() {
        return Ok(0);
    }
    let list = placeholders(candidates.len());
    let id_values = || candidates.iter().map(|id| Value::from(*id));
    let updated = txn
        .execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            format!(
                "UPDATE orders SET status = 'expired', expired_at = ?, updated_at = ? \
                 WHERE id IN ({list}) AND status IN ('requested', 'pending') AND expires_at <= ?"
            ),
            [now.into(), now.into()]
                .into_iter()
                .chain(id_values())
                .chain([now.into()]),
        ))
        .await?
        .rows_affected();
    exec(
        txn,
        &format!(
            "DELETE FROM order_slots WHERE order_id IN \
             (SELECT id FROM orders WHERE id IN ({list}) AND status = 'expired')"
        ),
        id_values().collect(),
    )
    .await?;
    Ok(updated)
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

async fn place_in(txn: &DatabaseTransaction, o: &NewOrder) -> Result<OrderId, DbErr> {
    let space = o.space_id.get();
    let slots = o.time.hours.slots(o.time.date);
    let (condition, values) = slot_condition(&slots);
    let overdue = ids(
        txn,
        &format!(
            "SELECT DISTINCT o.id FROM order_slots os JOIN orders o ON o.id = os.order_id \
             WHERE os.space_id = ? AND ({condition}) \
             AND o.status IN ('requested', 'pending') AND o.expires_at <= ?"
        ),
        [Value::from(space)]
            .into_iter()
            .chain(values)
            .chain([o.created_at.into()])
            .collect(),
    )
    .await?;
    expire(txn, &overdue, o.created_at).await?;
    let b = &o.booker;
    let inserted = txn
        .execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "INSERT INTO orders (space_id, guest_id, date, option_id, option_name, start_hour, \
             end_hour, guests, booker_name, booker_phone, booker_email, booker_purpose, \
             booker_request, price, status, expires_at, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)",
            [
                space.into(),
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
    let id = i64::try_from(inserted.last_insert_id())
        .map_err(|e| DbErr::Custom(format!("order id out of range: {e}")))?;
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
    Ok(OrderId(id))
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

/// The change inside `txn`; anything but `Changed` is to be rolled back.
async fn change_in(txn: &DatabaseTransaction, c: &StatusChange) -> Result<ChangeOutcome, DbErr> {
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
    if txn.execute_raw(stmt).await?.rows_affected() == 0 {
        return Ok(ChangeOutcome::Superseded);
    }
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
            return Ok(ChangeOutcome::InsufficientPoints);
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
    if c.release_slots {
        exec(
            txn,
            "DELETE FROM order_slots WHERE order_id = ?",
            vec![c.order_id.get().into()],
        )
        .await?;
    }
    Ok(ChangeOutcome::Changed)
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
                    let overdue = ids(
                        &txn,
                        "SELECT id FROM orders WHERE status IN ('requested', 'pending') \
                         AND expires_at <= ? ORDER BY id LIMIT 500",
                        vec![now.into()],
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
