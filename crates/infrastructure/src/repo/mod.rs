//! SeaORM repositories implementing the domain's storage ports, for SQLite and MySQL alike.

mod catalog;
mod space;
mod space_sql;
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
