//! The database an instance serves from: its pools, and the set-up (migrations, catalog,
//! demo data) instances take turns at.

use super::image_store;
use crate::config::Config;
use ourspace_domain::shared::{BoxError, Clock};
use ourspace_infrastructure::DatabaseConnection;
use ourspace_infrastructure::clock::SystemClock;
use ourspace_infrastructure::db::{DbConfig, connect, migrate};
use ourspace_infrastructure::seed::{seed_catalog, seed_demo};
use ourspace_infrastructure::setup_lock::with_setup_lock;

/// The pool that serves requests: as [`db_config`], with the statement time limit.
#[must_use]
pub fn serving_db_config(config: &Config) -> DbConfig {
    DbConfig {
        statement_timeout: config.db_statement_timeout,
        ..db_config(config)
    }
}

/// The pool the configuration asks for, without a statement time limit (set-up and
/// maintenance commands may run long statements).
#[must_use]
pub fn db_config(config: &Config) -> DbConfig {
    DbConfig {
        acquire_timeout: config.db_acquire_timeout,
        ..DbConfig::new(config.database_url.clone(), config.db_max_connections)
    }
}

/// How long an instance waits while another sets the database up.
pub const SETUP_WAIT: std::time::Duration = std::time::Duration::from_secs(300);

/// Connects to the database and, as configured, migrates it and seeds what is missing —
/// one instance at a time, however many start together.
///
/// # Errors
/// The database or image store failure.
pub async fn prepare_database(config: &Config) -> Result<DatabaseConnection, BoxError> {
    if config.auto_migrate {
        let setup = connect(&DbConfig {
            max_connections: 1,
            ..db_config(config)
        })
        .await?;
        with_setup_lock(&setup, SETUP_WAIT, set_up(&setup, config)).await?;
        setup.close().await?;
    }
    Ok(connect(&serving_db_config(config)).await?)
}

/// Migrations, the catalog and (when configured) demo data; each skips what is done.
async fn set_up(db: &DatabaseConnection, config: &Config) -> Result<(), BoxError> {
    migrate(db).await?;
    seed_catalog(db).await?;
    if config.seed_demo {
        let (store, _) = image_store(config).await?;
        let today = SystemClock::new(config.timezone).today();
        let created = seed_demo(db, store.as_ref(), today).await?;
        if created > 0 {
            tracing::info!(spaces = created, "demo data created");
        }
    }
    Ok(())
}
