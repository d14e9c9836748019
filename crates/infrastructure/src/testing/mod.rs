//! Throw-away databases for tests: a SQLite file or a uniquely named MariaDB/MySQL database
//! (at `TEST_MYSQL_URL`, default `mysql://root@127.0.0.1:3306`), migrated with the real
//! migrations and removed when dropped.

pub mod photos;

use crate::db::{DbConfig, connect, migrate};
use sea_orm::{ConnectionTrait, Database, DatabaseConnection, DbBackend, Statement};
use std::path::PathBuf;

/// Which database engine a test runs on.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Backend {
    Sqlite,
    MySql,
}

/// The MariaDB/MySQL server tests use.
#[must_use]
pub fn mysql_server_url() -> String {
    std::env::var("TEST_MYSQL_URL")
        .unwrap_or_else(|_| "mysql://root@127.0.0.1:3306".to_owned())
        .trim_end_matches('/')
        .to_owned()
}

/// A fresh, migrated database that disappears with this value.
pub struct TestDatabase {
    pub backend: Backend,
    /// The URL the application under test should use.
    pub url: String,
    pub db: DatabaseConnection,
    name: String,
    sqlite_file: Option<PathBuf>,
}

impl TestDatabase {
    /// Creates and migrates a database on `backend`.
    ///
    /// # Panics
    /// When the database server is unreachable: tests must not silently skip.
    pub async fn new(backend: Backend) -> Self {
        let name = format!("ourspace_test_{}", uuid::Uuid::new_v4().simple());
        let (url, sqlite_file) = match backend {
            Backend::Sqlite => {
                let file = std::env::temp_dir().join(format!("{name}.db"));
                (format!("sqlite://{}?mode=rwc", file.display()), Some(file))
            }
            Backend::MySql => {
                let server = mysql_server_url();
                let admin = Database::connect(&server).await.unwrap_or_else(|e| {
                    panic!("MariaDB/MySQL is unreachable at {server} (set TEST_MYSQL_URL): {e}")
                });
                admin
                    .execute_unprepared(&format!(
                        "CREATE DATABASE `{name}` CHARACTER SET utf8mb4 COLLATE utf8mb4_unicode_ci"
                    ))
                    .await
                    .expect("create the test database");
                admin.close().await.ok();
                (format!("{server}/{name}"), None)
            }
        };
        let db = connect(&DbConfig::new(url.clone(), 5))
            .await
            .expect("connect to the test database");
        migrate(&db).await.expect("migrate the test database");
        Self {
            backend,
            url,
            db,
            name,
            sqlite_file,
        }
    }
}

impl Drop for TestDatabase {
    fn drop(&mut self) {
        if let Some(file) = &self.sqlite_file {
            for suffix in ["", "-wal", "-shm"] {
                let path = format!("{}{suffix}", file.display());
                match std::fs::remove_file(&path) {
                    Err(e) if e.kind() != std::io::ErrorKind::NotFound => {
                        eprintln!("warning: the test database file {path} was not removed: {e}");
                    }
                    _ => {}
                }
            }
            return;
        }
        if let Err(e) = drop_mysql_database(&self.name) {
            eprintln!(
                "warning: the test database {} was not dropped: {e}",
                self.name
            );
        }
    }
}

/// Drops the database `name` on the test server, ending the sessions still using it first
/// (a connection left inside a transaction would hold metadata locks and make the drop
/// wait for ever). Runs on a thread of its own, so it can be called from `Drop`.
///
/// # Errors
/// What failed, as text.
pub fn drop_mysql_database(name: &str) -> Result<(), String> {
    let name = name.to_owned();
    std::thread::spawn(move || {
        let rt = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .build()
            .map_err(|e| e.to_string())?;
        rt.block_on(async {
            let admin = Database::connect(&mysql_server_url())
                .await
                .map_err(|e| e.to_string())?;
            let sessions = admin
                .query_all_raw(Statement::from_sql_and_values(
                    DbBackend::MySql,
                    "SELECT id FROM information_schema.processlist WHERE db = ?",
                    [name.clone().into()],
                ))
                .await
                .map_err(|e| e.to_string())?;
            for session in sessions {
                if let Ok(id) = session.try_get::<u64>("", "id") {
                    // A session that ended meanwhile cannot be killed: nothing to do.
                    let _ = admin.execute_unprepared(&format!("KILL {id}")).await;
                }
            }
            admin
                .execute_unprepared("SET SESSION lock_wait_timeout = 10")
                .await
                .map_err(|e| e.to_string())?;
            admin
                .execute_unprepared(&format!("DROP DATABASE IF EXISTS `{name}`"))
                .await
                .map_err(|e| e.to_string())?;
            admin.close().await.map_err(|e| e.to_string())
        })
    })
    .join()
    .map_err(|_| "the dropping thread panicked".to_owned())?
}

/// Declares each async test body (a closure taking a [`Backend`]) once per backend, as
/// `sqlite::name` and `mariadb::name`.
#[macro_export]
macro_rules! on_both_backends {
    ($($name:ident => $body:expr;)*) => {
        mod sqlite {
            #[allow(unused_imports)]
            use super::*;
            $(#[tokio::test] async fn $name() {
                ($body)($crate::testing::Backend::Sqlite).await
            })*
        }
        mod mariadb {
            #[allow(unused_imports)]
            use super::*;
            $(#[tokio::test] async fn $name() {
                ($body)($crate::testing::Backend::MySql).await
            })*
        }
    };
}

/// The S3-compatible server tests use (`TEST_S3_ENDPOINT`, default moto's on port 9000).
#[must_use]
pub fn s3_endpoint() -> String {
    std::env::var("TEST_S3_ENDPOINT").unwrap_or_else(|_| "http://127.0.0.1:9000".to_owned())
}

/// An S3 store on a fresh, uniquely named bucket of the test S3 server.
///
/// # Panics
/// When the server is unreachable: tests must not silently skip.
pub async fn s3_store() -> (crate::media::S3ImageStore, crate::media::S3Config) {
    let config = crate::media::S3Config {
        bucket: format!("ourspace-test-{}", uuid::Uuid::new_v4().simple()),
        region: "ap-northeast-2".into(),
        endpoint: Some(s3_endpoint()),
        path_style: true,
        public_url: None,
        static_credentials: Some(("ourspace-test".into(), "ourspace-test-secret".into())),
    };
    let store = crate::media::S3ImageStore::new(&config).await;
    store.ensure_bucket().await.unwrap_or_else(|e| {
        panic!(
            "the S3 server at {} is unreachable (run scripts/ensure-s3): {e}",
            s3_endpoint()
        )
    });
    (store, config)
}

/// A public search answered by a search index built afresh from `db` (calendar rows read
/// from the day before `clock`'s today), so every write so far is in it.
///
/// # Panics
/// When the index cannot be built or read.
pub async fn search_fresh(
    db: &DatabaseConnection,
    clock: std::sync::Arc<dyn ourspace_domain::shared::Clock>,
    query: &ourspace_domain::space::SpaceQuery,
) -> ourspace_domain::shared::Paged<ourspace_domain::space::SpaceSummary> {
    use ourspace_domain::space::SpaceIndex;
    let settings = crate::search::feed::FeedSettings::default();
    let index = crate::search::SearchIndex::build(db.clone(), clock, settings, Default::default())
        .await
        .expect("the search index is built");
    index.search(query).await.expect("the index answers")
}

/// The change of `order` from `from` to `to` at `at` without points, as the randomized
/// tests move orders: a waiting status lasts 20 minutes, a refusal or cancellation frees
/// the hours.
#[must_use]
pub fn status_change(
    order: ourspace_domain::shared::OrderId,
    from: ourspace_domain::order::OrderStatus,
    to: ourspace_domain::order::OrderStatus,
    at: chrono::DateTime<chrono::Utc>,
) -> ourspace_domain::order::StatusChange {
    use ourspace_domain::order::OrderStatus;
    ourspace_domain::order::StatusChange {
        order_id: order,
        from,
        to,
        at,
        expires_at: to.is_waiting().then(|| at + chrono::Duration::minutes(20)),
        release_slots: matches!(to, OrderStatus::Rejected | OrderStatus::Cancelled),
        charge: None,
        refund: None,
        refund_policy: None,
    }
}
