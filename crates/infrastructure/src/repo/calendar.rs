//! Keeps `space_calendar` in step with `order_slots`, inside the transaction that changes
//! the slots (see the `ourspace_calendar` crate for what a row holds). A space's
//! calendar changes one transaction at a time: each writer first locks the space's row and
//! packages, which also gives it what the space sells, so the flags it writes match the
//! packages a host may be changing at the same moment.

use super::in_list::among;
use super::search_changes;
use chrono::{DateTime, Days, NaiveDate, Utc};
use ourspace_calendar::{CalendarRow, insert_rows, slots_with_orders};
use ourspace_domain::order::OrderStatus;
use ourspace_domain::shared::HourRange;
use ourspace_domain::space::calendar::{DayHolds, Holder, HourMask, Offers, touched_days};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, OnConflict, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr, QueryResult};
use std::collections::BTreeMap;

/// Hours an order holds that change hands: given back by `release`, taken by `hold`.
#[derive(Debug, Clone, Copy)]
pub(crate) struct HoursMove {
    pub date: NaiveDate,
    pub hours: HourRange,
    pub release: Option<Holder>,
    pub hold: Option<Holder>,
}

fn out_of_range(e: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(format!("stored value out of range: {e}"))
}

async fn rows(
    txn: &DatabaseTransaction,
    query: &SelectStatement,
) -> Result<Vec<QueryResult>, DbErr> {
    txn.query_all_raw(txn.get_database_backend().build(query))
        .await
}

/// Locks space `space` (its row and its packages) for the rest of `txn` and reads what it
/// sells for a day. A space that does not exist sells nothing.
pub(crate) async fn lock_offers(txn: &DatabaseTransaction, space: i64) -> Result<Offers, DbErr> {
    let query = Query::select()
        .columns([("s", "hourly_rate"), ("s", "min_hours")])
        .columns([("p", "start_hour"), ("p", "end_hour")])
        .from_as("spaces", "s")
        .join_as(
            JoinType::LeftJoin,
            "price_options",
            "p",
            Expr::col(("p", "space_id")).equals(("s", "id")),
        )
        .and_where(Expr::col(("s", "id")).eq(space))
        .lock_exclusive()
        .take();
    let mut packages = Vec::new();
    let mut min_hours = None;
    for row in rows(txn, &query).await? {
        let rate: Option<i64> = row.try_get("", "hourly_rate")?;
        let hours: Option<i32> = row.try_get("", "min_hours")?;
        if rate.is_some() {
            min_hours = Some(u8::try_from(hours.unwrap_or(1)).map_err(out_of_range)?);
        }
        let start: Option<i16> = row.try_get("", "start_hour")?;
        let end: Option<i16> = row.try_get("", "end_hour")?;
        if let (Some(start), Some(end)) = (start, end) {
            packages.push(HourRange::new(start.into(), end.into()).map_err(out_of_range)?);
        }
    }
    Ok(Offers::new(packages, min_hours))
}

/// The stored rows of `space` (on `dates` only, when given), locked for the rest of `txn`.
async fn read_rows(
    txn: &DatabaseTransaction,
    space: i64,
    dates: Option<&[NaiveDate]>,
) -> Result<BTreeMap<NaiveDate, DayHolds>, DbErr> {
    let mut query = Query::select();
    query
        .columns(["date", "confirmed_hours", "waiting_hours", "waiting_until"])
        .from("space_calendar")
        .and_where(Expr::col("space_id").eq(space))
        .lock_exclusive();
    if let Some(dates) = dates {
        query.and_where(among(Expr::col("date"), dates.iter().copied()));
    }
    let mut found = BTreeMap::new();
    for row in rows(txn, &query).await? {
        let bits = |column: &str| -> Result<HourMask, DbErr> {
            let n: i64 = row.try_get("", column)?;
            Ok(HourMask::from_bits(u64::try_from(n).map_err(out_of_range)?))
        };
        let until: Option<DateTime<Utc>> = row.try_get("", "waiting_until")?;
        let holds = DayHolds {
            confirmed: bits("confirmed_hours")?,
            waiting: bits("waiting_hours")?,
            waiting_until: until,
        };
        found.insert(row.try_get("", "date")?, holds);
    }
    Ok(found)
}

/// Writes `rows` of `space` with their flags: rows holding nothing are deleted, the others
/// inserted or overwritten.
async fn write_rows(
    txn: &DatabaseTransaction,
    space: i64,
    offers: &Offers,
    rows: &BTreeMap<NaiveDate, DayHolds>,
) -> Result<(), DbErr> {
    let backend = txn.get_database_backend();
    let empty: Vec<NaiveDate> = rows
        .iter()
        .filter(|(_, h)| h.is_empty())
        .map(|(d, _)| *d)
        .collect();
    if !empty.is_empty() {
        let mut delete = Query::delete();
        delete
            .from_table("space_calendar")
            .and_where(Expr::col("space_id").eq(space))
            .and_where(among(Expr::col("date"), empty));
        txn.execute_raw(backend.build(&delete)).await?;
    }
    let kept: Vec<((i64, NaiveDate), CalendarRow)> = rows
        .iter()
        .filter(|(_, h)| !h.is_empty())
        .map(|(d, h)| ((space, *d), CalendarRow::new(*h, offers)))
        .collect();
    if kept.is_empty() {
        return Ok(());
    }
    let mut upsert = insert_rows(kept.iter().map(|(k, r)| (k, r)));
    upsert.on_conflict(
        OnConflict::columns([Alias::new("space_id"), Alias::new("date")])
            .update_columns(
                [
                    "confirmed_hours",
                    "waiting_hours",
                    "waiting_until",
                    "closed_confirmed",
                    "closed_any",
                ]
                .map(Alias::new),
            )
            .to_owned(),
    );
    txn.execute_raw(backend.build(&upsert)).await.map(|_| ())
}

/// Applies `moves` of `space`'s hours to its calendar; `offers` come from [`lock_offers`],
/// called earlier in `txn`.
pub(crate) async fn apply(
    txn: &DatabaseTransaction,
    space: i64,
    offers: &Offers,
    moves: &[HoursMove],
) -> Result<(), DbErr> {
    let touched: Vec<(NaiveDate, HourMask, &HoursMove)> = moves
        .iter()
        .filter(|m| m.release != m.hold)
        .flat_map(|m| {
            touched_days(m.date, m.hours)
                .into_iter()
                .map(move |(d, mask)| (d, mask, m))
        })
        .collect();
    if touched.is_empty() {
        return Ok(());
    }
    search_changes::record(txn, space).await?;
    let mut dates: Vec<NaiveDate> = touched.iter().map(|(d, _, _)| *d).collect();
    dates.sort_unstable();
    dates.dedup();
    let mut rows = read_rows(txn, space, Some(&dates)).await?;
    let mut released_waiting = Vec::new();
    for (date, mask, m) in touched {
        let row = rows.entry(date).or_default();
        if let Some(holder) = m.release {
            row.release(mask, holder);
            if matches!(holder, Holder::Waiting { .. }) {
                released_waiting.push(date);
            }
        }
        if let Some(holder) = m.hold {
            row.hold(mask, holder);
        }
    }
    for date in released_waiting {
        if let Some(row) = rows.get_mut(&date).filter(|r| !r.waiting.is_empty()) {
            row.waiting_until = latest_waiting_deadline(txn, space, date).await?;
        }
    }
    write_rows(txn, space, offers, &rows).await
}

/// The latest deadline among the waiting orders that hold hours of the calendar row of
/// `space` on `date` (slots on that date or the next), as committed: a row whose waiting
/// holds changed hands keeps the deadline of the holds it still has.
async fn latest_waiting_deadline(
    txn: &DatabaseTransaction,
    space: i64,
    date: NaiveDate,
) -> Result<Option<DateTime<Utc>>, DbErr> {
    let dates = [Some(date), date.checked_add_days(Days::new(1))];
    let waiting = OrderStatus::all_waiting().map(OrderStatus::as_str);
    let query = slots_with_orders()
        .column(("o", "expires_at"))
        .and_where(Expr::col(("os", "space_id")).eq(space))
        .and_where(Expr::col(("os", "date")).is_in(dates.into_iter().flatten()))
        .and_where(Expr::col(("o", "status")).is_in(waiting))
        .lock_shared()
        .take();
    let mut latest = None;
    for row in rows(txn, &query).await? {
        let until: Option<DateTime<Utc>> = row.try_get("", "expires_at")?;
        latest = Ord::max(latest, until);
    }
    Ok(latest)
}

/// Recomputes the flags of every calendar row of `space`, after what it sells changed.
pub(crate) async fn refresh(
    txn: &DatabaseTransaction,
    space: i64,
    offers: &Offers,
) -> Result<(), DbErr> {
    let rows = read_rows(txn, space, None).await?;
    write_rows(txn, space, offers, &rows).await
}

/// Recomputes every calendar row from the slots (the operator's `ourspace calendar
/// rebuild`), while every space is locked as calendar writers lock them, so no booking
/// lands between the read of the slots and the rows written; the number of rows.
///
/// # Errors
/// The database failure; nothing is changed then.
pub async fn rebuild(db: &sea_orm::DatabaseConnection) -> Result<usize, DbErr> {
    in_transaction!(db, txn => {
        let every_space = Query::select()
            .column("id")
            .from("spaces")
            .lock_exclusive()
            .take();
        rows(&txn, &every_space).await?;
        search_changes::record_every_space(&txn).await?;
        ourspace_calendar::rebuild_calendar(&txn).await
    })
}
