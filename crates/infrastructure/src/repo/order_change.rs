//! A status change of an order in one transaction: the conditional status update, the
//! points it moves with their ledger rows, the slots it releases and the calendar.

use super::calendar::{self, HoursMove};
use super::exec;
use ourspace_domain::order::{ChangeOutcome, OrderStatus, StatusChange};
use ourspace_domain::shared::{HourRange, Won};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, FromQueryResult, Statement, Value};

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
pub(super) async fn change_in(
    txn: &DatabaseTransaction,
    c: &StatusChange,
) -> Result<ChangeOutcome, DbErr> {
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
