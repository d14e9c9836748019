//! Index hints for MySQL where MariaDB's planner, left to itself, picks a plan many times
//! slower than the one the schema was built for (docs/performance.md, session 7). SQLite's
//! planner takes these shapes right without them.

use super::list::is_unfiltered;
use ourspace_domain::space::{SpaceQuery, SpaceSort};
use sea_orm::DbBackend;

/// The sort index MySQL is told to walk for a page that filters on nothing but the date:
/// every space is a candidate, so the page is the sort index read in order up to the
/// page's end (checking the date from the index, see migration `m20261128_000013`).
/// Left to itself, MariaDB weighs that walk against reading the whole table and sorting
/// it, and for a deep page of a small table it often picks the latter — 40 times slower
/// (docs/performance.md, session 7).
pub(super) fn walked_sort_index(backend: DbBackend, query: &SpaceQuery) -> Option<&'static str> {
    let without_date = SpaceQuery {
        availability: None,
        ..query.clone()
    };
    if backend != DbBackend::MySql || !is_unfiltered(&without_date) || query.near.is_some() {
        return None;
    }
    match query.sort {
        SpaceSort::Popular => Some("idx_spaces_popular_cover"),
        SpaceSort::PriceAsc | SpaceSort::PriceDesc => Some("idx_spaces_price_cover"),
        SpaceSort::Rating => Some("idx_spaces_rating_cover"),
        SpaceSort::Newest => Some("idx_spaces_created_cover"),
        SpaceSort::Distance | SpaceSort::Relevance => None,
    }
}

/// The index MySQL is told to count from, for a count up to the cap of a search by
/// category, guests, facilities, price or date (and not by keyword, radius, district
/// alone, host or liker, whose own indexes lead by what they filter): the narrow count
/// index (migration `m20261128_000006`) holds every column those filters test, so the
/// count reads no row. Left to itself, MariaDB reads the category's rows through another
/// index, one row lookup per candidate, or scans the table.
pub(super) fn counted_index(backend: DbBackend, query: &SpaceQuery) -> Option<&'static str> {
    let by_district_alone = !query.districts.is_empty() && query.categories.is_empty();
    let own_index = query.keyword.is_some()
        || query.near.is_some_and(|n| n.radius_km.is_some())
        || query.host.is_some()
        || query.liked_by.is_some()
        || by_district_alone;
    (backend == DbBackend::MySql && !own_index).then_some("idx_spaces_count")
}

/// The index MySQL is told to read the hidden spaces of a date's exact count through
/// (`total::list_total`): what `filters` tests of an exactly countable query (live; a
/// gram's postings, by id) is in `idx_spaces_id_live` (migration `m20261203_000019`), so
/// no hidden space's row is read. Left to itself, MariaDB reads each through the primary
/// key (docs/performance.md, session 12).
pub(super) fn live_index(backend: DbBackend) -> Option<&'static str> {
    (backend == DbBackend::MySql).then_some("idx_spaces_id_live")
}
