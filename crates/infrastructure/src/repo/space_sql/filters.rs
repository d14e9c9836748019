//! The `WHERE` of a space search: every filter, the calendar's exclusions for a date, the
//! keyword's postings and the radius box.

use super::{Sql, like_pattern};
use crate::repo::{facility_bit, facility_mask, placeholders};
use ourspace_domain::shared::Coordinates;
use ourspace_domain::space::calendar::HourMask;
use ourspace_domain::space::keyword::{is_one_gram, probe_grams};
use ourspace_domain::space::{Availability, Near, SpaceQuery};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query};

/// The condition (on the calendar row `sc` of the searched date) under which a row hides
/// its space at `a.now` (see `DayHolds::hides`): with hours, one of them held by a paid
/// order or by a waiting one while the row's waiting holds last; without, nothing left to
/// book.
fn hides(a: &Availability) -> sea_orm::sea_query::Expr {
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

/// Bookable on the date: open then, and no calendar row of the date that hides the space.
/// Most spaces have no row for a date, and each candidate is one primary-key probe.
fn available(sql: &mut Sql, a: &Availability) {
    sql.push(
        " AND (s.open_from IS NULL OR s.open_from <= ?) AND (s.open_until IS NULL OR s.open_until >= ?)",
        [a.date.into(), a.date.into()],
    );
    let row = Query::select()
        .expr(Expr::val(1))
        .from_as("space_calendar", "sc")
        .and_where(Expr::col(("sc", "space_id")).equals(("s", "id")))
        .and_where(Expr::col(("sc", "date")).eq(a.date))
        .and_where(hides(a))
        .to_owned();
    sql.push_select(" AND NOT EXISTS (", &row, ")");
}

/// The ids of the spaces a search on the date cannot show, whatever else it asks: hidden by
/// the date's calendar row, or closed on the date. Few, and each read through an index.
pub(super) fn unavailable_ids(sql: &mut Sql, a: &Availability) {
    let hidden = Query::select()
        .expr_as(Expr::col(("sc", "space_id")), "id")
        .from_as("space_calendar", "sc")
        .and_where(Expr::col(("sc", "date")).eq(a.date))
        .and_where(hides(a))
        .to_owned();
    sql.push_select("", &hidden, "");
    sql.push(
        " UNION SELECT o.id FROM spaces o WHERE o.open_from > ? \
         UNION SELECT o.id FROM spaces o WHERE o.open_until < ?",
        [a.date.into(), a.date.into()],
    );
}

/// The keyword's filter: the spaces that have every probe gram of the keyword (the first
/// gram's postings, each probed by primary key for the others), then [`keyword_match`].
/// A keyword without grams (one character) is matched by the substring test alone.
fn keyword_filter(sql: &mut Sql, keyword: &str) {
    let grams = probe_grams(keyword);
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
        sql.push_select(" AND s.id IN (", &having, ")");
    }
    keyword_match(sql, keyword);
}

/// The substring test of a keyword: one byte-wise `LIKE` over the stored, lower-cased text
/// of every searchable field (see `space_write::search_text_of`). A one-gram keyword needs
/// none: having its posting is matching it.
pub(super) fn keyword_match(sql: &mut Sql, keyword: &str) {
    if !is_one_gram(keyword) {
        let pattern = like_pattern(&keyword.to_lowercase());
        sql.push(" AND s.search_text LIKE ? ESCAPE '!'", [pattern.into()]);
    }
}

/// `WHERE …` for every filter of `query`.
pub(super) fn filters(sql: &mut Sql, query: &SpaceQuery) {
    sql.push(" WHERE s.deleted_at IS NULL", []);
    if let Some(host) = query.host {
        sql.push(" AND s.host_id = ?", [host.get().into()]);
    }
    if let Some(user) = query.liked_by {
        sql.push(
            " AND s.id IN (SELECT lk.space_id FROM likes lk WHERE lk.user_id = ?)",
            [user.get().into()],
        );
    }
    if !query.categories.is_empty() {
        let marks = placeholders(query.categories.len());
        sql.push(
            &format!(" AND s.category_id IN ({marks})"),
            query.categories.iter().map(|c| c.get().into()),
        );
    }
    if !query.districts.is_empty() {
        let marks = placeholders(query.districts.len());
        sql.push(
            &format!(" AND s.district_id IN ({marks})"),
            query.districts.iter().map(|d| d.get().into()),
        );
    }
    if let Some(keyword) = &query.keyword {
        keyword_filter(sql, keyword);
    }
    attributes(sql, query);
    if let Some(a) = &query.availability {
        available(sql, a);
    }
    if let Some(Near {
        center,
        radius_km: Some(radius),
    }) = query.near
    {
        within(sql, center, radius);
    }
}

/// The space's own attributes: head count, facilities (all required) and price range.
fn attributes(sql: &mut Sql, query: &SpaceQuery) {
    if let Some(guests) = query.guests {
        sql.push(
            " AND s.min_guests <= ? AND s.max_guests >= ?",
            [i32::from(guests).into(), i32::from(guests).into()],
        );
    }
    // All required: the bits of the space's kept mask, read with the row, and for an id
    // past the mask's 63 bits a primary-key probe of `space_facilities`.
    let mask = facility_mask(&query.facilities);
    if mask != 0 {
        sql.push(" AND (s.facility_mask & ?) = ?", [mask.into(), mask.into()]);
    }
    for facility in query
        .facilities
        .iter()
        .filter(|f| facility_bit(**f).is_none())
    {
        let has = Query::select()
            .expr(Expr::val(1))
            .from_as("space_facilities", "sf")
            .and_where(Expr::col(("sf", "space_id")).equals(("s", "id")))
            .and_where(Expr::col(("sf", "facility_id")).eq(facility.get()))
            .to_owned();
        sql.push_select(" AND EXISTS (", &has, ")");
    }
    if let Some(min) = query.min_price {
        sql.push(" AND s.min_price >= ?", [min.get().into()]);
    }
    if let Some(max) = query.max_price {
        sql.push(" AND s.min_price <= ?", [max.get().into()]);
    }
}

/// Within `radius` km of `center`: the cells the circle touches (the cell index, see
/// `Coordinates::grid_cells_within`), or for a circle too wide for them a box around it
/// (the latitude index, longitude checked inside the index); then the exact great-circle
/// test.
fn within(sql: &mut Sql, center: Coordinates, radius: f64) {
    if let Some(cells) = center.grid_cells_within(radius) {
        let marks = placeholders(cells.len());
        sql.push(
            &format!(" AND s.grid_cell IN ({marks})"),
            cells.into_iter().map(Into::into),
        );
    } else {
        let band = Coordinates::latitude_half_width(radius);
        sql.push(
            " AND s.latitude BETWEEN ? AND ?",
            [
                (center.latitude() - band).into(),
                (center.latitude() + band).into(),
            ],
        );
        if let Some(width) = center.longitude_half_width(radius) {
            sql.push(
                " AND s.longitude BETWEEN ? AND ?",
                [
                    (center.longitude() - width).into(),
                    (center.longitude() + width).into(),
                ],
            );
        }
    }
    sql.push(" AND ", []);
    dot(sql, center);
    sql.push(" >= ?", [Coordinates::min_dot_within(radius).into()]);
}

/// The `geo_dot` column's value: the dot product with the query's center, or 0 without one.
pub(super) fn geo_dot(sql: &mut Sql, query: &SpaceQuery) {
    match query.near {
        Some(near) => dot(sql, near.center),
        None => {
            sql.push("CAST(0 AS DOUBLE)", []);
        }
    }
}

/// The dot product of the space's unit vector with `center`'s.
pub(super) fn dot(sql: &mut Sql, center: Coordinates) {
    let (x, y, z) = center.unit_vector();
    sql.push(
        "(s.geo_x * ? + s.geo_y * ? + s.geo_z * ?)",
        [x.into(), y.into(), z.into()],
    );
}
