//! `space_pairs`, what "guests who chose this also chose …" reads: for each pair of spaces
//! chosen (booked in an order that is a choice, `recommend::is_choice`, or liked) by the
//! same guests, how many guests chose both (counted by `recommend::co_chosen_pairs` from
//! every choice, read in one statement); and `space_popularity`, each space's bookings of
//! the last `recommend::RECENT_DAYS` days. Rebuilt as a whole, in one transaction, by
//! `ourspace recommendations refresh` and by `serve` on a schedule
//! (`OURSPACE_RECOMMENDATION_REFRESH_SECONDS`) rather than kept in the booking's and the
//! like's transactions: a booking would otherwise write a row per space its guest ever
//! chose, on rows other bookings of those spaces also write, and recommendations may lag by
//! minutes. Pairs chosen by fewer guests than the domain trusts (`recommend::MIN_CO_CHOSEN`)
//! are not kept: they are most of the pairs.

use super::count_all;
use chrono::{DateTime, Duration, Utc};
use futures_util::TryStreamExt;
use ourspace_domain::order::OrderStatus;
use ourspace_domain::recommend::{Choice, RECENT_DAYS, co_chosen_pairs, is_choice};
use ourspace_domain::shared::{SpaceId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement, UnionType};
use sea_orm::{ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, FromQueryResult};

/// An order (of table or alias `order`) that is a choice of its guest.
pub(crate) fn a_choice(order: &'static str) -> Expr {
    let statuses = OrderStatus::ALL
        .into_iter()
        .filter(|s| is_choice(*s))
        .map(|s| s.as_str());
    Expr::col((order, "status")).is_in(statuses)
}

/// Every choice: `user_id`, `space_id`, `created_at` (bookings that are choices, likes).
fn choices() -> SelectStatement {
    let liked = Query::select()
        .columns(["user_id", "space_id", "created_at"])
        .from("likes")
        .take();
    Query::select()
        .expr_as(Expr::col("guest_id"), "user_id")
        .columns(["space_id", "created_at"])
        .from("orders")
        .and_where(a_choice("orders"))
        .union(UnionType::All, liked)
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
struct ChoiceRow {
    user_id: i64,
    space_id: i64,
    created_at: DateTime<Utc>,
}

#[derive(FromQueryResult)]
struct Popular {
    space_id: i64,
    recent_bookings: i64,
}

/// Every choice, each row turned into a [`Choice`] as it arrives (the rows are never all
/// held at once).
async fn read_choices(db: &DatabaseConnection) -> Result<Vec<Choice>, DbErr> {
    let statement = db.get_database_backend().build(&choices());
    let mut rows = ChoiceRow::find_by_statement(statement).stream(db).await?;
    let mut choices = Vec::new();
    while let Some(c) = rows.try_next().await? {
        choices.push(Choice {
            guest: UserId(c.user_id),
            space: SpaceId(c.space_id),
            at: c.created_at,
        });
    }
    Ok(choices)
}

/// What a refresh wrote.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Refreshed {
    /// Rows of `space_pairs`.
    pub pairs: u64,
    /// Spaces booked lately (rows of `space_popularity`).
    pub popular: u64,
}

/// Replaces the rows of `table` with one per item of `rows` (`values` gives those of
/// `columns`), a thousand to a statement, each built as it is sent.
async fn replace<T: Sync>(
    txn: &DatabaseTransaction,
    table: &'static str,
    columns: &[&'static str],
    rows: &[T],
    values: fn(&T) -> Vec<sea_orm::Value>,
) -> Result<(), DbErr> {
    txn.execute(&Query::delete().from_table(table).take())
        .await?;
    for chunk in rows.chunks(1_000) {
        let mut insert = Query::insert()
            .into_table(table)
            .columns(columns.iter().copied())
            .take();
        for row in chunk {
            insert.values_panic(values(row).into_iter().map(Into::into));
        }
        txn.execute(&insert).await?;
    }
    Ok(())
}

/// Rebuilds `space_pairs` (counted by `recommend::co_chosen_pairs` from every choice) and
/// `space_popularity` (bookings since `RECENT_DAYS` before `now`) from the orders and likes.
/// Both are read first by plain (non-locking) reads, so bookings and likes never wait for a
/// refresh; then both tables are replaced in one transaction.
///
/// # Errors
/// The database failure; the previous rows stay then.
pub async fn refresh_recommendations(
    db: &DatabaseConnection,
    now: DateTime<Utc>,
) -> Result<Refreshed, DbErr> {
    let backend = db.get_database_backend();
    let pairs = co_chosen_pairs(read_choices(db).await?);
    let since = now - Duration::days(i64::try_from(RECENT_DAYS).unwrap_or(i64::MAX));
    let popular = Popular::find_by_statement(backend.build(&popularity(since)))
        .all(db)
        .await?;
    let refreshed = Refreshed {
        pairs: pairs.len() as u64,
        popular: popular.len() as u64,
    };
    in_transaction!(db, txn => {
        replace(&txn, "space_pairs", &["space_id", "other_id", "chosen"], &pairs, |p| {
            vec![p.space.get().into(), p.other.get().into(), p.guests.into()]
        })
        .await?;
        replace(&txn, "space_popularity", &["space_id", "recent_bookings"], &popular, |p| {
            vec![p.space_id.into(), p.recent_bookings.into()]
        })
        .await?;
        Ok(refreshed)
    })
}
