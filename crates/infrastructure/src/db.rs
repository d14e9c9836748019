//! Connecting to the database (SQLite or MySQL/MariaDB, chosen by the URL) and migrating it.

use ourspace_migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, DbBackend, DbErr};
use std::time::Duration;

/// How to reach the database.
#[derive(Debug, Clone)]
pub struct DbConfig {
    /// `sqlite://file.db?mode=rwc`, `sqlite::memory:` or `mysql://user:pass@host:3306/db`.
    pub url: String,
    /// Connections in the pool (SQLite files use one writer regardless).
    pub max_connections: u32,
}

/// Opens a pool on `config.url` and counts every statement for [`crate::query_count`].
///
/// # Errors
/// The driver's error when the database cannot be reached.
pub async fn connect(config: &DbConfig) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(config.url.clone());
    let is_sqlite = config.url.starts_with("sqlite:");
    options
        .max_connections(if is_sqlite { 1 } else { config.max_connections })
        .min_connections(if is_sqlite { 1 } else { 2 })
        .connect_timeout(Duration::from_secs(5))
        .acquire_timeout(Duration::from_secs(10))
        .sqlx_logging(false);
    let mut db = Database::connect(options).await?;
    db.set_metric_callback(|_| crate::query_count::record());
    if db.get_database_backend() == DbBackend::Sqlite {
        // Readers do not wait on the writer, and a busy database waits instead of failing.
        for pragma in [
            "PRAGMA journal_mode = WAL",
            "PRAGMA busy_timeout = 5000",
            "PRAGMA foreign_keys = ON",
        ] {
            db.execute_unprepared(pragma).await?;
        }
    }
    Ok(db)
}

/// Applies every pending migration.
///
/// # Errors
/// The failing migration's error.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}
