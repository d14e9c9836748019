//! Connecting to the database (SQLite or MySQL/MariaDB, chosen by the URL) and migrating it.

use ourspace_migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
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
        .sqlx_logging(false)
        // WAL: readers do not wait on the writer, and NORMAL sync is safe under WAL. A busy
        // database waits instead of failing; foreign keys are enforced as on MySQL.
        .map_sqlx_sqlite_opts(|o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(Duration::from_secs(5))
                .foreign_keys(true)
        });
    let mut db = Database::connect(options).await?;
    db.set_metric_callback(|_| crate::query_count::record());
    Ok(db)
}

/// Applies every pending migration.
///
/// # Errors
/// The failing migration's error.
pub async fn migrate(db: &DatabaseConnection) -> Result<(), DbErr> {
    Migrator::up(db, None).await
}

/// Connections open in the pool, and how many of them are idle.
#[must_use]
pub fn pool_state(db: &DatabaseConnection) -> (u32, u32) {
    let (size, idle) = match db.get_database_backend() {
        sea_orm::DbBackend::MySql => {
            let pool = db.get_mysql_connection_pool();
            (pool.size(), pool.num_idle())
        }
        _ => {
            let pool = db.get_sqlite_connection_pool();
            (pool.size(), pool.num_idle())
        }
    };
    (size, u32::try_from(idle).unwrap_or(u32::MAX))
}
