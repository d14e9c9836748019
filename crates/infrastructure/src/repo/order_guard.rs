//! The limits a guest's new order is held to (`PlacementLimits`), checked inside the
//! placing transaction with the guest's row locked: one guest's orders placed at once are
//! checked one after the other, on every instance, so none slips past the cap.

use super::status_sql::waiting;
use ourspace_domain::order::{NewOrder, Placement};
use sea_orm::sea_query::{Expr, ExprTrait, LockType, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};

/// `Some(refusal)` when the guest may not place `o` now: too many orders waiting, or (for
/// an order that must be affordable) too few points. One statement: the guest's row,
/// locked, with the count of their orders still waiting.
pub(super) async fn refusal(
    txn: &DatabaseTransaction,
    o: &NewOrder,
) -> Result<Option<Placement>, DbErr> {
    let guest_id = o.guest_id.get();
    let waiting_orders = Query::select()
        .expr(Expr::col("id").count())
        .from("orders")
        .and_where(Expr::col("guest_id").eq(guest_id))
        .and_where(Expr::col("status").is_in(waiting()))
        .and_where(Expr::col("expires_at").gt(o.created_at))
        .take();
    let guest = Query::select()
        .column("points")
        .expr_as(Expr::from(waiting_orders), "waiting")
        .from("users")
        .and_where(Expr::col("id").eq(guest_id))
        .lock(LockType::Update)
        .take();
    let backend = txn.get_database_backend();
    let Some(row) = txn.query_one_raw(backend.build(&guest)).await? else {
        return Err(DbErr::RecordNotFound(format!("user {}", o.guest_id)));
    };
    let points: i64 = row.try_get("", "points")?;
    let waiting: i64 = row.try_get("", "waiting")?;
    if o.limits.must_afford && points < o.price.get() {
        return Ok(Some(Placement::CannotAfford));
    }
    Ok((waiting >= i64::from(o.limits.max_waiting)).then_some(Placement::TooManyWaiting))
}
