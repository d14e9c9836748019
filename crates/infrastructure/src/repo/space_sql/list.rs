//! A list's page statement (sort, paging, names joined after) and its total (exact where
//! kept counts give it, otherwise up to the cap).

use super::filters::{filters, geo_dot, unavailable_ids};
use super::hints::{counted_index, walked_sort_index};
use super::relevance::relevance_page;
use super::{SUMMARY_COLUMNS, Sql, like_pattern};
use ourspace_domain::shared::paging::COUNT_CAP;
use ourspace_domain::space::keyword::{is_one_gram, probe_grams};
use ourspace_domain::space::{Near, SpaceQuery, SpaceSort};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{DbBackend, Statement};

/// `ORDER BY …` for the query's sort; every order ends with the id. Descending sorts break
/// ties by descending id, so each order is one index walked backwards.
fn order(sql: &mut Sql, query: &SpaceQuery) {
    let popular = "s.like_count DESC, s.rating_avg DESC";
    sql.push(" ORDER BY ", []);
    match (query.host, query.sort) {
        (Some(_), _) | (None, SpaceSort::Newest) => sql.push("s.created_at DESC, s.id DESC", []),
        (None, SpaceSort::Popular) => sql.push(&format!("{popular}, s.id DESC"), []),
        (None, SpaceSort::PriceAsc) => sql.push("s.min_price ASC, s.id ASC", []),
        (None, SpaceSort::PriceDesc) => sql.push("s.min_price DESC, s.id DESC", []),
        (None, SpaceSort::Rating) => {
            sql.push("s.rating_avg DESC, s.review_count DESC, s.id DESC", [])
        }
        (None, SpaceSort::Distance) => sql.push("geo_dot DESC, s.id ASC", []),
        (None, SpaceSort::Relevance) => {
            sql.push("CASE WHEN ", []);
            title_group(sql, query.keyword.as_deref().unwrap_or_default());
            sql.push(&format!(" THEN 0 ELSE 1 END, {popular}, s.id DESC"), [])
        }
    };
}

/// Whether the space is in the relevance order's first group (see `relevance`): its title
/// holds every probe gram of the keyword, read from the postings' title flags; for a
/// keyword without grams, its title contains the keyword.
fn title_group(sql: &mut Sql, keyword: &str) {
    let grams = probe_grams(keyword);
    if grams.is_empty() {
        let pattern = like_pattern(&keyword.to_lowercase());
        sql.push("LOWER(s.title) LIKE ? ESCAPE '!'", [pattern.into()]);
        return;
    }
    for (i, gram) in grams.iter().enumerate() {
        let in_title = Query::select()
            .expr(Expr::val(1))
            .from_as("space_grams", "t")
            .and_where(Expr::col(("t", "gram")).eq(gram.as_str()))
            .and_where(Expr::col(("t", "space_id")).equals(("s", "id")))
            .and_where(Expr::col(("t", "in_title")).eq(true))
            .to_owned();
        let and = if i == 0 { "" } else { " AND " };
        sql.push_select(&format!("{and}EXISTS ("), &in_title, ")");
    }
}

/// The columns of `spaces` a list item needs, picked before the names are joined.
pub(super) const PAGE_COLUMNS: &str = "s.id, s.title, s.subtitle, s.address, s.category_id, s.district_id, \
     s.min_price, s.min_guests, s.max_guests, s.like_count, s.review_count, s.rating_sum, \
     s.rating_avg, s.created_at";

/// One page of matching spaces in the query's order: the page is picked from `spaces`
/// alone (an index walk for the plain sorts), then the category and district names are
/// joined to its rows. Carries the dot product with the center when the query has one.
pub(crate) fn list_page(backend: DbBackend, query: &SpaceQuery) -> Statement {
    if let Some(page) = relevance_page(backend, query) {
        return page;
    }
    // The unfiltered list reads its kept total, a host's or a liker's list counts in the
    // page; every other search counts separately (see `list_total`).
    let total = if is_unfiltered(query) {
        LIVE_TOTAL
    } else if counts_in_page(query) {
        "COUNT(*) OVER ()"
    } else {
        "NULL"
    };
    page_statement(backend, query, total)
}

/// How far the first try of a nearest-first page looks (see [`near_first_try`]).
pub(crate) const NEAR_FIRST_TRY_KM: f64 = 2.0;

/// For a nearest-first page of an otherwise unfiltered search: the same page looked for
/// within [`NEAR_FIRST_TRY_KM`] of the center only, read through the latitude index instead
/// of ranking every space. When it comes back full it is the page, since every space
/// outside that circle is farther than every space inside it; otherwise the caller runs
/// [`list_page`].
pub(crate) fn near_first_try(backend: DbBackend, query: &SpaceQuery) -> Option<Statement> {
    let near = query.near?;
    if query.sort != SpaceSort::Distance || !is_unfiltered(query) {
        return None;
    }
    let bounded = SpaceQuery {
        near: Some(Near {
            center: near.center,
            radius_km: Some(NEAR_FIRST_TRY_KM),
        }),
        ..query.clone()
    };
    Some(page_statement(backend, &bounded, LIVE_TOTAL))
}

/// The page statement with `total` as its `total_matches` column. A deferred join: the
/// page's ids are picked first (from the sort index alone where it covers the filters, so
/// a deep page skips index entries, not rows), then only the page's rows are read, then
/// their category and district names joined.
fn page_statement(backend: DbBackend, query: &SpaceQuery, total: &str) -> Statement {
    let mut sql = Sql::default();
    sql.push(
        &format!(
            "SELECT {SUMMARY_COLUMNS}, s.geo_dot, s.total_matches FROM (SELECT {PAGE_COLUMNS}, \
             ids.total_matches, ids.geo_dot FROM (SELECT s.id, {total} AS total_matches, "
        ),
        [],
    );
    geo_dot(&mut sql, query);
    sql.push(" AS geo_dot FROM spaces s", []);
    if let Some(index) = walked_sort_index(backend, query) {
        sql.push(&format!(" FORCE INDEX ({index})"), []);
    }
    filters(&mut sql, query);
    order(&mut sql, query);
    sql.push(
        " LIMIT ? OFFSET ?) ids JOIN spaces s ON s.id = ids.id) s \
         JOIN categories c ON c.id = s.category_id JOIN districts d ON d.id = s.district_id",
        [
            i64::from(query.page.per_page()).into(),
            (query.page.offset() as i64).into(),
        ],
    );
    order(&mut sql, query);
    sql.statement(backend)
}

/// The number of live spaces, kept in step on write (`space_totals`).
const LIVE_TOTAL: &str = "(SELECT t.live FROM space_totals t WHERE t.id = 1)";

/// Whether the query filters nothing (sort, page and a center without a radius only): its
/// total is every live space, read from `space_totals` instead of counted.
pub(crate) fn is_unfiltered(query: &SpaceQuery) -> bool {
    query.categories.is_empty()
        && query.districts.is_empty()
        && query.host.is_none()
        && query.liked_by.is_none()
        && query.keyword.is_none()
        && query.guests.is_none()
        && query.facilities.is_empty()
        && query.min_price.is_none()
        && query.max_price.is_none()
        && query.availability.is_none()
        && query.near.is_none_or(|n| n.radius_km.is_none())
}

/// The keyword of a search by a two-character keyword alone (no other filter), when it is
/// one bigram: a live space matches exactly when it has that gram (grams are written for
/// live spaces only), so the total is a count of the gram's postings.
pub(crate) fn single_gram(query: &SpaceQuery) -> Option<String> {
    let keyword = query.keyword.as_ref()?.to_lowercase();
    let only_keyword = SpaceQuery {
        keyword: None,
        page: query.page,
        sort: query.sort,
        ..query.clone()
    };
    (is_one_gram(&keyword) && is_unfiltered(&only_keyword) && query.near.is_none())
        .then_some(keyword)
}

/// Whether the page statement also counts the matches (`total_matches`): a host's or a
/// liker's spaces are few, and counting them in the page leaves a signed-in list its user
/// lookup within three statements. Other searches count separately (up to the cap where
/// counting means reading every candidate), so their page can walk a sort index and stop.
pub(crate) fn counts_in_page(query: &SpaceQuery) -> bool {
    query.host.is_some() || query.liked_by.is_some()
}

/// How a list's total is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counting {
    /// Every match counted (from kept counts or an index).
    Exact,
    /// Counting stops one past [`COUNT_CAP`]: finding every match would read every
    /// candidate.
    UpToCap,
}

/// The number of matching spaces, and how it was counted. Exact where that is cheap:
/// nothing filtered (the kept count), a two-character keyword alone (its postings), and a
/// date with either of those (that count less the few spaces the date excludes, see
/// [`unavailable_ids`]). Everything else counts up to one past the cap.
pub(crate) fn list_total(backend: DbBackend, query: &SpaceQuery) -> (Statement, Counting) {
    let mut sql = Sql::default();
    let rest = SpaceQuery {
        availability: None,
        ..query.clone()
    };
    let counting = if !is_exactly_countable(&rest) {
        sql.push(
            "SELECT COUNT(*) AS total FROM (SELECT 1 AS one FROM spaces s",
            [],
        );
        if let Some(index) = counted_index(backend, query) {
            sql.push(&format!(" FORCE INDEX ({index})"), []);
        }
        filters(&mut sql, query);
        sql.push(
            " LIMIT ?) t",
            [i64::try_from(COUNT_CAP + 1).unwrap_or(i64::MAX).into()],
        );
        Counting::UpToCap
    } else if let Some(a) = &query.availability {
        sql.push("SELECT (", []);
        total_without_date(&mut sql, &rest);
        sql.push(") - (SELECT COUNT(*) FROM (", []);
        unavailable_ids(&mut sql, a);
        sql.push(") u JOIN spaces s ON s.id = u.id", []);
        filters(&mut sql, &rest);
        sql.push(") AS total", []);
        Counting::Exact
    } else {
        total_without_date(&mut sql, query);
        Counting::Exact
    };
    (sql.statement(backend), counting)
}

/// Whether a query without a date is counted from a kept count or its gram's postings.
fn is_exactly_countable(query: &SpaceQuery) -> bool {
    is_unfiltered(query) || single_gram(query).is_some()
}

/// `SELECT … AS total` for a query without a date that [`is_exactly_countable`].
fn total_without_date(sql: &mut Sql, query: &SpaceQuery) {
    match single_gram(query) {
        Some(gram) => {
            sql.push(
                "SELECT COUNT(*) AS total FROM space_grams g WHERE g.gram = ?",
                [gram.into()],
            );
        }
        None => {
            sql.push(&format!("SELECT {LIVE_TOTAL} AS total"), []);
        }
    }
}
