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
                Ok::<_, sea_orm::DbErr>(value)
            }
            Err(e) => {
                let _ = $txn.rollback().await;
                Err(e)
            }
        }
    }};
}

mod catalog;
mod space;
mod space_sql;
mod space_write;
mod user;

pub use catalog::SeaOrmCatalogRepository;
pub use space::SeaOrmSpaceRepository;
pub use user::SeaOrmUserRepository;

use sea_orm::{DbErr, SqlErr};

/// True when `err` is a unique-key violation, on either backend.
pub(crate) fn is_unique_violation(err: &DbErr) -> bool {
    matches!(err.sql_err(), Some(SqlErr::UniqueConstraintViolation(_)))
}

/// `?, ?, ?` for `n` bound values.
pub(crate) fn placeholders(n: usize) -> String {
    vec!["?"; n].join(", ")
}

/// The statements a space list or detail runs, for measuring them straight against the
/// database (the benchmark compares the API's rate with the raw rate of the same SQL).
pub mod statements {
    use ourspace_domain::space::SpaceQuery;
    use sea_orm::{DbBackend, Statement};

    /// The page, the page's related rows (for `ids`) and the total of a list.
    #[must_use]
    pub fn list(backend: DbBackend, query: &SpaceQuery, ids: &[i64]) -> Vec<Statement> {
        vec![
            super::space_sql::list_page(backend, query),
            super::space_sql::related(
                backend,
                ids,
                super::space_sql::Related {
                    options_and_facilities: false,
                },
            ),
            super::space_sql::list_total(backend, query),
        ]
    }

    /// The row and the related rows of a detail.
    #[must_use]
    pub fn detail(backend: DbBackend, id: i64) -> Vec<Statement> {
        vec![
            super::space_sql::detail(backend, id),
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
