//! What the search index is built from: live spaces read as [`IndexedSpace`]s, a page of
//! the catalogue at a time or the spaces the change feed names, in four statements (the
//! rows with their names, their photos, their facilities, their calendar rows from a date
//! on). The lists of ids are padded (`among`): the feed's batches vary in length, and each
//! length would otherwise be a statement of its own in the connection's cache.

use super::in_list::among;
use super::space::{group_related, related_rows, summary};
use super::space_sql::{Related, SummaryRow, s, summary_columns};
use chrono::{DateTime, NaiveDate, Utc};
use ourspace_domain::shared::{BoxError, Coordinates, FacilityId};
use ourspace_domain::space::calendar::HourMask;
use ourspace_domain::space::index::DayState;
use ourspace_domain::space::{IndexedSpace, OpenPeriod};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Order, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};
use std::collections::{BTreeMap, HashMap};

/// The columns a search needs beside a list item's.
#[derive(Debug, FromQueryResult)]
struct IndexRow {
    search_text: String,
    latitude: f64,
    longitude: f64,
    open_from: Option<NaiveDate>,
    open_until: Option<NaiveDate>,
}

#[derive(Debug, FromQueryResult)]
struct DayRow {
    space_id: i64,
    date: NaiveDate,
    confirmed_hours: i64,
    waiting_hours: i64,
    waiting_until: Option<DateTime<Utc>>,
    closed_confirmed: bool,
    closed_any: bool,
}

/// Which live spaces to read.
pub enum Spaces<'a> {
    /// Up to `limit` spaces after id `after`, by id.
    After {
        /// The last id of the previous page (0 first).
        after: i64,
        /// The page's size.
        limit: u64,
    },
    /// These spaces (the deleted and missing ones are left out).
    Ids(&'a [i64]),
}

fn rows_of(which: &Spaces<'_>) -> SelectStatement {
    let mut select = Query::select();
    summary_columns(&mut select)
        .columns(
            [
                "search_text",
                "latitude",
                "longitude",
                "open_from",
                "open_until",
            ]
            .map(|c| ("s", c)),
        )
        .expr_as(Expr::value(Option::<i64>::None), "total_matches")
        .from_as("spaces", "s");
    // Left joins: the spaces drive the read, along the primary key in id order. With inner
    // joins MySQL may start from the eight categories and sort every space (6 s a page
    // at 1,000,000 spaces). Every space has its category and district (foreign keys).
    for (table, alias, column) in [
        ("categories", "c", "category_id"),
        ("districts", "d", "district_id"),
    ] {
        select.join_as(
            JoinType::LeftJoin,
            table,
            alias,
            Expr::col((alias, "id")).equals(("s", column)),
        );
    }
    select.and_where(s("deleted_at").is_null());
    match which {
        Spaces::After { after, limit } => {
            select
                .and_where(s("id").gt(*after))
                .order_by_expr(s("id"), Order::Asc)
                .limit(*limit);
        }
        Spaces::Ids(ids) => {
            select.and_where(among(s("id"), ids.iter().copied()));
        }
    }
    select
}

/// The calendar rows of `ids` on `from` and later.
fn days_of(ids: &[i64], from: NaiveDate) -> SelectStatement {
    Query::select()
        .columns(ourspace_calendar::COLUMNS)
        .from("space_calendar")
        .and_where(among(Expr::col("space_id"), ids.iter().copied()))
        .and_where(Expr::col("date").gte(from))
        .take()
}

#[derive(Debug, FromQueryResult)]
struct FacilityRow {
    space_id: i64,
    facility_id: i64,
}

/// The facilities of `ids`.
fn facilities_of(ids: &[i64]) -> SelectStatement {
    Query::select()
        .columns(["space_id", "facility_id"])
        .from("space_facilities")
        .and_where(among(Expr::col("space_id"), ids.iter().copied()))
        .take()
}

fn day_state(row: &DayRow) -> DayState {
    let mask = |bits: i64| HourMask::from_bits(bits.cast_unsigned());
    DayState {
        confirmed: mask(row.confirmed_hours),
        waiting: mask(row.waiting_hours),
        waiting_until: row.waiting_until,
        closed_confirmed: row.closed_confirmed,
        closed_any: row.closed_any,
    }
}

/// The live spaces `which` names, as the index keeps them, with their calendar rows of
/// `from` (the day before today: its hours 24–47 are today's) and later.
///
/// # Errors
/// The database failure, or a stored value out of its type's range.
pub async fn read(
    db: &DatabaseConnection,
    which: Spaces<'_>,
    from: NaiveDate,
) -> Result<Vec<IndexedSpace>, BoxError> {
    let backend = db.get_database_backend();
    let rows = db.query_all_raw(backend.build(&rows_of(&which))).await?;
    let ids: Vec<i64> = rows
        .iter()
        .map(|r| r.try_get::<i64>("", "id"))
        .collect::<Result<_, _>>()?;
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let images = related_rows(
        db,
        &ids,
        Related {
            options_and_facilities: false,
        },
    )
    .await?;
    let mut related = group_related(images)?;
    let mut facilities: HashMap<i64, Vec<FacilityId>> = HashMap::new();
    for row in FacilityRow::find_by_statement(backend.build(&facilities_of(&ids)))
        .all(db)
        .await?
    {
        let of_space = facilities.entry(row.space_id).or_default();
        of_space.push(FacilityId(row.facility_id));
    }
    let mut days: HashMap<i64, BTreeMap<NaiveDate, DayState>> = HashMap::new();
    for row in DayRow::find_by_statement(backend.build(&days_of(&ids, from)))
        .all(db)
        .await?
    {
        days.entry(row.space_id)
            .or_default()
            .insert(row.date, day_state(&row));
    }
    let mut spaces = Vec::with_capacity(rows.len());
    for row in rows {
        let extra = IndexRow::from_query_result(&row, "")?;
        let list_item = SummaryRow::from_query_result(&row, "")?;
        let (id, rating_sum) = (list_item.id, list_item.rating_sum);
        let of_space = related.remove(&id).unwrap_or_default();
        spaces.push(IndexedSpace {
            summary: summary(list_item, of_space.images)?,
            search_text: extra.search_text,
            rating_sum,
            facilities: facilities.remove(&id).unwrap_or_default(),
            coordinates: Coordinates::new(extra.latitude, extra.longitude)?,
            open_period: OpenPeriod::new(extra.open_from, extra.open_until)?,
            days: days.remove(&id).unwrap_or_default(),
        });
    }
    Ok(spaces)
}

/// The newest position of the change feed (0 when it is empty).
///
/// # Errors
/// The database failure.
pub async fn feed_head(db: &DatabaseConnection) -> Result<i64, BoxError> {
    let head = Query::select()
        .expr_as(Expr::col("seq").max(), "seq")
        .from("search_changes")
        .take();
    let row = db
        .query_one_raw(db.get_database_backend().build(&head))
        .await?;
    Ok(row
        .and_then(|r| r.try_get::<Option<i64>>("", "seq").ok().flatten())
        .unwrap_or(0))
}

/// A change: its position and the space it names.
#[derive(Debug, Clone, Copy, PartialEq, Eq, FromQueryResult)]
pub struct Change {
    /// Its position in the feed.
    pub seq: i64,
    /// The space whose searchable facts changed.
    pub space_id: i64,
}

/// Up to `limit` changes after position `after`, in order.
///
/// # Errors
/// The database failure.
pub async fn changes_after(
    db: &DatabaseConnection,
    after: i64,
    limit: u64,
) -> Result<Vec<Change>, BoxError> {
    let select = Query::select()
        .columns(["seq", "space_id"])
        .from("search_changes")
        .and_where(Expr::col("seq").gt(after))
        .order_by("seq", Order::Asc)
        .limit(limit)
        .take();
    Ok(
        Change::find_by_statement(db.get_database_backend().build(&select))
            .all(db)
            .await?,
    )
}

/// Deletes the changes recorded before `before`; the number deleted.
///
/// # Errors
/// The database failure.
pub async fn prune_changes(
    db: &DatabaseConnection,
    before: DateTime<Utc>,
) -> Result<u64, BoxError> {
    let delete = Query::delete()
        .from_table("search_changes")
        .and_where(Expr::col("created_at").lt(before))
        .take();
    Ok(db.execute(&delete).await?.rows_affected())
}
