//! The SQL behind space reads, built with sea-query and rendered for the connection's
//! backend: a host's and a liker's lists, a detail's rows, the related rows of many spaces
//! in one batched query, and the conditions recommendations share with search.

use crate::repo::in_list::among;
use chrono::Days;
use ourspace_domain::space::Availability;
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Order, Query, SelectStatement, UnionType};
use sea_orm::{DbBackend, FromQueryResult, Statement, Value};

/// A column of the space row (or derived table) `s`.
pub(crate) fn s(column: &'static str) -> Expr {
    Expr::col(("s", column))
}

/// A value written into the statement's text (a fixed tag or number of a union's column),
/// where a bound value would leave the column's type to the database's guess.
pub(crate) fn constant(value: impl Into<Value>) -> Expr {
    Expr::Constant(value.into())
}

/// Adds the columns a list item needs, with its category and district names, from the
/// space row (or derived table) `s` joined to `c` and `d` (see [`join_names`]).
pub(crate) fn summary_columns(select: &mut SelectStatement) -> &mut SelectStatement {
    select
        .columns(SUMMARY.map(|c| ("s", c)))
        .expr_as(Expr::col(("c", "name")), "category_name")
        .expr_as(Expr::col(("d", "name")), "district_name")
}

/// The columns of `spaces` a list item shows (beside its category's and district's names).
pub(super) const SUMMARY: [&str; 13] = [
    "id",
    "title",
    "subtitle",
    "address",
    "category_id",
    "district_id",
    "min_price",
    "min_guests",
    "max_guests",
    "like_count",
    "review_count",
    "rating_sum",
    "created_at",
];

/// Joins the category `c` and district `d` of the space row (or derived table) `s`.
pub(crate) fn join_names(select: &mut SelectStatement) -> &mut SelectStatement {
    select
        .join_as(
            JoinType::InnerJoin,
            "categories",
            "c",
            Expr::col(("c", "id")).equals(("s", "category_id")),
        )
        .join_as(
            JoinType::InnerJoin,
            "districts",
            "d",
            Expr::col(("d", "id")).equals(("s", "district_id")),
        )
}

/// A list item as read from the database.
#[derive(Debug, FromQueryResult)]
pub(crate) struct SummaryRow {
    pub id: i64,
    pub title: String,
    pub subtitle: String,
    pub address: String,
    pub category_id: i64,
    pub category_name: String,
    pub district_id: i64,
    pub district_name: String,
    pub min_price: i64,
    pub min_guests: i64,
    pub max_guests: i64,
    pub like_count: i64,
    pub review_count: i64,
    pub rating_sum: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
    /// The number of matches, when the page statement counted them.
    pub total_matches: Option<i64>,
}

/// The detail page's own columns on top of the summary, and the row's `version`.
#[derive(Debug, FromQueryResult)]
pub(crate) struct DetailRow {
    pub description: String,
    pub latitude: f64,
    pub longitude: f64,
    pub booking_mode: String,
    pub open_from: Option<chrono::NaiveDate>,
    pub open_until: Option<chrono::NaiveDate>,
    pub hourly_rate: Option<i64>,
    pub min_hours: Option<i64>,
    pub host_id: i64,
    pub host_nickname: String,
    pub version: i64,
}

/// One related row of a space: an image, a package or a facility.
#[derive(Debug, FromQueryResult)]
pub(crate) struct RelatedRow {
    pub kind: String,
    pub id: i64,
    pub space_id: i64,
    pub label: String,
    pub n1: i64,
    pub n2: i64,
    pub n3: i64,
    /// An image's thumbnail URL.
    pub extra: Option<String>,
}

/// The slots (`os`, with their orders `o`) of the space `space` (a value, or the column
/// of an outer row) on `a`'s date and the next day whose orders hold them at `a.now`.
pub(crate) fn held_slots(space: Expr, a: &Availability) -> SelectStatement {
    let slot = |c| Expr::col(("os", c));
    ourspace_calendar::slots_with_orders()
        .and_where(slot("space_id").eq(space))
        .and_where(slot("date").is_in([a.date, a.date + Days::new(1)]))
        .and_where(super::status_sql::holding_at("o", a.now))
        .take()
}

/// A held slot's hour from midnight of `a`'s date (0–47).
pub(crate) fn held_hour(a: &Availability) -> Expr {
    let slot = |c| Expr::col(("os", c));
    Expr::case(slot("date").eq(a.date), slot("hour"))
        .finally(slot("hour").add(24))
        .into()
}

/// Which related rows to fetch.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Related {
    pub options_and_facilities: bool,
}

/// One part of [`related`]: `kind`, then the columns `id, space_id, label, n1, n2, n3,
/// extra` from `table` (as `alias`) for the spaces in `ids`.
fn related_part(
    kind: &str,
    (table, alias): (&'static str, &'static str),
    columns: [Expr; 7],
    ids: &[i64],
) -> SelectStatement {
    let names = ["id", "space_id", "label", "n1", "n2", "n3", "extra"];
    let mut part = Query::select();
    part.expr_as(constant(kind), "kind");
    for (column, name) in columns.into_iter().zip(names) {
        part.expr_as(column, name);
    }
    part.from_as(table, alias)
        .and_where(among(Expr::col((alias, "space_id")), ids.iter().copied()));
    part
}

/// Images (and, for the detail, packages and facilities) of all `ids`, in one statement.
/// `n1..n3` carry position, or start hour, end hour and price.
pub(crate) fn related(backend: DbBackend, ids: &[i64], what: Related) -> Statement {
    let i = |c| Expr::col(("i", c));
    let mut query = related_part(
        "image",
        ("space_images", "i"),
        [
            i("id"),
            i("space_id"),
            i("url"),
            i("position"),
            constant(0),
            constant(0),
            i("thumbnail_url"),
        ],
        ids,
    );
    if what.options_and_facilities {
        let o = |c| Expr::col(("o", c));
        let option = related_part(
            "option",
            ("price_options", "o"),
            [
                o("id"),
                o("space_id"),
                o("name"),
                o("start_hour"),
                o("end_hour"),
                o("price"),
                Expr::null(),
            ],
            ids,
        );
        let f = |c| Expr::col(("f", c));
        let mut facility = related_part(
            "facility",
            ("space_facilities", "sf"),
            [
                f("id"),
                Expr::col(("sf", "space_id")),
                f("name"),
                f("position"),
                constant(0),
                constant(0),
                Expr::null(),
            ],
            ids,
        );
        facility.join_as(
            JoinType::InnerJoin,
            "facilities",
            "f",
            f("id").equals(("sf", "facility_id")),
        );
        query
            .union(UnionType::All, option)
            .union(UnionType::All, facility);
    }
    query.order_by_columns(["space_id", "kind", "n1", "id"].map(|c| (c, Order::Asc)));
    backend.build(&query)
}

mod filters;
mod lists;

pub(crate) use filters::{bookable, takes_guests};
pub(crate) use lists::{list_page, list_total};
