//! The `WHERE` of a space search: every filter, the calendar's exclusions for a date, the
//! keyword's postings and the radius box.

use super::{like_pattern, no_dot, s};
use crate::repo::in_list::among;
use crate::repo::{facility_bit, facility_mask};
use ourspace_domain::shared::Coordinates;
use ourspace_domain::space::calendar::HourMask;
use ourspace_domain::space::keyword::{is_one_gram, probe_grams};
use ourspace_domain::space::{Availability, Near, SpaceQuery};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, JoinType, LikeExpr, Query, SelectStatement, UnionType,
};

/// The condition (on the calendar row `sc` of the searched date) under which a row hides
/// its space at `a.now` (see `DayHolds::hides`): with hours, one of them held by a paid
/// order or by a waiting one while the row's waiting holds last; without, nothing left to
/// book.
fn hides(a: &Availability) -> Expr {
    let lasting = || Expr::col(("sc", "waiting_until")).gt(a.now);
    match a.hours {
        Some(hours) => {
            let mask = HourMask::of_range(hours).as_i64();
            let held = |column| Expr::col(("sc", column)).bit_and(mask).ne(0);
            held("confirmed_hours").or(held("waiting_hours").and(lasting()))
        }
        // Written as two ranges of the date index (closed, or open when confirmed and
        // closed while waiting), so only the rows that hide are read.
        None => Expr::col(("sc", "closed_confirmed"))
            .eq(true)
            .or(Expr::col(("sc", "closed_confirmed"))
                .eq(false)
                .and(Expr::col(("sc", "closed_any")).eq(true))
                .and(lasting())),
    }
}

/// The space `s` bookable on the date: open then, and no calendar row of the date that
/// hides it. Most spaces have no row for a date, and each is one primary-key probe.
pub(crate) fn bookable(a: &Availability) -> Expr {
    let row = Query::select()
        .expr(super::constant(1))
        .from_as("space_calendar", "sc")
        .and_where(Expr::col(("sc", "space_id")).equals(("s", "id")))
        .and_where(Expr::col(("sc", "date")).eq(a.date))
        .and_where(hides(a))
        .take();
    s("open_from")
        .is_null()
        .or(s("open_from").lte(a.date))
        .and(s("open_until").is_null().or(s("open_until").gte(a.date)))
        .and(Expr::not_exists(row))
}

/// The ids of the spaces a search on the date cannot show, whatever else it asks: hidden by
/// the date's calendar row, or closed on the date. Few, and each read through an index.
pub(super) fn unavailable_ids(a: &Availability) -> SelectStatement {
    let o = |c| Expr::col(("o", c));
    let closed = |when: Expr| {
        Query::select()
            .column(("o", "id"))
            .from_as("spaces", "o")
            .and_where(when)
            .take()
    };
    Query::select()
        .expr_as(Expr::col(("sc", "space_id")), "id")
        .from_as("space_calendar", "sc")
        .and_where(Expr::col(("sc", "date")).eq(a.date))
        .and_where(hides(a))
        .union(UnionType::Distinct, closed(o("open_from").gt(a.date)))
        .union(UnionType::Distinct, closed(o("open_until").lt(a.date)))
        .take()
}

/// How many of a keyword's probe grams a read narrows its candidates by before the
/// substring test (which alone decides: a space holding the keyword holds each of its
/// grams).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(super) enum Probes {
    /// Every probe gram: a page, which may walk a sort index and test the spaces against
    /// the postings' intersection.
    All,
    /// The first gram's postings only: a count. MariaDB runs a keyword's count as the
    /// postings, the row (for the substring test), then the other grams' probes, which so
    /// spare no row read (docs/performance.md: a three-character keyword's capped count
    /// 2.1 → 1.2 ms).
    First,
}

/// The keyword's filter: the spaces that have the keyword's probe grams (the first gram's
/// postings, each probed by primary key for the others, as `probes` says), then
/// [`keyword_match`]. A keyword without grams (one character) is matched by the substring
/// test alone.
fn keyword_filter(select: &mut SelectStatement, keyword: &str, probes: Probes) {
    let mut grams = probe_grams(keyword);
    if probes == Probes::First {
        grams.truncate(1);
    }
    if let Some((first, others)) = grams.split_first() {
        let mut having = Query::select();
        having
            .column(("g0", "space_id"))
            .from_as("space_grams", "g0")
            .and_where(Expr::col(("g0", "gram")).eq(first.as_str()));
        for (i, gram) in others.iter().enumerate() {
            let alias = Alias::new(format!("g{}", i + 1));
            having.join_as(
                JoinType::InnerJoin,
                "space_grams",
                alias.clone(),
                Expr::col((alias.clone(), "space_id"))
                    .equals(("g0", "space_id"))
                    .and(Expr::col((alias, "gram")).eq(gram.as_str())),
            );
        }
        select.and_where(s("id").in_subquery(having));
    }
    keyword_match(select, keyword);
}

/// The substring test of a keyword: one byte-wise `LIKE` over the stored, lower-cased text
/// of every searchable field (see `space_write::search_text_of`). A one-gram keyword needs
/// none: having its posting is matching it.
pub(super) fn keyword_match(select: &mut SelectStatement, keyword: &str) {
    if !is_one_gram(keyword) {
        select.and_where(s("search_text").like(contains(keyword)));
    }
}

/// `LIKE … ESCAPE '!'` for text holding `keyword` (lower-cased), taken literally.
pub(super) fn contains(keyword: &str) -> LikeExpr {
    LikeExpr::new(like_pattern(&keyword.to_lowercase())).escape('!')
}

/// `WHERE …` for every filter of `query`.
pub(super) fn filters(select: &mut SelectStatement, query: &SpaceQuery) {
    filters_probing(select, query, Probes::All);
}

/// [`filters`], with the keyword's candidates narrowed by `probes` of its grams.
pub(super) fn filters_probing(select: &mut SelectStatement, query: &SpaceQuery, probes: Probes) {
    select.and_where(s("deleted_at").is_null());
    if let Some(host) = query.host {
        select.and_where(s("host_id").eq(host.get()));
    }
    if let Some(user) = query.liked_by {
        let liked = Query::select()
            .column(("lk", "space_id"))
            .from_as("likes", "lk")
            .and_where(Expr::col(("lk", "user_id")).eq(user.get()))
            .take();
        select.and_where(s("id").in_subquery(liked));
    }
    if !query.categories.is_empty() {
        select.and_where(among(
            s("category_id"),
            query.categories.iter().map(|c| c.get()),
        ));
    }
    if !query.districts.is_empty() {
        select.and_where(among(
            s("district_id"),
            query.districts.iter().map(|d| d.get()),
        ));
    }
    if let Some(keyword) = &query.keyword {
        keyword_filter(select, keyword, probes);
    }
    attributes(select, query);
    if let Some(a) = &query.availability {
        select.and_where(bookable(a));
    }
    if let Some(Near {
        center,
        radius_km: Some(radius),
    }) = query.near
    {
        within(select, center, radius);
    }
}

/// Spaces (`s`) that take a group of `guests`.
pub(crate) fn takes_guests(select: &mut SelectStatement, guests: u16) {
    select
        .and_where(s("min_guests").lte(i32::from(guests)))
        .and_where(s("max_guests").gte(i32::from(guests)));
}

/// The space's own attributes: head count, facilities (all required) and price range.
fn attributes(select: &mut SelectStatement, query: &SpaceQuery) {
    if let Some(guests) = query.guests {
        takes_guests(select, guests);
    }
    // All required: the bits of the space's kept mask, read with the row, and for an id
    // past the mask's 63 bits a primary-key probe of `space_facilities`.
    let mask = facility_mask(&query.facilities);
    if mask != 0 {
        select.and_where(s("facility_mask").bit_and(mask).eq(mask));
    }
    for facility in query
        .facilities
        .iter()
        .filter(|f| facility_bit(**f).is_none())
    {
        let has = Query::select()
            .expr(super::constant(1))
            .from_as("space_facilities", "sf")
            .and_where(Expr::col(("sf", "space_id")).equals(("s", "id")))
            .and_where(Expr::col(("sf", "facility_id")).eq(facility.get()))
            .take();
        select.and_where(Expr::exists(has));
    }
    if let Some(min) = query.min_price {
        select.and_where(s("min_price").gte(min.get()));
    }
    if let Some(max) = query.max_price {
        select.and_where(s("min_price").lte(max.get()));
    }
}

/// Within `radius` km of `center`: the cells the circle touches (the cell index, see
/// `Coordinates::grid_cells_within`), or for a circle too wide for them a box around it
/// (the latitude index, longitude checked inside the index); then the exact great-circle
/// test.
fn within(select: &mut SelectStatement, center: Coordinates, radius: f64) {
    if let Some(cells) = center.grid_cells_within(radius) {
        select.and_where(among(s("grid_cell"), cells));
    } else {
        let band = Coordinates::latitude_half_width(radius);
        select.and_where(s("latitude").between(center.latitude() - band, center.latitude() + band));
        if let Some(width) = center.longitude_half_width(radius) {
            select.and_where(
                s("longitude").between(center.longitude() - width, center.longitude() + width),
            );
        }
    }
    select.and_where(dot(center).gte(Coordinates::min_dot_within(radius)));
}

/// The `geo_dot` column's value: the dot product with the query's center, or 0 without one.
pub(super) fn geo_dot(query: &SpaceQuery) -> Expr {
    query.near.map_or_else(no_dot, |near| dot(near.center))
}

/// The dot product of the space's unit vector with `center`'s.
fn dot(center: Coordinates) -> Expr {
    let (x, y, z) = center.unit_vector();
    s("geo_x")
        .mul(x)
        .add(s("geo_y").mul(y))
        .add(s("geo_z").mul(z))
}
