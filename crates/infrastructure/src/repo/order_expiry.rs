//! Expiring waiting orders whose time ran out: the sweep's batches and the overdue holders
//! a new booking meets. Each expired order's slots are released and its hours leave the
//! space's calendar in the same transaction.

use super::calendar::{self, HoursMove};
use super::in_list::among;
use super::status_sql::{holding_at, waiting};
use chrono::{DateTime, Utc};
use ourspace_calendar::slots_with_orders;
use ourspace_domain::order::OrderStatus;
use ourspace_domain::shared::{HourRange, Slot};
use ourspace_domain::space::calendar::Holder;
use sea_orm::sea_query::{Condition, Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, FromQueryResult};

#[derive(FromQueryResult)]
struct OrderOfSpace {
    id: i64,
    space_id: i64,
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
pub(super) async fn expire(
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
    let query = overdue(candidates, now);
    let locked = Overdue::find_by_statement(txn.get_database_backend().build(&query))
        .all(txn)
        .await?;
    if locked.is_empty() {
        return Ok(0);
    }
    let ids = || locked.iter().map(|o| o.id);
    let backend = txn.get_database_backend();
    let expire = Query::update()
        .table("orders")
        .values([
            ("status", OrderStatus::Expired.as_str().into()),
            ("expired_at", now.into()),
            ("updated_at", now.into()),
        ])
        .and_where(among(Expr::col("id"), ids()))
        .take();
    txn.execute_raw(backend.build(&expire)).await?;
    let release = Query::delete()
        .from_table("order_slots")
        .and_where(among(Expr::col("order_id"), ids()))
        .take();
    txn.execute_raw(backend.build(&release)).await?;
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

/// The orders among `candidates` still waiting and overdue at `now`, locked for update.
fn overdue(candidates: &[(i64, i64)], now: DateTime<Utc>) -> SelectStatement {
    let waiting = OrderStatus::all_waiting().map(OrderStatus::as_str);
    Query::select()
        .columns(["id", "space_id", "date", "start_hour", "end_hour"])
        .from("orders")
        .and_where(among(Expr::col("id"), candidates.iter().map(|(id, _)| *id)))
        .and_where(Expr::col("status").is_in(waiting))
        .and_where(Expr::col("expires_at").lte(now))
        .lock_exclusive()
        .take()
}

/// `(os.date = ? AND os.hour IN (…)) OR …` for the slots, grouped by date.
fn holding_any_of(slots: &[Slot]) -> Condition {
    let mut dates: Vec<_> = slots.iter().map(|s| s.date).collect();
    dates.dedup();
    dates.into_iter().fold(Condition::any(), |any, date| {
        let hours = slots
            .iter()
            .filter(|s| s.date == date)
            .map(|s| i32::from(s.hour));
        any.add(
            Expr::col(("os", "date"))
                .eq(date)
                .and(among(Expr::col(("os", "hour")), hours)),
        )
    })
}

/// The orders (as `o`) whose slot rows (as `os`) are among `slots` of `space`.
fn holders_of(space: i64, slots: &[Slot]) -> SelectStatement {
    slots_with_orders()
        .and_where(Expr::col(("os", "space_id")).eq(space))
        .cond_where(holding_any_of(slots))
        .take()
}

/// Whether an order still holding its hours at `now` holds one of `slots` of `space`.
pub(super) async fn held_at(
    db: &impl ConnectionTrait,
    space: i64,
    slots: &[Slot],
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let query = holders_of(space, slots)
        .column(("os", "hour"))
        .and_where(holding_at("o", now))
        .limit(1)
        .take();
    let found = db
        .query_one_raw(db.get_database_backend().build(&query))
        .await?;
    Ok(found.is_some())
}

/// The waiting orders whose time ran out by `now` that hold one of `slots` of `space`.
pub(super) async fn overdue_holders(
    txn: &DatabaseTransaction,
    space: i64,
    slots: &[Slot],
    now: DateTime<Utc>,
) -> Result<Vec<(i64, i64)>, DbErr> {
    let o = |c| Expr::col(("o", c));
    let query = holders_of(space, slots)
        .distinct()
        .columns([("o", "id"), ("o", "space_id")])
        .and_where(o("status").is_in(waiting()))
        .and_where(o("expires_at").lte(now))
        .take();
    Ok(
        OrderOfSpace::find_by_statement(txn.get_database_backend().build(&query))
            .all(txn)
            .await?
            .into_iter()
            .map(|r| (r.id, r.space_id))
            .collect(),
    )
}
