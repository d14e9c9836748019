//! Order statuses in SQL statements, taken from the domain's own lists: a status is always a
//! bound value, never a literal in the text, so the rules of which statuses wait and which
//! hold hours live only in `OrderStatus`.

use chrono::{DateTime, Days, NaiveDate, Utc};
use ourspace_domain::order::OrderStatus;
use sea_orm::Value;
use sea_orm::sea_query::{Expr, ExprTrait};

fn values(statuses: impl Iterator<Item = OrderStatus>) -> Vec<Value> {
    statuses.map(|s| Value::from(s.as_str())).collect()
}

/// The statuses that wait, as values to bind.
pub(super) fn waiting() -> Vec<Value> {
    values(OrderStatus::all_waiting())
}

/// The statuses an order that holds its hours for good (paid) may have.
fn held_for_good() -> Vec<Value> {
    values(
        OrderStatus::ALL
            .into_iter()
            .filter(|s| s.holds_slots() && !s.is_waiting()),
    )
}

/// An order (of alias `order`) that holds its hours at `now`: in a status that holds them
/// for good (paid), or waiting and not yet run out.
pub(super) fn holding_at(order: &'static str, now: DateTime<Utc>) -> Expr {
    let col = |c| Expr::col((order, c));
    col("status").is_in(held_for_good()).or(col("status")
        .is_in(waiting())
        .and(col("expires_at").gt(now)))
}

/// An order (of alias or table `order`) whose booked time runs on `today` or later: booked
/// for today or a later date, or a night package of yesterday running past midnight.
pub(super) fn runs_on_or_after(order: &'static str, today: NaiveDate) -> Expr {
    let col = |c| Expr::col((order, c));
    let yesterday = today - Days::new(1);
    col("date")
        .gte(today)
        .or(col("date").eq(yesterday).and(col("end_hour").gt(24)))
}

/// The status a reader sees at `now` of an order (of alias `order`): a waiting order whose
/// time ran out reads as expired.
pub(super) fn seen_by_reader(order: &'static str, now: DateTime<Utc>) -> Expr {
    let col = |c| Expr::col((order, c));
    Expr::case(
        col("status")
            .is_in(waiting())
            .and(col("expires_at").lte(now)),
        OrderStatus::Expired.as_str(),
    )
    .finally(col("status"))
    .into()
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{MysqlQueryBuilder, Query};

    fn built(condition: Expr) -> (String, Vec<Value>) {
        let (sql, values) = Query::select().expr(condition).build(MysqlQueryBuilder);
        (sql.replace('`', ""), values.0)
    }

    #[test]
    fn no_status_is_written_into_the_text_and_every_mark_has_its_value() {
        let now = Utc::now();
        for (sql, values) in [built(holding_at("o", now)), built(seen_by_reader("o", now))] {
            assert_eq!(sql.matches('?').count(), values.len(), "{sql}");
            for status in OrderStatus::ALL {
                assert!(!sql.contains(status.as_str()), "{sql}");
            }
        }
    }

    #[test]
    fn paid_orders_hold_for_good_and_waiting_ones_until_their_deadline() {
        let now = Utc::now();
        let (sql, values) = built(holding_at("o", now));
        assert_eq!(
            sql,
            "SELECT o.status IN (?) OR (o.status IN (?, ?) AND o.expires_at > ?)"
        );
        let expected: Vec<Value> = vec![
            "confirmed".into(),
            "requested".into(),
            "pending".into(),
            now.into(),
        ];
        assert_eq!(values, expected);
    }

    #[test]
    fn a_reader_sees_an_overdue_waiting_order_as_expired() {
        let now = Utc::now();
        let (sql, values) = built(seen_by_reader("o", now));
        assert_eq!(
            sql,
            "SELECT (CASE WHEN (o.status IN (?, ?) AND o.expires_at <= ?) THEN ? ELSE o.status END)"
        );
        assert_eq!(values[3], Value::from(OrderStatus::Expired.as_str()));
    }
}
