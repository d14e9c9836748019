//! Orders: placing one inserts its slot rows in the same transaction, so the unique index
//! on `order_slots(space_id, date, hour)` refuses a second sale of any hour; every status
//! change is a conditional update on the current status, with its points and slots.

use super::{is_unique_violation, with_retries};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ourspace_domain::order::{
    ChangeOutcome, NewOrder, OrderFilter, OrderRepository, OrderView, Placement, StatusChange,
};
use ourspace_domain::shared::{BoxError, OrderId, Paged, Slot};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, TransactionTrait};

use super::calendar::{self, HoursMove};
use super::order_change::change_in;
use super::order_expiry::{expire, held_at, overdue_holders};
use super::order_guard;
use super::order_read;
use super::status_sql::waiting;
use super::taste_version::raise_taste_version;
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

/// Locks the space, then the guest (checking their limits), writes the order and its
/// slots (the unique slot index refuses an hour held by anyone else), raises the guest's
/// taste version and holds its hours in the space's calendar. Only when a slot is refused
/// does it look for overdue waiting orders holding the hours: those are expired (their
/// slots released) and the slots written again. The space before the guest, as a payment
/// locks them.
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
    raise_taste_version(txn, o.guest_id.get()).await?;
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
    let mut insert = Query::insert();
    insert
        .into_table("order_slots")
        .columns(["space_id", "date", "hour", "order_id"]);
    for slot in slots {
        insert
            .values([
                space.into(),
                slot.date.into(),
                i32::from(slot.hour).into(),
                id.into(),
            ])
            .map_err(|e| DbErr::Custom(e.to_string()))?;
    }
    txn.execute(&insert).await.map(|_| ())
}

/// Inserts the order's row; its id.
async fn insert_order(txn: &DatabaseTransaction, o: &NewOrder) -> Result<i64, DbErr> {
    let b = &o.booker;
    let columns = order_read::PLACED
        .into_iter()
        .chain(["created_at", "updated_at"]);
    let values = [
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
    ];
    let insert = Query::insert()
        .into_table("orders")
        .columns(columns)
        .values(values)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .take();
    let inserted = txn.execute(&insert).await?;
    i64::try_from(inserted.last_insert_id())
        .map_err(|e| DbErr::Custom(format!("order id out of range: {e}")))
}

#[async_trait]
impl OrderRepository for SeaOrmOrderRepository {
    async fn place(&self, order: &NewOrder) -> Result<Placement, BoxError> {
        // Most refused bookings end here, with one read and no transaction: an hour an
        // order still holds is taken (one freed a moment later is as if asked a moment
        // earlier). One freed or taken since is for the transaction's slot index to tell.
        let slots = order.time.hours.slots(order.time.date);
        if held_at(&self.db, order.space_id.get(), &slots, order.created_at).await? {
            return Ok(Placement::SlotTaken);
        }
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
                    crate::search::note_commit();
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
        .take();
    let rows = txn
        .query_all_raw(txn.get_database_backend().build(&query))
        .await?;
    rows.iter()
        .map(|r| Ok((r.try_get("", "id")?, r.try_get("", "space_id")?)))
        .collect()
}
