//! Helpers for the end-to-end tests: start the real server on a free port against a fresh
//! database, and talk to it over HTTP.

use ourspace_api::{Application, Config};
use ourspace_infrastructure::DatabaseConnection;
pub use ourspace_infrastructure::on_both_backends;
pub use ourspace_infrastructure::testing::{Backend, TestDatabase};
use std::collections::HashMap;

/// A running server and what it runs on.
pub struct TestApp {
    /// `http://127.0.0.1:PORT`
    pub address: String,
    pub client: reqwest::Client,
    pub database: TestDatabase,
    /// The server's own pool.
    pub server_db: DatabaseConnection,
    pub media_dir: tempfile::TempDir,
}

/// Starts the server with demo data and statement counting on, on `backend`.
///
/// # Panics
/// When the server cannot start (a test failure, not a skip).
pub async fn spawn_app(backend: Backend) -> TestApp {
    spawn_app_with(backend, &[]).await
}

/// As [`spawn_app`], with extra environment settings.
///
/// # Panics
/// When the server cannot start.
pub async fn spawn_app_with(backend: Backend, extra: &[(&str, &str)]) -> TestApp {
    let database = TestDatabase::new(backend).await;
    let media_dir = tempfile::tempdir().expect("media dir");
    let mut vars: HashMap<String, String> = [
        ("DATABASE_URL", database.url.as_str()),
        ("OURSPACE_BIND", "127.0.0.1:0"),
        (
            "OURSPACE_MEDIA_DIR",
            media_dir.path().to_str().expect("utf-8 path"),
        ),
        ("OURSPACE_QUERY_DEBUG", "1"),
        ("OURSPACE_SEED_DEMO", "1"),
    ]
    .into_iter()
    .map(|(k, v)| (k.to_owned(), v.to_owned()))
    .collect();
    vars.extend(
        extra
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned())),
    );
    let config = Config::from_lookup(|k| vars.get(k).cloned()).expect("test configuration");
    let app = Application::build(config).await.expect("server starts");
    let address = format!("http://127.0.0.1:{}", app.port());
    let server_db = app.database();
    tokio::spawn(app.run_until_stopped());
    TestApp {
        address,
        client: reqwest::Client::builder()
            .redirect(reqwest::redirect::Policy::none())
            .build()
            .expect("http client"),
        database,
        server_db,
        media_dir,
    }
}

impl TestApp {
    /// GET `path` (relative to the server).
    ///
    /// # Panics
    /// When the request cannot be sent.
    pub async fn get(&self, path: &str) -> reqwest::Response {
        self.client
            .get(format!("{}{path}", self.address))
            .send()
            .await
            .expect("request sent")
    }

    /// GET `path` and decode the JSON body, asserting the status.
    ///
    /// # Panics
    /// On another status or a body that is not JSON.
    pub async fn get_json(&self, path: &str, status: u16) -> serde_json::Value {
        let response = self.get(path).await;
        assert_eq!(response.status().as_u16(), status, "GET {path}");
        response.json().await.expect("JSON body")
    }
}

/// The statements a response reports in `x-db-queries`.
///
/// # Panics
/// When the header is missing.
#[must_use]
pub fn db_queries(response: &reqwest::Response) -> u32 {
    response
        .headers()
        .get("x-db-queries")
        .expect("x-db-queries header")
        .to_str()
        .expect("ascii")
        .parse()
        .expect("a number")
}
