//! An operator's bad day: the database goes away under a running server. Searches are
//! still answered (from the search index); every other request that needs the database
//! answers 503 `database_unavailable` with `Retry-After` at once (the pool
//! waits at most `OURSPACE_DB_ACQUIRE_TIMEOUT_MS`, then the breaker answers without
//! waiting), `/health` stays up, `/ready` says so, and when the database is back the same
//! process serves again.

use ourspace_e2e::private_mariadb::PrivateMariaDb;
use ourspace_e2e::{Backend, TestApp, spawn_app_with};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

/// The requests a client sends, reads and writes, signed in and not.
async fn every_kind(app: &TestApp, token: &str) -> Vec<(&'static str, reqwest::Response)> {
    let date = (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let order = json!({"space_id": 1, "date": date, "start_hour": 10, "end_hour": 12, "guests": 2,
        "booker": {"name": "김철수", "phone": "01012345678", "email": "a@b.kr"}});
    let url = |path: &str| format!("{}{path}", app.address);
    vec![
        ("list", app.get("/api/v1/spaces?category=1").await),
        ("detail", app.get("/api/v1/spaces/1").await),
        (
            "availability",
            app.get(&format!("/api/v1/spaces/1/availability?date={date}"))
                .await,
        ),
        ("me", app.get_as("/api/v1/users/me", token).await),
        (
            "order",
            app.client
                .post(url("/api/v1/orders"))
                .bearer_auth(token)
                .json(&order)
                .send()
                .await
                .unwrap(),
        ),
        (
            "like",
            app.client
                .put(url("/api/v1/spaces/2/like"))
                .bearer_auth(token)
                .send()
                .await
                .unwrap(),
        ),
    ]
}

#[tokio::test]
async fn while_the_database_is_away_requests_answer_503_at_once_and_the_server_recovers() {
    let mut db = PrivateMariaDb::start().await;
    let app = spawn_app_with(Backend::Sqlite, &[("DATABASE_URL", &db.url())]).await;
    let token = app.forge_token(json!({"sub": "1"}));
    for (name, response) in every_kind(&app, &token).await {
        assert!(response.status().as_u16() < 500, "{name} before the outage");
    }

    db.kill().await;
    for round in ["first requests", "while the breaker is open"] {
        let started = Instant::now();
        for (name, response) in every_kind(&app, &token).await {
            if name == "list" {
                // Searches are answered from the server's search index.
                assert_eq!(response.status().as_u16(), 200, "{round}: {name}");
                continue;
            }
            assert_eq!(response.status().as_u16(), 503, "{round}: {name}");
            assert_eq!(response.headers()["retry-after"], "2", "{round}: {name}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["code"], "database_unavailable", "{round}: {name}");
        }
        // Six requests in a row: one pool timeout (1.5 s) at most, never six.
        assert!(
            started.elapsed() < Duration::from_secs(4),
            "{round}: {:?}",
            started.elapsed()
        );
    }
    assert_eq!(app.get("/health").await.status().as_u16(), 200);
    let ready = app.get("/ready").await;
    assert_eq!(ready.status().as_u16(), 503);
    assert_eq!(ready.headers()["retry-after"], "2");

    db.resume().await;
    let mut back = false;
    for _ in 0..60 {
        if app.get("/api/v1/spaces/1").await.status().as_u16() == 200 {
            back = true;
            break;
        }
        tokio::time::sleep(Duration::from_millis(250)).await;
    }
    assert!(
        back,
        "the same process serves again once the database is back"
    );
    for (name, response) in every_kind(&app, &token).await {
        assert!(response.status().as_u16() < 500, "{name} after the outage");
    }
}

#[tokio::test]
async fn a_sqlite_file_held_by_another_process_answers_503_and_then_serves() {
    use sea_orm::{ConnectionTrait, TransactionTrait};
    let app = spawn_app_with(Backend::Sqlite, &[]).await;
    let token = app.forge_token(json!({"sub": "1"}));
    let like = || {
        app.client
            .put(format!("{}/api/v1/spaces/2/like", app.address))
            .bearer_auth(&token)
            .send()
    };
    // Another process (here: another connection) holds the write lock.
    let other = app.database.db.begin().await.unwrap();
    other
        .execute_unprepared("UPDATE spaces SET like_count = like_count WHERE id = 2")
        .await
        .unwrap();
    let response = like().await.unwrap();
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers()["retry-after"], "2");
    assert_eq!(
        response.json::<Value>().await.unwrap()["code"],
        "database_unavailable"
    );
    other.rollback().await.unwrap();
    // Served again once the lock is gone (and the breaker's second has passed).
    let deadline = Instant::now() + Duration::from_secs(10);
    while !like().await.unwrap().status().is_success() {
        assert!(
            Instant::now() < deadline,
            "not served 10 s after the lock went"
        );
        tokio::time::sleep(Duration::from_millis(100)).await;
    }
}

#[tokio::test]
async fn three_instances_started_together_on_an_empty_database_all_serve() {
    use sea_orm::ConnectionTrait;
    let server = ourspace_infrastructure::testing::mysql_server_url();
    let name = format!("ourspace_test_start_{}", uuid::Uuid::new_v4().simple());
    /// Drops the database however the test ends.
    struct Dropped(String);
    impl Drop for Dropped {
        fn drop(&mut self) {
            if let Err(e) = ourspace_infrastructure::testing::drop_mysql_database(&self.0) {
                eprintln!("warning: the test database {} was not dropped: {e}", self.0);
            }
        }
    }
    let _dropped = Dropped(name.clone());
    let admin = sea_orm::Database::connect(server.as_str()).await.unwrap();
    admin
        .execute_unprepared(&format!("CREATE DATABASE {name} CHARACTER SET utf8mb4"))
        .await
        .unwrap();
    let url = format!("{server}/{name}");
    let vars = [("DATABASE_URL", url.as_str()), ("OURSPACE_SEED_DEMO", "1")];
    let (a, b, c) = tokio::join!(
        spawn_app_with(Backend::Sqlite, &vars),
        spawn_app_with(Backend::Sqlite, &vars),
        spawn_app_with(Backend::Sqlite, &vars),
    );
    for app in [&a, &b, &c] {
        assert_eq!(app.get("/ready").await.status().as_u16(), 200);
        assert_eq!(app.get("/api/v1/spaces/1").await.status().as_u16(), 200);
    }
    let db = sea_orm::Database::connect(url.as_str()).await.unwrap();
    let count = |sql: &'static str| {
        let db = db.clone();
        async move {
            let row = db
                .query_one_raw(sea_orm::Statement::from_string(
                    db.get_database_backend(),
                    sql,
                ))
                .await
                .unwrap()
                .unwrap();
            row.try_get_by_index::<i64>(0).unwrap()
        }
    };
    use ourspace_migration::MigratorTrait;
    let migrations = i64::try_from(ourspace_migration::Migrator::migrations().len()).unwrap();
    assert_eq!(
        count("SELECT COUNT(*) FROM seaql_migrations").await,
        migrations
    );
    assert_eq!(
        count("SELECT COUNT(DISTINCT version) FROM seaql_migrations").await,
        migrations
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM categories").await,
        8,
        "the catalog seeded once"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM spaces").await,
        40,
        "the demo data made once"
    );
    assert_eq!(
        count("SELECT COUNT(*) FROM ourspace_setup_lock").await,
        0,
        "the lock released"
    );
    db.close().await.unwrap();
}
