//! A keyword search's page in relevance order, read from the postings' rank index
//! (`space_grams (gram, in_title, like_count, rating_avg, space_id)`) instead of reading
//! and sorting every space that has the keyword.
//!
//! The order is: spaces whose title holds every probe gram of the keyword (see
//! `ourspace_domain::space::keyword`) first, then popular (likes, rating, id). The first
//! group is one walk of the first gram's title postings; the rest is one walk per probe
//! gram of the postings *not* in the title (a space outside the first group misses at least
//! one gram from its title). Each walk goes in index order, joins the other grams' postings
//! and the space by primary key, and stops after `offset + per_page` matches; the page is
//! taken from their union. On MySQL the joins are `STRAIGHT_JOIN`, so the walk drives.

use super::filters::{filters, geo_dot, keyword_match};
use super::list::counts_in_page;
use super::{constant, join_names, page_columns, s, summary_columns};
use ourspace_domain::space::keyword::probe_grams;
use ourspace_domain::space::{SpaceQuery, SpaceSort};
use sea_orm::sea_query::{
    Alias, Condition, Expr, ExprTrait, JoinType, Order, Query, SelectStatement, UnionType,
};
use sea_orm::{DbBackend, Statement};

/// The relevance order of the union's rows: title group first, then popular.
fn order(select: &mut SelectStatement) -> &mut SelectStatement {
    for column in ["tier", "like_count", "rating_avg", "id"] {
        select.order_by(("s", column), Order::Desc);
    }
    select
}

/// The page statement for a keyword search in relevance order, when the rank index can
/// serve it: the keyword has probe grams, and the page does not count its matches (a
/// host's or liker's list, see `counts_in_page`). `None` otherwise.
pub(crate) fn relevance_page(backend: DbBackend, query: &SpaceQuery) -> Option<Statement> {
    let keyword = query.keyword.as_deref()?;
    let grams = probe_grams(keyword);
    if query.sort != SpaceSort::Relevance || grams.is_empty() || counts_in_page(query) {
        return None;
    }
    let walk = u64::from(query.page.per_page()) + query.page.offset();
    let mut union = branch(backend, query, &grams, None, walk);
    for driving in 0..grams.len() {
        union.union(
            UnionType::Distinct,
            branch(backend, query, &grams, Some(driving), walk),
        );
    }
    let mut rows = Query::select();
    rows.column(sea_orm::sea_query::Asterisk)
        .from_subquery(union, "s");
    order(&mut rows)
        .limit(u64::from(query.page.per_page()))
        .offset(query.page.offset());
    let mut page = Query::select();
    summary_columns(&mut page)
        .columns([("s", "geo_dot"), ("s", "total_matches")])
        .from_subquery(rows, "s");
    join_names(&mut page);
    order(&mut page);
    Some(backend.build(&page))
}

/// Joins `table` as `alias` after the tables before it, which drive: MySQL's
/// `STRAIGHT_JOIN … ON`, SQLite's `CROSS JOIN` with the condition in the `WHERE` (SQLite
/// keeps a cross join's order, and sea-query writes no `ON` for one).
fn join_after(
    select: &mut SelectStatement,
    backend: DbBackend,
    table: &'static str,
    alias: Alias,
    on: Expr,
) {
    if backend == DbBackend::MySql {
        select.join_as(JoinType::StraightJoin, table, alias, on);
    } else {
        select
            .join_as(JoinType::CrossJoin, table, alias, Condition::all())
            .and_where(on);
    }
}

/// Joins the postings of every gram but the driving one to `g`'s space (in the title too
/// when `in_title`).
fn gram_joins(
    select: &mut SelectStatement,
    backend: DbBackend,
    grams: &[String],
    driving: usize,
    in_title: bool,
) {
    for (i, gram) in grams.iter().enumerate().filter(|(i, _)| *i != driving) {
        let alias = Alias::new(format!("g{i}"));
        let mut on = Expr::col((alias.clone(), "gram"))
            .eq(gram.as_str())
            .and(Expr::col((alias.clone(), "space_id")).equals(("g", "space_id")));
        if in_title {
            on = on.and(Expr::col((alias.clone(), "in_title")).eq(true));
        }
        join_after(select, backend, "space_grams", alias, on);
    }
}

/// One walk, as `SELECT * FROM (…) b`: with `outside = None` the title group (the first
/// gram's title postings, every other gram in the title too); with `Some(i)` the spaces
/// whose title misses gram `i` (its postings not in the title, the others present).
fn branch(
    backend: DbBackend,
    query: &SpaceQuery,
    grams: &[String],
    outside: Option<usize>,
    walk: u64,
) -> SelectStatement {
    let driving = outside.unwrap_or(0);
    let g = |c| Expr::col(("g", c));
    let mut walked = Query::select();
    page_columns(&mut walked)
        .expr_as(Expr::null(), "total_matches")
        .expr_as(constant(i32::from(outside.is_none())), "tier")
        .expr_as(geo_dot(query), "geo_dot")
        .from_as("space_grams", "g");
    gram_joins(&mut walked, backend, grams, driving, outside.is_none());
    let space = s("id").equals(("g", "space_id"));
    join_after(&mut walked, backend, "spaces", Alias::new("s"), space);
    let rest = SpaceQuery {
        keyword: None,
        ..query.clone()
    };
    filters(&mut walked, &rest);
    walked
        .and_where(g("gram").eq(grams[driving].as_str()))
        .and_where(g("in_title").eq(outside.is_none()));
    if let Some(keyword) = &query.keyword {
        keyword_match(&mut walked, keyword);
    }
    for column in ["like_count", "rating_avg", "space_id"] {
        walked.order_by(("g", column), Order::Desc);
    }
    walked.limit(walk);
    let name = Alias::new(format!("b{}", outside.map_or(0, |i| i + 1)));
    Query::select()
        .column(sea_orm::sea_query::Asterisk)
        .from_subquery(walked, name)
        .take()
}
