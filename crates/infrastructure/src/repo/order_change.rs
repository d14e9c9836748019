//! A status change of an order in one transaction: the conditional status update, the
//! points it moves with their ledger rows, the slots it releases and the calendar.

use super::calendar::{self, HoursMove};
use super::points::{Movement, Reason};
use super::taste_version::raise_taste_version;
use ourspace_domain::order::{ChangeOutcome, OrderStatus, StatusChange};
use ourspace_domain::recommend::is_choice;
use ourspace_domain::shared::{HourRange, UserId, Won};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, FromQueryResult};

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

/// The guest, space and hours of an order (they never change).
#[derive(FromQueryResult)]
struct OrderHours {
    guest_id: i64,
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

/// The change inside `txn` (an order that stops being a choice raises its guest's taste
/// version); anything but `Changed` is to be rolled back. The order's space is locked
/// first, as every writer of its calendar does.
pub(super) async fn change_in(
    txn: &DatabaseTransaction,
    c: &StatusChange,
) -> Result<ChangeOutcome, DbErr> {
    let hours = Query::select()
        .columns(["guest_id", "space_id", "date", "start_hour", "end_hour"])
        .from("orders")
        .and_where(Expr::col("id").eq(c.order_id.get()))
        .take();
    let Some(order) = OrderHours::find_by_statement(txn.get_database_backend().build(&hours))
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
        let slots = Query::delete()
            .from_table("order_slots")
            .and_where(Expr::col("order_id").eq(c.order_id.get()))
            .take();
        txn.execute(&slots).await?;
    }
    if is_choice(c.from) != is_choice(c.to) {
        raise_taste_version(txn, order.guest_id).await?;
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
    let mut update = Query::update();
    update.table("orders").values([
        ("status", c.to.as_str().into()),
        ("updated_at", c.at.into()),
        ("expires_at", c.expires_at.into()),
        (stamp_column(c.to), c.at.into()),
    ]);
    if let Some(policy) = c.refund_policy {
        update
            .value("refund_full_days", i64::from(policy.full_days_before))
            .value("refund_half_days", i64::from(policy.half_days_before));
    }
    if let Some((_, refund)) = c.refund {
        update.value("refunded_amount", refund.get());
    }
    update
        .and_where(Expr::col("id").eq(c.order_id.get()))
        .and_where(Expr::col("status").eq(c.from.as_str()));
    if c.from.is_waiting() {
        // A waiting order moves on only while its time lasts; expiring it needs the opposite.
        let expires_at = Expr::col("expires_at");
        update.and_where(if c.to == OrderStatus::Expired {
            expires_at.lte(c.at)
        } else {
            expires_at.gt(c.at)
        });
    }
    Ok(txn.execute(&update).await?.rows_affected() > 0)
}

/// Takes the charge and gives the refund, with their ledger rows; false when the guest's
/// points do not cover the charge.
async fn move_points(txn: &DatabaseTransaction, c: &StatusChange) -> Result<bool, DbErr> {
    let movement = |user: UserId, amount: i64, reason| Movement {
        user: user.get(),
        order: Some(c.order_id.get()),
        amount,
        reason,
        at: c.at,
    };
    if let Some((user, price)) = c.charge {
        let charge = movement(user, -price.get(), Reason::OrderPayment);
        let update = charge
            .update()
            .value("updated_at", c.at)
            .and_where(Expr::col("points").gte(price.get()))
            .take();
        if !charge.apply(txn, &update).await? {
            return Ok(false);
        }
    }
    if let Some((user, refund)) = c.refund.filter(|(_, r)| *r > Won::ZERO) {
        let refund = movement(user, refund.get(), Reason::OrderRefund);
        let update = refund.update().value("updated_at", c.at).take();
        refund.apply(txn, &update).await?;
    }
    Ok(true)
}
