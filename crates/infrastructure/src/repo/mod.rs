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
