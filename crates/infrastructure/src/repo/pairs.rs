//! `space_pairs`, what "guests who chose this also chose …" reads: for each pair of spaces
//! chosen (booked in an order that is a choice, `recommend::is_choice`, or liked) by the
//! same guests, how many guests chose both; and `space_popularity`, each space's bookings
//! of the last `recommend::RECENT_DAYS` days. Rebuilt as a whole, in one transaction, by `ourspace recommendations refresh` and
//! by `serve` on a schedule (`OURSPACE_RECOMMENDATION_REFRESH_SECONDS`) rather than kept in
//! the booking's and the like's transactions: a booking would otherwise write a row per
//! space its guest ever chose, on rows other bookings of those spaces also write, and
//! recommendations may lag by minutes. Pairs chosen by fewer guests than the domain trusts
//! (`recommend::MIN_CO_CHOSEN`) are not kept: they are most of the pairs.

use super::count_all;
use chrono::{DateTime, Duration, Utc};
use ourspace_domain::order::OrderStatus;
use ourspace_domain::recommend::{MIN_CO_CHOSEN, RECENT_DAYS, is_choice};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Query, SelectStatement, UnionType};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, FromQueryResult};

/// An order (of table or alias `order`) that is a choice of its guest.
pub(crate) fn a_choice(order: &'static str) -> Expr {
    let statuses = OrderStatus::ALL
        .into_iter()
        .filter(|s| is_choice(*s))
        .map(|s| s.as_str());
    Expr::col((order, "status")).is_in(statuses)
}

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
        .and_where(a_choice("orders"))
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

/// Each space booked since `since` (by orders that are choices), with how many times:
/// `space_id`, `recent_bookings`.
fn popularity(since: DateTime<Utc>) -> SelectStatement {
    Query::select()
        .column("space_id")
        .expr_as(count_all(), "recent_bookings")
        .from("orders")
        .and_where(Expr::col("created_at").gte(since))
        .and_where(a_choice("orders"))
        .group_by_col("space_id")
        .take()
}

#[derive(FromQueryResult)]
struct Pair {
    space_id: i64,
    other_id: i64,
    chosen: i64,
}

#[derive(FromQueryResult)]
struct Popular {
    space_id: i64,
    recent_bookings: i64,
}

/// What a refresh wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refreshed {
    /// Rows of `space_pairs`.
    pub pairs: u64,
    /// Spaces booked lately (rows of `space_popularity`).
    pub popular: u64,
}

/// Replaces the rows of `table` with `rows` (each the values of `columns`).
async fn replace(
    txn: &DatabaseTransaction,
    table: &'static str,
    columns: &[&'static str],
    rows: impl Iterator<Item = Vec<sea_orm::Value>>,
) -> Result<(), DbErr> {
    txn.execute(&Query::delete().from_table(table).take())
        .await?;
    let rows: Vec<_> = rows.collect();
    for chunk in rows.chunks(1_000) {
        let mut insert = Query::insert()
            .into_table(table)
            .columns(columns.iter().copied())
            .take();
        for row in chunk {
            insert.values_panic(row.iter().cloned().map(Into::into));
        }
        txn.execute(&insert).await?;
    }
    Ok(())
}

/// Rebuilds `space_pairs` and `space_popularity` (bookings since `RECENT_DAYS` before
/// `now`) from the orders and likes. Both are read first by plain (non-locking) reads, so
/// bookings and likes never wait for a refresh; then both tables are replaced in one
/// transaction.
///
/// # Errors
/// The database failure; the previous rows stay then.
pub async fn refresh_recommendations(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Refreshed, DbErr> {
    let backend = db.get_database_backend();
    let pairs = Pair::find_by_statement(backend.build(&pairs()))
        .all(db)
        .await?;
    let since = now - Duration::days(i64::try_from(RECENT_DAYS).unwrap_or(i64::MAX));
    let popular = Popular::find_by_statement(backend.build(&popularity(since)))
        .all(db)
        .await?;
    let refreshed = Refreshed {
        pairs: pairs.len() as u64,
        popular: popular.len() as u64,
    };
    in_transaction!(db, txn => {
        let pair_rows = pairs
            .iter()
            .map(|p| vec![p.space_id.into(), p.other_id.into(), p.chosen.into()]);
        replace(&txn, "space_pairs", &["space_id", "other_id", "chosen"], pair_rows).await?;
        let popular_rows = popular
            .iter()
            .map(|p| vec![p.space_id.into(), p.recent_bookings.into()]);
        replace(&txn, "space_popularity", &["space_id", "recent_bookings"], popular_rows).await?;
        Ok(refreshed)
    })
}
