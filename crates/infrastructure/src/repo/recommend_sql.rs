//! The statements behind recommendations, built with sea-query: a guest's signals with
//! every district's centre, a space's traits with the same, and a pool's candidates as
//! list items with their behaviour counts — one statement each.

use super::pairs::a_choice;
use super::space_sql::{available, constant, join_names, s, summary_columns, takes_guests};
use ourspace_domain::recommend::Pool;
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, Func, JoinType, Order, Query, SelectStatement, UnionType,
};

/// `SELECT * FROM (inner) AS alias`: a part of a union that keeps its own order and limit.
fn wrapped(inner: SelectStatement, alias: &str) -> SelectStatement {
    Query::select()
        .column(Asterisk)
        .from_subquery(inner, Alias::new(alias))
        .take()
}

/// `SELECT alias.id FROM (inner) AS alias`: a source of the pool, cut at its own limit.
fn source(inner: SelectStatement, alias: &str) -> SelectStatement {
    Query::select()
        .column((Alias::new(alias), Alias::new("id")))
        .from_subquery(inner, Alias::new(alias))
        .take()
}

/// One kind of a guest's choices: `kind`, `space_id`, `n` (head count or rating), latest
/// `limit` first.
fn choices(kind: &str, mut from: SelectStatement, n: Expr, limit: u32) -> SelectStatement {
    from.expr_as(constant(kind), "kind")
        .expr_as(Expr::col(("x", "space_id")), "space_id")
        .expr_as(n, "n")
        .limit(u64::from(limit));
    wrapped(from, kind)
}

/// The guest's latest `per_kind` bookings (that are choices), likes and reviews, each with
/// its space's traits (a space deleted since still tells the taste); then every district as
/// a row of kind `district` with its centre.
pub(crate) fn signals(user: i64, per_kind: u32) -> SelectStatement {
    let x = |c| Expr::col(("x", c));
    let booked = Query::select()
        .from_as("orders", "x")
        .and_where(x("guest_id").eq(user))
        .and_where(a_choice("x"))
        .order_by(("x", "id"), Order::Desc)
        .take();
    let liked = Query::select()
        .from_as("likes", "x")
        .and_where(x("user_id").eq(user))
        .order_by(("x", "created_at"), Order::Desc)
        .take();
    // Through the review's order, whose guest index finds them.
    let reviewed = Query::select()
        .from_as("reviews", "x")
        .join_as(
            JoinType::InnerJoin,
            "orders",
            "ro",
            Expr::col(("ro", "id")).equals(("x", "order_id")),
        )
        .and_where(Expr::col(("ro", "guest_id")).eq(user))
        .order_by(("x", "id"), Order::Desc)
        .take();
    let history = choices("booked", booked, x("guests"), per_kind)
        .union(
            UnionType::All,
            choices("liked", liked, constant(0), per_kind),
        )
        .union(
            UnionType::All,
            choices("reviewed", reviewed, x("rating"), per_kind),
        )
        .take();
    let mut query = Query::select();
    query
        .column(("h", "kind"))
        .column(("h", "n"))
        .expr_as(s("id"), "space_id");
    traits(&mut query)
        .expr_as(constant(0).cast_as("DOUBLE"), "latitude")
        .expr_as(constant(0).cast_as("DOUBLE"), "longitude")
        .from_subquery(history, "h")
        .join_as(
            JoinType::InnerJoin,
            "spaces",
            "s",
            s("id").equals(("h", "space_id")),
        );
    query.union(UnionType::All, districts()).take()
}

/// The traits of the space `s`.
fn traits(select: &mut SelectStatement) -> &mut SelectStatement {
    select.columns(
        [
            "category_id",
            "district_id",
            "min_price",
            "min_guests",
            "max_guests",
        ]
        .map(|c| ("s", c)),
    )
}

/// Every district with its centre, in the columns of [`signals`] and [`target`].
fn districts() -> SelectStatement {
    let d = |c| Expr::col(("dd", c));
    Query::select()
        .expr_as(constant("district"), "kind")
        .expr_as(constant(0), "n")
        .expr_as(d("id"), "space_id")
        .expr_as(constant(0), "category_id")
        .expr_as(d("id"), "district_id")
        .expr_as(constant(0), "min_price")
        .expr_as(constant(0), "min_guests")
        .expr_as(constant(0), "max_guests")
        .expr_as(d("latitude"), "latitude")
        .expr_as(d("longitude"), "longitude")
        .from_as("districts", "dd")
        .take()
}

/// The space `id` (unless deleted) as a row of kind `space`, then every district.
pub(crate) fn target(id: i64) -> SelectStatement {
    let mut query = Query::select();
    query
        .expr_as(constant("space"), "kind")
        .expr_as(constant(0), "n")
        .expr_as(s("id"), "space_id");
    traits(&mut query)
        .expr_as(constant(0).cast_as("DOUBLE"), "latitude")
        .expr_as(constant(0).cast_as("DOUBLE"), "longitude")
        .from_as("spaces", "s")
        .and_where(s("id").eq(id))
        .and_where(s("deleted_at").is_null());
    query.union(UnionType::All, districts()).take()
}

/// The ids the pool's sources name (each cut at its limit), or `None` when it names none.
fn pool_ids(pool: &Pool) -> Option<SelectStatement> {
    let mut parts = Vec::new();
    if !pool.chosen.is_empty() && pool.behaviour_limit > 0 {
        let mut pairs = co_chosen(pool);
        pairs
            .order_by_expr(Func::sum(Expr::col(("p", "chosen"))).into(), Order::Desc)
            .order_by(("p", "other_id"), Order::Asc)
            .limit(u64::from(pool.behaviour_limit));
        parts.push(source(pairs, "behaviour"));
    }
    let categories = || s("category_id").is_in(pool.categories.iter().map(|c| c.get()));
    let districts = || s("district_id").is_in(pool.districts.iter().map(|d| d.get()));
    let (has_categories, has_districts) = (!pool.categories.is_empty(), !pool.districts.is_empty());
    if has_categories && has_districts && pool.content_limit > 0 {
        let both = most_liked(categories().and(districts()), pool, pool.content_limit);
        parts.push(source(both, "content"));
    }
    if has_categories && pool.broad_limit > 0 {
        let anywhere = most_liked(categories(), pool, pool.broad_limit);
        parts.push(source(anywhere, "in_category"));
    }
    if has_districts && pool.broad_limit > 0 {
        let any_kind = most_liked(districts(), pool, pool.broad_limit);
        parts.push(source(any_kind, "in_district"));
    }
    if pool.popular_limit > 0 {
        parts.push(source(popular(pool.popular_limit), "popular"));
        // Most liked too: a new site has no bookings yet.
        let liked = most_liked(Expr::value(true), pool, pool.popular_limit);
        parts.push(source(liked, "liked"));
    }
    let mut parts = parts.into_iter();
    let mut union = parts.next()?;
    for part in parts {
        union.union(UnionType::Distinct, part);
    }
    Some(union)
}

/// The ids (`id`) of the `limit` most liked eligible spaces (`s`) where `condition` holds,
/// in the order of the popular indexes (likes, rating, id).
fn most_liked(condition: Expr, pool: &Pool, limit: u32) -> SelectStatement {
    let mut select = Query::select();
    select
        .column(("s", "id"))
        .from_as("spaces", "s")
        .and_where(condition);
    eligible(&mut select, pool);
    select
        .order_by(("s", "like_count"), Order::Desc)
        .order_by(("s", "rating_avg"), Order::Desc)
        .order_by(("s", "id"), Order::Desc)
        .limit(u64::from(limit));
    select
}

/// The pairs of the pool's chosen spaces, by other space: `id` (the other), `co_chosen`.
fn co_chosen(pool: &Pool) -> SelectStatement {
    let p = |c| Expr::col(("p", c));
    Query::select()
        .expr_as(p("other_id"), "id")
        .expr_as(Func::sum(p("chosen")).cast_as("DOUBLE"), "co_chosen")
        .from_as("space_pairs", "p")
        .and_where(p("space_id").is_in(pool.chosen.iter().map(|c| c.get())))
        .group_by_col(("p", "other_id"))
        .take()
}

/// The spaces booked most lately: `id`.
fn popular(limit: u32) -> SelectStatement {
    Query::select()
        .expr_as(Expr::col(("sp", "space_id")), "id")
        .from_as("space_popularity", "sp")
        .order_by(("sp", "recent_bookings"), Order::Desc)
        .order_by(("sp", "space_id"), Order::Asc)
        .limit(u64::from(limit))
        .take()
}

/// What every candidate must be: not deleted, taking the pool's group, free on its date.
fn eligible(select: &mut SelectStatement, pool: &Pool) {
    select.and_where(s("deleted_at").is_null());
    if let Some(guests) = pool.guests {
        takes_guests(select, guests);
    }
    if let Some(a) = &pool.availability {
        available(select, a);
    }
}

/// The pool's candidates as list items (`geo_dot` 0, no total) with `co_chosen` and
/// `recent_bookings`, a row per image (`image_id`, `image_url`, `image_thumbnail`, null
/// for a space without one), each space's images in order; `None` when the pool names no
/// source.
pub(crate) fn candidates(pool: &Pool) -> Option<SelectStatement> {
    let ids = pool_ids(pool)?;
    let i = |c| Expr::col(("i", c));
    let mut query = Query::select();
    summary_columns(&mut query)
        .expr_as(constant(0).cast_as("DOUBLE"), "geo_dot")
        .expr_as(Expr::null(), "total_matches")
        .expr_as(
            Expr::from(Func::coalesce([
                Expr::col(("pc", "co_chosen")),
                constant(0),
            ]))
            .cast_as("DOUBLE"),
            "co_chosen",
        )
        .expr_as(
            Func::coalesce([Expr::col(("sp", "recent_bookings")), constant(0)]),
            "recent_bookings",
        )
        .expr_as(i("id"), "image_id")
        .expr_as(i("url"), "image_url")
        .expr_as(i("thumbnail_url"), "image_thumbnail")
        .from_subquery(ids, "ids")
        .join_as(
            JoinType::InnerJoin,
            "spaces",
            "s",
            s("id").equals(("ids", "id")),
        );
    join_names(&mut query)
        .join_subquery(
            JoinType::LeftJoin,
            co_chosen(pool),
            "pc",
            Expr::col(("pc", "id")).equals(("s", "id")),
        )
        .join_as(
            JoinType::LeftJoin,
            "space_popularity",
            "sp",
            Expr::col(("sp", "space_id")).equals(("s", "id")),
        )
        .join_as(
            JoinType::LeftJoin,
            "space_images",
            "i",
            i("space_id").equals(("s", "id")),
        );
    eligible(&mut query, pool);
    query
        .order_by(("s", "id"), Order::Asc)
        .order_by(("i", "position"), Order::Asc)
        .order_by(("i", "id"), Order::Asc);
    Some(query)
}
