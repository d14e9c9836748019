//! The statement behind a recommendation pool, built with sea-query: the pool's candidates
//! as list items with their behaviour counts, in one statement (what comes before it:
//! `recommend_signals`).

use super::in_list::among;
use super::recommend_signals::traits;
use super::space_sql::{bookable, constant, join_names, s, summary_columns, takes_guests};
use ourspace_domain::recommend::Pool;
use sea_orm::sea_query::extension::mysql::{IndexHintScope, MySqlSelectStatementExt};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement, UnionType,
};

/// `SELECT alias.id, co_chosen FROM (inner) AS alias`: a source of the pool, cut at its own
/// limit; `co_chosen` is the behaviour source's own count, 0 for the others.
fn source(inner: SelectStatement, alias: &str, co_chosen: Option<Expr>) -> SelectStatement {
    Query::select()
        .column((Alias::new(alias), Alias::new("id")))
        .expr_as(
            co_chosen.unwrap_or_else(|| constant(0).cast_as("DOUBLE")),
            "co_chosen",
        )
        .from_subquery(inner, Alias::new(alias))
        .take()
}

/// The ids the pool's sources name (each cut at its limit) with their `co_chosen` (what
/// the pairs count; 0 for a space only the other sources name), or `None` when it names
/// none. The pairs are read once: a space beyond the behaviour source's limit counts as
/// not co-chosen.
fn pool_ids(pool: &Pool) -> Option<SelectStatement> {
    let mut parts = Vec::new();
    if !pool.chosen.is_empty() && pool.behaviour_limit > 0 {
        let co = Func::sum(Expr::col(("p", "chosen")));
        let mut pairs = co_chosen(pool);
        pairs
            .expr_as(Expr::from(co.clone()).cast_as("DOUBLE"), "co_chosen")
            .order_by_expr(co.into(), Order::Desc)
            .order_by(("p", "other_id"), Order::Asc)
            .limit(u64::from(pool.behaviour_limit));
        let counted = Expr::col((Alias::new("behaviour"), Alias::new("co_chosen")));
        parts.push(source(pairs, "behaviour", Some(counted)));
    }
    let categories = || among(s("category_id"), pool.categories.iter().map(|c| c.get()));
    let districts = || among(s("district_id"), pool.districts.iter().map(|d| d.get()));
    let (has_categories, has_districts) = (!pool.categories.is_empty(), !pool.districts.is_empty());
    let in_categories = walk_for(pool);
    if has_categories && has_districts && pool.content_limit > 0 {
        let both = categories().and(districts());
        let both = most_liked(both, in_categories, pool, pool.content_limit);
        parts.push(source(both, "content", None));
    }
    if has_categories && pool.broad_limit > 0 {
        let anywhere = most_liked(categories(), in_categories, pool, pool.broad_limit);
        parts.push(source(anywhere, "in_category", None));
    }
    if has_districts && pool.broad_limit > 0 {
        let any_kind = most_liked(districts(), POPULAR_WALK, pool, pool.broad_limit);
        parts.push(source(any_kind, "in_district", None));
    }
    if pool.popular_limit > 0 {
        parts.push(source(popular(pool.popular_limit), "popular", None));
        // Most liked too: a new site has no bookings yet.
        let liked = most_liked(Expr::value(true), POPULAR_WALK, pool, pool.popular_limit);
        parts.push(source(liked, "liked", None));
    }
    let mut parts = parts.into_iter();
    let mut union = parts.next()?;
    for part in parts {
        union.union(UnionType::All, part);
    }
    let u = |c| Expr::col(("u", c));
    Some(
        Query::select()
            .expr_as(u("id"), "id")
            .expr_as(Func::max(u("co_chosen")), "co_chosen")
            .from_subquery(union, "u")
            .group_by_col(("u", "id"))
            .take(),
    )
}

/// The popular index (likes, rating, id), holding every column a source tests (migration
/// `m20261202_000017`).
const POPULAR_WALK: &str = "idx_spaces_popular_cover";
/// The popular index within a category, holding every other column a source tests
/// (migration `m20261205_000022`).
const CATEGORY_WALK: &str = "idx_spaces_category_pool_cover";

/// The index a source of the pool's categories walks: with one category, that category's
/// popular index (only its spaces are read: a similar space's content walks about 250
/// entries instead of 1,900 at any scale, docs/performance.md); with several, whose
/// entries that index does not hold in one order, the popular index.
fn walk_for(pool: &Pool) -> &'static str {
    if pool.categories.len() == 1 {
        CATEGORY_WALK
    } else {
        POPULAR_WALK
    }
}

/// The ids (`id`) of the `limit` most liked eligible spaces (`s`) where `condition` holds,
/// walked in the order of `walk` (likes, rating, id, after an equal category), which holds
/// every column tested here: the cost is the limit over the share of the walked spaces
/// that pass, whatever the catalogue's size. MySQL is told to walk it; left to itself,
/// MariaDB reads every space of the categories and districts and sorts them.
fn most_liked(condition: Expr, walk: &str, pool: &Pool, limit: u32) -> SelectStatement {
    let mut select = Query::select();
    select
        .column(("s", "id"))
        .from_as("spaces", "s")
        .force_index(Alias::new(walk), IndexHintScope::All)
        .and_where(condition);
    eligible(&mut select, pool);
    select
        .order_by(("s", "like_count"), Order::Desc)
        .order_by(("s", "rating_avg"), Order::Desc)
        .order_by(("s", "id"), Order::Desc)
        .limit(u64::from(limit));
    select
}

/// The pairs of the pool's chosen spaces, grouped by the other space (`id`).
fn co_chosen(pool: &Pool) -> SelectStatement {
    let p = |c| Expr::col(("p", c));
    Query::select()
        .expr_as(p("other_id"), "id")
        .from_as("space_pairs", "p")
        .and_where(among(p("space_id"), pool.chosen.iter().map(|c| c.get())))
        .group_by_col(("p", "other_id"))
        .take()
}

/// The spaces booked most lately: `id` (ties: the later space first, so the walk is the
/// ranked index read backwards).
fn popular(limit: u32) -> SelectStatement {
    Query::select()
        .expr_as(Expr::col(("sp", "space_id")), "id")
        .from_as("space_popularity", "sp")
        .order_by(("sp", "recent_bookings"), Order::Desc)
        .order_by(("sp", "space_id"), Order::Desc)
        .limit(u64::from(limit))
        .take()
}

/// What every candidate and every source's space must be: not deleted, taking the pool's
/// group. Whether it is taken on the pool's date is asked once, of the candidates, and
/// marked (see `counted`): the sources do not depend on the date.
fn eligible(select: &mut SelectStatement, pool: &Pool) {
    select.and_where(s("deleted_at").is_null());
    if let Some(guests) = pool.guests {
        takes_guests(select, guests);
    }
}

/// The pool's candidates `s` (with their popularity `sp`) that are eligible, with
/// `co_chosen`, `recent_bookings` and `taken`; `None` when the pool names no source.
fn pool_rows(pool: &Pool) -> Option<SelectStatement> {
    let ids = pool_ids(pool)?;
    let mut query = Query::select();
    query
        .expr_as(
            Expr::col(("ids", "co_chosen")).cast_as("DOUBLE"),
            "co_chosen",
        )
        .from_subquery(ids, "ids")
        .join_as(
            JoinType::InnerJoin,
            "spaces",
            "s",
            s("id").equals(("ids", "id")),
        );
    counted(&mut query, pool);
    Some(query)
}

/// Adds `recent_bookings` (from the popularity `sp`) and `taken` (1 when not bookable on
/// the pool's date, 0 without one) to a read of spaces `s`, and keeps those eligible. A
/// taken space is marked, not left out: a guest's pool read for one date serves any other
/// (the domain ranks only the free ones).
fn counted(query: &mut SelectStatement, pool: &Pool) {
    let taken = match &pool.availability {
        Some(a) => Expr::case(bookable(a), 0).finally(1).into(),
        None => constant(0),
    };
    query
        .expr_as(
            Func::coalesce([Expr::col(("sp", "recent_bookings")), constant(0)]),
            "recent_bookings",
        )
        .expr_as(taken, "taken")
        .join_as(
            JoinType::LeftJoin,
            "space_popularity",
            "sp",
            Expr::col(("sp", "space_id")).equals(("s", "id")),
        );
    eligible(query, pool);
}

/// Adds a list item's columns (no total) and a row per image (`image_id`,
/// `image_url`, `image_thumbnail`, null for a space without one) to a read of spaces `s`,
/// each space's images in order.
fn with_list_items(query: &mut SelectStatement) {
    let i = |c| Expr::col(("i", c));
    summary_columns(query)
        .expr_as(Expr::null(), "total_matches")
        .expr_as(i("id"), "image_id")
        .expr_as(i("url"), "image_url")
        .expr_as(i("thumbnail_url"), "image_thumbnail");
    join_names(query).join_as(
        JoinType::LeftJoin,
        "space_images",
        "i",
        i("space_id").equals(("s", "id")),
    );
    query
        .order_by(("s", "id"), Order::Asc)
        .order_by(("i", "position"), Order::Asc)
        .order_by(("i", "id"), Order::Asc);
}

/// The pool's candidates as list items with `co_chosen` and `recent_bookings` (see
/// [`with_list_items`]); `None` when the pool names no source.
pub(crate) fn candidates(pool: &Pool) -> Option<SelectStatement> {
    let mut query = pool_rows(pool)?;
    with_list_items(&mut query);
    Some(query)
}

/// The pool's candidates with what ranking reads: `space_id`, the traits, `co_chosen`
/// and `recent_bookings`; `None` when the pool names no source.
pub(crate) fn ranking_inputs(pool: &Pool) -> Option<SelectStatement> {
    let mut query = pool_rows(pool)?;
    with_ranking_inputs(&mut query);
    Some(query)
}

/// Those of the spaces `ids` that are eligible for the pool, with what ranking reads (as
/// [`ranking_inputs`]; `co_chosen` 0: its sources are not read). MySQL is told to find
/// them by primary key: left to itself, MariaDB builds a row filter from the opening-dates
/// index over most of the catalogue (1.68 → 0.66 ms at 10,000 spaces for 147 ids and a
/// date, docs/performance.md).
pub(crate) fn ranking_inputs_among(ids: &[i64], pool: &Pool) -> SelectStatement {
    let mut query = Query::select();
    query
        .expr_as(constant(0).cast_as("DOUBLE"), "co_chosen")
        .from_as("spaces", "s")
        .force_index(Alias::new("PRIMARY"), IndexHintScope::All)
        .and_where(among(s("id"), ids.iter().copied()));
    counted(&mut query, pool);
    with_ranking_inputs(&mut query);
    query
}

/// `space_id` and the traits, by space.
fn with_ranking_inputs(query: &mut SelectStatement) {
    query.expr_as(s("id"), "space_id");
    traits(query).order_by(("s", "id"), Order::Asc);
}

/// The spaces `ids` that are not deleted, as list items (see [`with_list_items`]).
pub(crate) fn summaries(ids: &[i64]) -> SelectStatement {
    let mut query = Query::select();
    query
        .from_as("spaces", "s")
        .and_where(among(s("id"), ids.iter().copied()))
        .and_where(s("deleted_at").is_null());
    with_list_items(&mut query);
    query
}

#[cfg(test)]
#[path = "recommend_sql_tests.rs"]
mod tests;
