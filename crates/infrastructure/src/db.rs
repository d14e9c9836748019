//! Connecting to the database (SQLite or MySQL/MariaDB, chosen by the URL) and migrating it.

use ourspace_migration::{Migrator, MigratorTrait};
use sea_orm::sqlx::sqlite::{SqliteJournalMode, SqliteSynchronous};
use sea_orm::{ConnectOptions, Database, DatabaseConnection, DbErr};
use std::time::Duration;

/// How long a request waits for a pooled connection by default: short, so that while the
/// database is away requests fail fast instead of queueing.
pub const DEFAULT_ACQUIRE_TIMEOUT: Duration = Duration::from_millis(1500);

/// How to reach the database.
#[derive(Debug, Clone)]
pub struct DbConfig {
    /// `sqlite://file.db?mode=rwc`, `sqlite::memory:` or `mysql://user:pass@host:3306/db`.
    pub url: String,
    /// Connections in the pool (SQLite files use one writer regardless).
    pub max_connections: u32,
    /// The longest wait for a connection (opening one included).
    pub acquire_timeout: Duration,
    /// The longest a statement may run, enforced by MariaDB (`max_statement_time`) or
    /// MySQL (`max_execution_time`, reads only) on every connection, and by SQLite's
    /// progress handler on everything one use of the connection runs; `None`: no limit.
    pub statement_timeout: Option<Duration>,
}

impl DbConfig {
    /// `url` with a pool of `max_connections` and [`DEFAULT_ACQUIRE_TIMEOUT`].
    #[must_use]
    pub fn new(url: impl Into<String>, max_connections: u32) -> Self {
        Self {
            url: url.into(),
            max_connections,
            acquire_timeout: DEFAULT_ACQUIRE_TIMEOUT,
            statement_timeout: None,
        }
    }
}

/// Opens a pool on `config.url` and counts every statement for [`crate::query_count`].
///
/// # Errors
/// The driver's error when the database cannot be reached.
pub async fn connect(config: &DbConfig) -> Result<DatabaseConnection, DbErr> {
    let mut options = ConnectOptions::new(config.url.clone());
    let is_sqlite = config.url.starts_with("sqlite:");
    let busy = config.acquire_timeout;
    options
        .max_connections(if is_sqlite { 1 } else { config.max_connections })
        .min_connections(if is_sqlite { 1 } else { 2 })
        .connect_timeout(config.acquire_timeout)
        .acquire_timeout(config.acquire_timeout)
        .sqlx_logging(false)
        // WAL: readers do not wait on the writer, and NORMAL sync is safe under WAL. A file
        // another process holds is waited for as long as a pooled connection would be;
        // foreign keys are enforced as on MySQL.
        .map_sqlx_sqlite_opts(move |o| {
            o.journal_mode(SqliteJournalMode::Wal)
                .synchronous(SqliteSynchronous::Normal)
                .busy_timeout(busy)
                .foreign_keys(true)
        });
    let limit = config.statement_timeout;
    options.map_sqlx_mysql_pool_opts(move |pool| {
        pool.after_connect(move |conn, _| Box::pin(prepare_session(conn, limit)))
    });
    if let Some(limit) = limit {
        options.map_sqlx_sqlite_pool_opts(move |pool| {
            pool.before_acquire(move |conn, _| Box::pin(sqlite_deadline(conn, Some(limit))))
                .after_release(|conn, _| Box::pin(sqlite_deadline(conn, None)))
        });
    }
    let mut db = Database::connect(options).await?;
    db.set_metric_callback(|_| crate::query_count::record());
    Ok(db)
}

/// Prepares a new MySQL/MariaDB connection: its statement time limit, if any, and causal
/// reads on a Galera cluster (`wsrep_sync_wait = 1`: a read waits until its node has
/// applied every transaction committed anywhere before it, so an order just placed
/// through one node is found through another, after a failover too). Servers without
/// Galera refuse or ignore the variable, and nothing changes there.
async fn prepare_session(
    conn: &mut sea_orm::sqlx::MySqlConnection,
    limit: Option<Duration>,
) -> Result<(), sea_orm::sqlx::Error> {
    use sea_orm::sqlx::Executor;
    if let Some(limit) = limit {
        limit_statements(conn, limit).await?;
    }
    let galera = "SET SESSION wsrep_sync_wait = IF(@@wsrep_on, 1, @@wsrep_sync_wait)";
    let _ = conn.execute(galera).await;
    Ok(())
}

/// Sets the connection's statement time limit: MariaDB's `max_statement_time` (seconds),
/// else MySQL's `max_execution_time` (milliseconds, reads only).
async fn limit_statements(
    conn: &mut sea_orm::sqlx::MySqlConnection,
    limit: Duration,
) -> Result<(), sea_orm::sqlx::Error> {
    use sea_orm::sqlx::{Executor, query};
    let mariadb = query("SET SESSION max_statement_time = ?").bind(limit.as_secs_f64());
    if conn.execute(mariadb).await.is_err() {
        let millis = u64::try_from(limit.as_millis()).unwrap_or(u64::MAX);
        let mysql = query("SET SESSION max_execution_time = ?").bind(millis);
        conn.execute(mysql).await?;
    }
    Ok(())
}

/// True when `e` says its transaction lost a race for rows and was rolled back: chosen as a
/// deadlock victim, waited past the lock timeout, or, on a Galera cluster, failed
/// certification against a transaction another node committed first (MariaDB reports that
/// as a deadlock, 1213, at the statement or at `COMMIT`). Running it again may succeed.
pub(crate) fn lost_a_race(e: &DbErr) -> bool {
    match e {
        DbErr::Exec(sea_orm::RuntimeErr::SqlxError(e))
        | DbErr::Query(sea_orm::RuntimeErr::SqlxError(e)) => sqlx_lost_a_race(e),
        _ => false,
    }
}

fn sqlx_lost_a_race(e: &sea_orm::sqlx::Error) -> bool {
    let sea_orm::sqlx::Error::Database(db) = e else {
        return false;
    };
    db.code().as_deref() == Some("40001")
        || db
            .try_downcast_ref::<sea_orm::sqlx::mysql::MySqlDatabaseError>()
            .is_some_and(|m| matches!(m.number(), 1205 | 1213))
}

/// True when `error` (or anything in its source chain) is a transaction that lost a race
/// for rows ([`lost_a_race`]) even after the repositories ran it again: callers answer
/// "busy, try again" rather than "something broke".
#[must_use]
pub fn is_contended(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if e.downcast_ref::<DbErr>().is_some_and(lost_a_race)
            || e.downcast_ref::<sea_orm::sqlx::Error>()
                .is_some_and(sqlx_lost_a_race)
        {
            return true;
        }
        next = e.source();
    }
    false
}

/// True when `error` (or its source chain) is a statement stopped by the statement time
/// limit (MariaDB 1969, MySQL 3024, SQLite's `SQLITE_INTERRUPT` from the progress handler)
/// or killed (1317).
#[must_use]
pub fn is_timeout(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        let sqlx =
            e.downcast_ref::<sea_orm::sqlx::Error>()
                .or_else(|| match e.downcast_ref::<DbErr>() {
                    Some(DbErr::Conn(r) | DbErr::Exec(r) | DbErr::Query(r)) => match r {
                        sea_orm::RuntimeErr::SqlxError(sqlx) => Some(sqlx.as_ref()),
                        sea_orm::RuntimeErr::Internal(_) => None,
                    },
                    _ => None,
                });
        if let Some(sea_orm::sqlx::Error::Database(db)) = sqlx {
            let stopped = match db.try_downcast_ref::<sea_orm::sqlx::mysql::MySqlDatabaseError>() {
                Some(mysql) => matches!(mysql.number(), 1969 | 3024 | 1317),
                None => db.code().and_then(|c| c.parse::<i64>().ok()).unwrap_or(0) & 0xFF == 9,
            };
            if stopped {
                return true;
            }
        }
        next = e.source();
    }
    false
}

/// SQLite has no statement time limit of its own: each time a request takes the connection,
/// its progress handler is set to interrupt whatever runs past `limit` from then (the
/// statement fails with `SQLITE_INTERRUPT`), and removed when the connection comes back.
async fn sqlite_deadline(
    conn: &mut sea_orm::sqlx::SqliteConnection,
    limit: Option<Duration>,
) -> Result<bool, sea_orm::sqlx::Error> {
    /// Virtual-machine steps between two looks at the clock (well under a millisecond).
    const STEPS: i32 = 10_000;
    let mut handle = conn.lock_handle().await?;
    match limit {
        Some(limit) => {
            let deadline = std::time::Instant::now() + limit;
            handle.set_progress_handler(STEPS, move || std::time::Instant::now() < deadline);
        }
        None => handle.remove_progress_handler(),
    }
    Ok(true)
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

/// True when `error` (or anything in its source chain) says the database could not be
/// reached or used at all — no connection within the acquire timeout, a connection lost,
/// a refused or broken socket, SQLite's file locked past its busy timeout or unreadable —
/// rather than that a statement was wrong. Callers answer those with "try again soon".
#[must_use]
pub fn is_unavailable(error: &(dyn std::error::Error + 'static)) -> bool {
    let mut next = Some(error);
    while let Some(e) = next {
        if let Some(db) = e.downcast_ref::<DbErr>()
            && db_unavailable(db)
        {
            return true;
        }
        if let Some(sqlx) = e.downcast_ref::<sea_orm::sqlx::Error>()
            && sqlx_unavailable(sqlx)
        {
            return true;
        }
        next = e.source();
    }
    false
}

fn db_unavailable(e: &DbErr) -> bool {
    match e {
        DbErr::ConnectionAcquire(_) => true,
        DbErr::Conn(runtime) | DbErr::Exec(runtime) | DbErr::Query(runtime) => match runtime {
            sea_orm::RuntimeErr::SqlxError(sqlx) => sqlx_unavailable(sqlx),
            sea_orm::RuntimeErr::Internal(_) => false,
        },
        _ => false,
    }
}

fn sqlx_unavailable(e: &sea_orm::sqlx::Error) -> bool {
    use sea_orm::sqlx::Error;
    match e {
        Error::Io(_)
        | Error::Tls(_)
        | Error::PoolTimedOut
        | Error::PoolClosed
        | Error::WorkerCrashed
        | Error::Protocol(_) => true,
        Error::Database(db) => {
            if let Some(mysql) = db.try_downcast_ref::<sea_orm::sqlx::mysql::MySqlDatabaseError>() {
                // Too many connections, server shutting down, connection killed; a Galera
                // node that is not synced ("WSREP has not yet prepared node for
                // application use").
                return matches!(mysql.number(), 1040 | 1053 | 1927 | 1047);
            }
            // SQLite: the primary code of SQLITE_BUSY and SQLITE_LOCKED (past the busy
            // timeout), SQLITE_IOERR and SQLITE_CANTOPEN, whatever their extended code.
            let code: i64 = db.code().and_then(|c| c.parse().ok()).unwrap_or(0);
            matches!(code & 0xFF, 5 | 6 | 10 | 14)
        }
        _ => false,
    }
}
