//! A list's page statement: sort, paging, names joined after.

use super::filters::{contains, filters, geo_dot};
use super::hints::walked_sort_index;
use super::relevance::relevance_page;
use super::{constant, join_names, page_columns, s, summary_columns};
use crate::repo::count_all;
use ourspace_domain::space::keyword::probe_grams;
use ourspace_domain::space::{Near, SpaceQuery, SpaceSort};
use sea_orm::sea_query::extension::mysql::{IndexHintScope, MySqlSelectStatementExt};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement, WindowStatement,
};
use sea_orm::{DbBackend, Statement};

/// `ORDER BY …` for the query's sort; every order ends with the id. Descending sorts break
/// ties by descending id, so each order is one index walked backwards.
fn order(select: &mut SelectStatement, query: &SpaceQuery) {
    use Order::{Asc, Desc};
    let (leading, id): (Vec<(Expr, Order)>, Order) = match (query.host, query.sort) {
        (Some(_), _) | (None, SpaceSort::Newest) => (vec![(s("created_at"), Desc)], Desc),
        (None, SpaceSort::Popular) => (popular(), Desc),
        (None, SpaceSort::PriceAsc) => (vec![(s("min_price"), Asc)], Asc),
        (None, SpaceSort::PriceDesc) => (vec![(s("min_price"), Desc)], Desc),
        (None, SpaceSort::Rating) => (
            vec![(s("rating_avg"), Desc), (s("review_count"), Desc)],
            Desc,
        ),
        (None, SpaceSort::Distance) => (vec![(Expr::col("geo_dot"), Desc)], Asc),
        (None, SpaceSort::Relevance) => {
            let keyword = query.keyword.as_deref().unwrap_or_default();
            let first = Expr::case(title_group(keyword), constant(0)).finally(constant(1));
            let mut leading = vec![(first.into(), Asc)];
            leading.extend(popular());
            (leading, Desc)
        }
    };
    for (expr, direction) in leading {
        select.order_by_expr(expr, direction);
    }
    select.order_by_expr(s("id"), id);
}

/// The popular order before the id: likes, then rating.
fn popular() -> Vec<(Expr, Order)> {
    vec![
        (s("like_count"), Order::Desc),
        (s("rating_avg"), Order::Desc),
    ]
}

/// Whether the space is in the relevance order's first group (see `relevance`): its title
/// holds every probe gram of the keyword, read from the postings' title flags; for a
/// keyword without grams, its title contains the keyword.
fn title_group(keyword: &str) -> Expr {
    let grams = probe_grams(keyword);
    if grams.is_empty() {
        return Expr::from(Func::lower(s("title"))).like(contains(keyword));
    }
    let in_title = |gram: &String| {
        Expr::exists(
            Query::select()
                .expr(constant(1))
                .from_as("space_grams", "t")
                .and_where(Expr::col(("t", "gram")).eq(gram.as_str()))
                .and_where(Expr::col(("t", "space_id")).equals(("s", "id")))
                .and_where(Expr::col(("t", "in_title")).eq(true))
                .take(),
        )
    };
    grams
        .iter()
        .map(in_title)
        .reduce(ExprTrait::and)
        .unwrap_or_else(|| constant(false))
}

/// How the page statement fills its `total_matches` column.
#[derive(Debug, Clone, Copy)]
enum InPage {
    /// The kept number of live spaces.
    Live,
    /// Every match counted over the page statement's rows.
    Counted,
    /// Nothing: the total is counted by its own statement.
    Null,
}

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
        InPage::Live
    } else if counts_in_page(query) {
        InPage::Counted
    } else {
        InPage::Null
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
    Some(page_statement(backend, &bounded, InPage::Live))
}

/// The ids of a page with `total` as their `total_matches` column, picked from the sort
/// index alone where it covers the filters, so a deep page skips index entries, not rows.
fn page_ids(backend: DbBackend, query: &SpaceQuery, total: InPage) -> SelectStatement {
    let mut ids = Query::select();
    ids.column(("s", "id"));
    match total {
        InPage::Live => ids.expr_as(live_total(), "total_matches"),
        InPage::Counted => ids.expr_window_as(count_all(), WindowStatement::new(), "total_matches"),
        InPage::Null => ids.expr_as(Expr::null(), "total_matches"),
    };
    ids.expr_as(geo_dot(query), "geo_dot")
        .from_as("spaces", "s");
    if let Some(index) = walked_sort_index(backend, query) {
        ids.force_index(Alias::new(index), IndexHintScope::All);
    }
    filters(&mut ids, query);
    order(&mut ids, query);
    ids.limit(u64::from(query.page.per_page()))
        .offset(query.page.offset());
    ids
}

/// The page statement with `total` as its `total_matches` column. A deferred join: the
/// page's ids are picked first (see [`page_ids`]), then only the page's rows are read, then
/// their category and district names joined.
fn page_statement(backend: DbBackend, query: &SpaceQuery, total: InPage) -> Statement {
    let mut rows = Query::select();
    page_columns(&mut rows)
        .columns([("ids", "total_matches"), ("ids", "geo_dot")])
        .from_subquery(page_ids(backend, query, total), "ids")
        .join_as(
            JoinType::InnerJoin,
            "spaces",
            "s",
            s("id").equals(("ids", "id")),
        );
    let mut page = Query::select();
    summary_columns(&mut page)
        .columns([("s", "geo_dot"), ("s", "total_matches")])
        .from_subquery(rows, "s");
    join_names(&mut page);
    order(&mut page, query);
    backend.build(&page)
}

/// The number of live spaces, kept in step on write (`space_totals`).
pub(super) fn live_total() -> Expr {
    Query::select()
        .column(("t", "live"))
        .from_as("space_totals", "t")
        .and_where(Expr::col(("t", "id")).eq(1))
        .take()
        .into()
}

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

/// Whether the page statement also counts the matches (`total_matches`): a host's or a
/// liker's spaces are few, and counting them in the page leaves a signed-in list its user
/// lookup within three statements. Other searches count separately (up to the cap where
/// counting means reading every candidate), so their page can walk a sort index and stop.
pub(crate) fn counts_in_page(query: &SpaceQuery) -> bool {
    query.host.is_some() || query.liked_by.is_some()
}
