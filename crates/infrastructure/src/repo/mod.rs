//! SeaORM repositories implementing the domain's storage ports, for SQLite and MySQL alike.

/// Runs `$body` (an expression using `$txn`, returning `Result<_, DbErr>`) in a transaction
/// on `$db`: commits on `Ok`, and on `Err` rolls back at once, so no lock outlives the call
/// (sqlx would otherwise roll back only when the pool next sees the connection).
macro_rules! in_transaction {
    ($db:expr, $txn:ident => $body:expr) => {{
        use sea_orm::TransactionTrait as _;
        let $txn = $db.begin().await?;
        let result: Result<_, sea_orm::DbErr> = async { $body }.await;
        match result {
            Ok(value) => {
                $txn.commit().await?;
                $crate::search::note_commit();
                Ok::<_, sea_orm::DbErr>(value)
            }
            Err(e) => {
                let _ = $txn.rollback().await;
                Err(e)
            }
        }
    }};
}

mod calendar;
pub use calendar::rebuild as rebuild_calendar;
mod catalog;
mod detail_cache;
pub(crate) mod in_list;
pub mod index_source;
mod like;
mod order;
mod order_change;
mod order_expiry;
mod order_guard;
mod order_read;
mod pairs;
mod search_changes;
pub use pairs::{Refreshed, refresh_recommendations};
mod points;
mod recommend;
mod recommend_signals;
mod recommend_sql;
mod review;
mod sign_in_flow;
mod signup_grant;
mod space;
mod space_delete;
mod space_detail;
mod space_images;
mod space_sql;
mod space_stored;
mod space_write;
pub use space_write::searchable_text;
mod status_sql;
mod taste_version;
pub use signup_grant::GrantKey;
mod user;
mod user_delete;

pub use catalog::SeaOrmCatalogRepository;
pub use like::SeaOrmLikeRepository;
pub use order::SeaOrmOrderRepository;
pub use recommend::SeaOrmRecommendationRepository;
pub use review::SeaOrmReviewRepository;
pub use sign_in_flow::SeaOrmSignInFlows;
pub use space::SeaOrmSpaceRepository;
pub use user::SeaOrmUserRepository;

use sea_orm::sea_query::{Asterisk, Expr, Func};
use sea_orm::{ConnectionTrait, DbErr, FromQueryResult, SqlErr};
use std::future::Future;
use std::time::Duration;

/// True when `err` is a unique-key violation, on either backend.
pub(crate) fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// Runs the transaction `attempt` again (up to five times in all, after a short pause)
/// while it loses a race for rows (a deadlock, a lock-wait timeout, a Galera certification
/// conflict: [`crate::db::lost_a_race`]).
pub(crate) async fn with_retries<T, F, Fut>(mut attempt: F) -> Result<T, DbErr>
where
    F: FnMut() -> Fut,
    Fut: Future<Output = Result<T, DbErr>>,
{
    let mut tries: u64 = 1;
    loop {
        match attempt().await {
            Err(e) if tries < 5 && crate::db::lost_a_race(&e) => {
                tracing::debug!(error = %e, tries, "transaction retried");
                tokio::time::sleep(Duration::from_millis(5 * tries)).await;
                tries += 1;
            }
            outcome => return outcome,
        }
    }
}

/// The `n` column of a one-number query (a count).
#[derive(FromQueryResult)]
pub(crate) struct Count {
    pub n: i64,
}

/// `COUNT(*)`.
pub(crate) fn count_all() -> Expr {
    Func::count(Expr::col(Asterisk)).into()
}

/// The count `query` answers in its `n` column (0 when it answers no row).
pub(crate) async fn count<C: ConnectionTrait>(
    db: &C,
    query: &sea_orm::sea_query::SelectStatement,
) -> Result<i64, DbErr> {
    let stmt = db.get_database_backend().build(query);
    Ok(Count::find_by_statement(stmt)
        .one(db)
        .await?
        .map_or(0, |c| c.n))
}

/// The statements a space detail runs, for measuring them straight against the database
/// (the benchmark compares the API's rate with the raw rate of the same SQL).
pub mod statements {
    use sea_orm::{DbBackend, Statement};

    /// The row and the related rows of a detail.
    #[must_use]
    pub fn detail(backend: DbBackend, id: i64) -> Vec<Statement> {
        vec![
            super::space_detail::statement(backend, id, None),
            super::space_sql::related(
                backend,
                &[id],
                super::space_sql::Related {
                    options_and_facilities: true,
                },
            ),
        ]
    }
}
