//! The limits a guest's new order is held to (`PlacementLimits`), checked inside the
//! placing transaction with the guest's row locked: one guest's orders placed at once are
//! checked one after the other, on every instance, so none slips past the cap.

use super::status_sql::waiting;
use ourspace_domain::order::{NewOrder, Placement};
use sea_orm::sea_query::{Expr, ExprTrait, LockType, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};

/// `Some(refusal)` when the guest may not place `o` now: too many orders waiting, or (for
/// an order that must be affordable) too few points.
pub(super) async fn refusal(
    txn: &DatabaseTransaction,
    o: &NewOrder,
) -> Result<Option<Placement>, DbErr> {
    let backend = txn.get_database_backend();
    let guest = Query::select()
        .column("points")
        .from("users")
        .and_where(Expr::col("id").eq(o.guest_id.get()))
        .lock(LockType::Update)
        .take();
    let points: i64 = match txn.query_one_raw(backend.build(&guest)).await? {
        Some(row) => row.try_get("", "points")?,
        None => return Err(DbErr::RecordNotFound(format!("user {}", o.guest_id))),
    };
    if o.limits.must_afford && points < o.price.get() {
        return Ok(Some(Placement::CannotAfford));
    }
    let waiting_orders = Query::select()
        .expr_as(Expr::col("id").count(), "n")
        .from("orders")
        .and_where(Expr::col("guest_id").eq(o.guest_id.get()))
        .and_where(Expr::col("status").is_in(waiting()))
        .and_where(Expr::col("expires_at").gt(o.created_at))
        .take();
    let n: i64 = match txn.query_one_raw(backend.build(&waiting_orders)).await? {
        Some(row) => row.try_get("", "n")?,
        None => 0,
    };
    Ok((n >= i64::from(o.limits.max_waiting)).then_some(Placement::TooManyWaiting))
}
