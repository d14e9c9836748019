//! The statements that tell what is known before a pool is drawn, built with sea-query: a
//! guest's latest choices with each space's traits, or a space's traits, each with every
//! district's centre — one statement each.

use super::pairs::a_choice;
use super::space_sql::{constant, s};
use sea_orm::sea_query::{
    Alias, Asterisk, Expr, ExprTrait, JoinType, Order, Query, SelectStatement, UnionType,
};

/// `SELECT * FROM (inner) AS alias`: a part of a union that keeps its own order and limit.
fn wrapped(inner: SelectStatement, alias: &str) -> SelectStatement {
    Query::select()
        .column(Asterisk)
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

/// The traits of the space `s` (what `TraitsRow` reads, beside `space_id`).
pub(crate) fn traits(select: &mut SelectStatement) -> &mut SelectStatement {
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
