//! The space calendar computed from the slots themselves: what the `space_calendar` rows
//! must hold (see the `m20261128_000005_space_calendar` migration). It lives in its own
//! crate so the migration and the repositories share it while the migration crate holds
//! schema history only. The migration fills the table with it, the benchmark after writing its data in bulk, `ourspace calendar rebuild`
//! when an operator wants it recomputed, and tests compare the kept rows against it.

use chrono::{DateTime, Days, NaiveDate, Utc};
use ourspace_domain::order::OrderStatus;
use ourspace_domain::shared::HourRange;
use ourspace_domain::space::calendar::{DayHolds, Holder, HourMask, Offers};
use sea_orm::sea_query::{Expr, ExprTrait, InsertStatement, JoinType, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr, QueryResult};
use std::collections::{BTreeMap, HashMap};

/// One calendar row: the holds and the two flags search reads.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct CalendarRow {
    pub holds: DayHolds,
    /// Nothing left to book with the confirmed hours taken.
    pub closed_confirmed: bool,
    /// Nothing left to book with the waiting hours taken too.
    pub closed_any: bool,
}

impl CalendarRow {
    /// The row for `holds` of a space selling `offers`.
    #[must_use]
    pub fn new(holds: DayHolds, offers: &Offers) -> Self {
        Self {
            holds,
            closed_confirmed: holds.closed_when_confirmed(offers),
            closed_any: holds.closed_while_waiting(offers),
        }
    }
}

/// Every space's calendar rows, keyed by space and date.
pub type Calendar = BTreeMap<(i64, NaiveDate), CalendarRow>;

fn db_err(e: impl std::fmt::Display) -> DbErr {
    DbErr::Custom(e.to_string())
}

async fn rows<C: ConnectionTrait>(
    db: &C,
    query: &SelectStatement,
) -> Result<Vec<QueryResult>, DbErr> {
    db.query_all_raw(db.get_database_backend().build(query))
        .await
}

/// What each space that has packages or an hourly rate sells for a day.
async fn all_offers<C: ConnectionTrait>(db: &C) -> Result<HashMap<i64, Offers>, DbErr> {
    let mut packages: HashMap<i64, Vec<HourRange>> = HashMap::new();
    let query = Query::select()
        .columns(["space_id", "start_hour", "end_hour"])
        .from("price_options")
        .to_owned();
    for row in rows(db, &query).await? {
        let (start, end): (i16, i16) =
            (row.try_get("", "start_hour")?, row.try_get("", "end_hour")?);
        let range = HourRange::new(start.into(), end.into()).map_err(db_err)?;
        packages
            .entry(row.try_get("", "space_id")?)
            .or_default()
            .push(range);
    }
    let query = Query::select()
        .columns(["id", "min_hours"])
        .from("spaces")
        .and_where(Expr::col("hourly_rate").is_not_null())
        .to_owned();
    let mut min_hours: HashMap<i64, u8> = HashMap::new();
    for row in rows(db, &query).await? {
        let hours: Option<i32> = row.try_get("", "min_hours")?;
        let hours = <u8 as TryFrom<i32>>::try_from(hours.unwrap_or(1)).map_err(db_err)?;
        min_hours.insert(row.try_get("", "id")?, hours);
    }
    let ids: Vec<i64> = packages.keys().chain(min_hours.keys()).copied().collect();
    Ok(ids
        .into_iter()
        .map(|id| {
            let offers = Offers::new(
                packages.get(&id).cloned().unwrap_or_default(),
                min_hours.get(&id).copied(),
            );
            (id, offers)
        })
        .collect())
}

/// `FROM order_slots os JOIN orders o` (the slot's order), to add columns and conditions to.
#[must_use]
pub fn slots_with_orders() -> SelectStatement {
    Query::select()
        .from_as("order_slots", "os")
        .join_as(
            JoinType::InnerJoin,
            "orders",
            "o",
            Expr::col(("o", "id")).equals(("os", "order_id")),
        )
        .to_owned()
}

/// The calendar as the slots of holding orders make it.
///
/// # Errors
/// The database failure, or a stored row out of its range.
pub async fn calendar_from_slots<C: ConnectionTrait>(db: &C) -> Result<Calendar, DbErr> {
    let query = slots_with_orders()
        .columns([("os", "space_id"), ("os", "date"), ("os", "hour")])
        .columns([("o", "status"), ("o", "expires_at")])
        .to_owned();
    let mut holds: BTreeMap<(i64, NaiveDate), DayHolds> = BTreeMap::new();
    for row in rows(db, &query).await? {
        let space: i64 = row.try_get("", "space_id")?;
        let date: NaiveDate = row.try_get("", "date")?;
        let hour: i16 = row.try_get("", "hour")?;
        let status: String = row.try_get("", "status")?;
        let expires_at: Option<DateTime<Utc>> = row.try_get("", "expires_at")?;
        let status: OrderStatus = status.parse().map_err(db_err)?;
        let Some(holder) = Holder::of(status, expires_at) else {
            continue;
        };
        let hour = <u8 as TryFrom<i16>>::try_from(hour).map_err(db_err)?;
        holds
            .entry((space, date))
            .or_default()
            .hold(HourMask::of_hours([hour]), holder);
        if let Some(before) = date.checked_sub_days(Days::new(1)) {
            holds
                .entry((space, before))
                .or_default()
                .hold(HourMask::of_hours([hour + 24]), holder);
        }
    }
    let offers = all_offers(db).await?;
    let none = Offers::default();
    Ok(holds
        .into_iter()
        .map(|(key, h)| {
            (
                key,
                CalendarRow::new(h, offers.get(&key.0).unwrap_or(&none)),
            )
        })
        .collect())
}

/// The columns of a calendar row, in the order [`insert_rows`] writes them.
pub const COLUMNS: [&str; 7] = [
    "space_id",
    "date",
    "confirmed_hours",
    "waiting_hours",
    "waiting_until",
    "closed_confirmed",
    "closed_any",
];

/// An `INSERT` of calendar rows (without conflict handling).
#[must_use]
pub fn insert_rows<'a>(
    rows: impl IntoIterator<Item = (&'a (i64, NaiveDate), &'a CalendarRow)>,
) -> InsertStatement {
    let mut insert = Query::insert();
    insert.into_table("space_calendar").columns(COLUMNS);
    for ((space, date), row) in rows {
        insert.values_panic([
            (*space).into(),
            (*date).into(),
            row.holds.confirmed.as_i64().into(),
            row.holds.waiting.as_i64().into(),
            row.holds.waiting_until.into(),
            row.closed_confirmed.into(),
            row.closed_any.into(),
        ]);
    }
    insert
}

/// Replaces every calendar row with what the slots make; the number of rows written. Run
/// it inside a transaction that holds every space's lock when bookings may be under way
/// (`ourspace calendar rebuild` does).
///
/// # Errors
/// The database failure.
pub async fn rebuild_calendar<C: ConnectionTrait>(db: &C) -> Result<usize, DbErr> {
    let calendar = calendar_from_slots(db).await?;
    let backend = db.get_database_backend();
    db.execute_raw(backend.build(Query::delete().from_table("space_calendar")))
        .await?;
    let entries: Vec<_> = calendar.iter().collect();
    for chunk in entries.chunks(500) {
        db.execute_raw(backend.build(&insert_rows(chunk.iter().copied())))
            .await?;
    }
    Ok(calendar.len())
}
