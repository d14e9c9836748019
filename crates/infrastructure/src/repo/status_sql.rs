//! Order statuses in SQL statements, taken from the domain's own lists: a status is always a
//! bound value, never a literal in the text, so the rules of which statuses wait and which
//! hold hours live only in `OrderStatus`.

use chrono::{DateTime, Utc};
use ourspace_domain::order::OrderStatus;
use sea_orm::Value;

use super::placeholders;

fn values(statuses: impl Iterator<Item = OrderStatus>) -> Vec<Value> {
    statuses.map(|s| Value::from(s.as_str())).collect()
}

/// The statuses that wait, as values to bind.
pub(super) fn waiting() -> Vec<Value> {
    values(OrderStatus::all_waiting())
}

/// `column IN (?, …)` over the statuses that wait, and its values.
pub(super) fn is_waiting(column: &str) -> (String, Vec<Value>) {
    let values = waiting();
    (
        format!("{column} IN ({})", placeholders(values.len())),
        values,
    )
}

/// An order (its columns prefixed by `p`, e.g. `o.`) that holds its hours at `now`: in a
/// status that holds them for good (paid), or waiting and not yet run out.
pub(super) fn holds_hours_at(p: &str, now: DateTime<Utc>) -> (String, Vec<Value>) {
    let for_good = values(
        OrderStatus::ALL
            .into_iter()
            .filter(|s| s.holds_slots() && !s.is_waiting()),
    );
    let (waiting, waiting_values) = is_waiting(&format!("{p}status"));
    let sql = format!(
        "({p}status IN ({}) OR ({waiting} AND {p}expires_at > ?))",
        placeholders(for_good.len())
    );
    let values = for_good
        .into_iter()
        .chain(waiting_values)
        .chain([now.into()])
        .collect();
    (sql, values)
}

/// The status a reader sees at `now` (orders' columns prefixed by `p`): a waiting order
/// whose time ran out reads as expired.
pub(super) fn seen_at(p: &str, now: DateTime<Utc>) -> (String, Vec<Value>) {
    let (waiting, waiting_values) = is_waiting(&format!("{p}status"));
    let sql = format!("(CASE WHEN {waiting} AND {p}expires_at <= ? THEN ? ELSE {p}status END)");
    let values = waiting_values
        .into_iter()
        .chain([now.into(), OrderStatus::Expired.as_str().into()])
        .collect();
    (sql, values)
}

#[cfg(test)]
mod tests {
    use super::*;

    fn marks(sql: &str) -> usize {
        sql.matches('?').count()
    }

    #[test]
    fn no_status_is_written_into_the_text_and_every_mark_has_its_value() {
        let now = Utc::now();
        for (sql, values) in [
            is_waiting("status"),
            holds_hours_at("o.", now),
            seen_at("o.", now),
        ] {
            assert_eq!(marks(&sql), values.len(), "{sql}");
            for status in OrderStatus::ALL {
                assert!(!sql.contains(status.as_str()), "{sql}");
            }
        }
    }

    #[test]
    fn paid_orders_hold_for_good_and_waiting_ones_until_their_deadline() {
        let now = Utc::now();
        let (sql, values) = holds_hours_at("o.", now);
        assert_eq!(
            sql,
            "(o.status IN (?) OR (o.status IN (?, ?) AND o.expires_at > ?))"
        );
        let expected: Vec<Value> = vec![
            "confirmed".into(),
            "requested".into(),
            "pending".into(),
            now.into(),
        ];
        assert_eq!(values, expected);
    }
}
