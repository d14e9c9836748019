//! Orders: placing one inserts its slot rows in the same transaction, so the unique index
//! on `order_slots(space_id, date, hour)` refuses a second sale of any hour; every status
//! change is a conditional update on the current status, with its points and slots.

use super::{exec, is_unique_violation, placeholders, with_retries};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ourspace_domain::order::{
    ChangeOutcome, NewOrder, OrderFilter, OrderRepository, OrderView, Placement, StatusChange,
};
use ourspace_domain::shared::{BoxError, OrderId, Paged, Slot};
use sea_orm::{
    ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, Statement, TransactionTrait,
    Value,
};

use super::calendar::{self, HoursMove};
use super::order_change::change_in;
use super::order_expiry::{expire, overdue_holders};
use super::order_guard;
use super::order_read;
use super::status_sql::waiting;
use ourspace_domain::space::calendar::Holder;
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query};

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

/// `(os.date = ? AND os.hour IN (…)) OR …` for the slots, grouped by date.
pub(super) fn slot_condition(slots: &[Slot]) -> (String, Vec<Value>) {
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

/// Locks the space, then the guest (checking their limits), writes the order and its
/// slots (the unique slot index refuses an hour held by anyone else) and holds its hours in
/// the space's calendar. Only when a slot is refused does it look for overdue waiting orders
/// holding the hours: those are expired (their slots released) and the slots written again.
/// The space before the guest, as a payment locks them.
async fn place_in(txn: &DatabaseTransaction, o: &NewOrder) -> Result<Placement, DbErr> {
    let space = o.space_id.get();
    let offers = calendar::lock_offers(txn, space).await?;
    if let Some(refused) = order_guard::refusal(txn, o).await? {
        return Ok(refused);
    }
    let id = insert_order(txn, o).await?;
    let slots = o.time.hours.slots(o.time.date);
    match insert_slots(txn, space, id, &slots).await {
        Err(e) if is_unique_violation(&e) => {
            let overdue = overdue_holders(txn, space, &slots, o.created_at).await?;
            if overdue.is_empty() {
                return Err(e);
            }
            expire(txn, &overdue, o.created_at).await?;
            insert_slots(txn, space, id, &slots).await?;
        }
        written => written?,
    }
    let hold = HoursMove {
        date: o.time.date,
        hours: o.time.hours,
        release: None,
        hold: Holder::of(o.status, Some(o.expires_at)),
    };
    calendar::apply(txn, space, &offers, &[hold]).await?;
    Ok(Placement::Placed(OrderId(id)))
}

/// Writes the slot rows of order `id`.
async fn insert_slots(
    txn: &DatabaseTransaction,
    space: i64,
    id: i64,
    slots: &[Slot],
) -> Result<(), DbErr> {
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
    .await
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

#[async_trait]
impl OrderRepository for SeaOrmOrderRepository {
    async fn place(&self, order: &NewOrder) -> Result<Placement, BoxError> {
        let placed =
            with_retries(|| async { in_transaction!(self.db, txn => place_in(&txn, order).await) })
                .await;
        match placed {
            Ok(placement) => Ok(placement),
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
                    let overdue = overdue_batch(&txn, now).await?;
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

/// Up to 500 waiting orders whose time ran out by `now`, oldest first, as (id, space).
async fn overdue_batch(
    txn: &DatabaseTransaction,
    now: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>, DbErr> {
    let query = Query::select()
        .columns(["id", "space_id"])
        .from("orders")
        .and_where(Expr::col("status").is_in(waiting()))
        .and_where(Expr::col("expires_at").lte(now))
        .order_by("id", Order::Asc)
        .limit(500)
        .to_owned();
    let rows = txn
        .query_all_raw(txn.get_database_backend().build(&query))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "space_id")?)))
        .collect()
}
