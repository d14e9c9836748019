//! `space_pairs`, what "guests who chose this also chose …" reads: for each pair of spaces
//! chosen (booked, in any order status, or liked) by the same guests, how many guests chose
//! both. Rebuilt as a whole, in one transaction, by `ourspace recommendations refresh` and
//! by `serve` on a schedule (`OURSPACE_RECOMMENDATION_REFRESH_SECONDS`) rather than kept in
//! the booking's and the like's transactions: a booking would otherwise write a row per
//! space its guest ever chose, on rows other bookings of those spaces also write, and
//! recommendations may lag by minutes. Pairs chosen by fewer guests than the domain trusts
//! (`recommend::MIN_CO_CHOSEN`) are not kept: they are most of the pairs.

use super::count_all;
use ourspace_domain::recommend::MIN_CO_CHOSEN;
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Query, SelectStatement, UnionType};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};

/// Each guest's chosen spaces, once each: `user_id`, `space_id`.
fn choices() -> SelectStatement {
    let liked = Query::select()
        .columns(["user_id", "space_id"])
        .from("likes")
        .take();
    Query::select()
        .expr_as(Expr::col("guest_id"), "user_id")
        .column("space_id")
        .from("orders")
        .union(UnionType::Distinct, liked)
        .take()
}

/// Every pair of different spaces chosen by at least [`MIN_CO_CHOSEN`] guests, with
/// how many: `space_id`, `other_id`, `chosen`.
fn pairs() -> SelectStatement {
    let (a, b) = (|c| Expr::col(("a", c)), |c| Expr::col(("b", c)));
    Query::select()
        .expr_as(a("space_id"), "space_id")
        .expr_as(b("space_id"), "other_id")
        .expr_as(count_all(), "chosen")
        .from_subquery(choices(), "a")
        .join_subquery(
            JoinType::InnerJoin,
            choices(),
            "b",
            b("user_id")
                .equals(("a", "user_id"))
                .and(b("space_id").ne(a("space_id"))),
        )
        .group_by_col(("a", "space_id"))
        .group_by_col(("b", "space_id"))
        .and_having(count_all().gte(i64::from(MIN_CO_CHOSEN)))
        .take()
}

#[derive(FromQueryResult)]
struct Pair {
    space_id: i64,
    other_id: i64,
    chosen: i64,
}

/// Rebuilds `space_pairs` from the orders and likes; returns how many pairs it holds. The
/// pairs are read first by a plain (non-locking) read, so bookings and likes never wait for
/// a refresh; then the table is replaced in one transaction.
///
/// # Errors
/// The database failure; the previous pairs stay then.
pub async fn refresh_pairs(db: &DatabaseConnection) -> Result<u64, DbErr> {
    let read = db.get_database_backend().build(&pairs());
    let found = Pair::find_by_statement(read).all(db).await?;
    in_transaction!(db, txn => {
        txn.execute(&Query::delete().from_table("space_pairs").take()).await?;
        for chunk in found.chunks(1_000) {
            let mut insert = Query::insert()
                .into_table("space_pairs")
                .columns(["space_id", "other_id", "chosen"])
                .take();
            for p in chunk {
                insert.values_panic([p.space_id.into(), p.other_id.into(), p.chosen.into()]);
            }
            txn.execute(&insert).await?;
        }
        Ok(found.len() as u64)
    })
}
