//! Slow queries: a statement past its time limit is stopped in the database (MariaDB and
//! SQLite) and answers 503 `query_timeout`; searches are answered from the search index
//! and hold no connection, so a database made slow does not slow them, nor do they take
//! the pool from other requests.

use ourspace_e2e::{Backend, TestApp, spawn_app_with};
use serde_json::Value;
use std::time::{Duration, Instant};

#[tokio::test]
async fn searches_need_no_connection_while_the_database_is_slow() {
    let app = spawn_app_with(
        Backend::MySql,
        &[
            ("OURSPACE_DB_MAX_CONNECTIONS", "4"),
            ("OURSPACE_DB_ACQUIRE_TIMEOUT_MS", "400"),
        ],
    )
    .await;
    // Every statement that reads the calendar made to take 2 s, and four of them running,
    // holding every pooled connection but none of the server's.
    app.sql("RENAME TABLE space_calendar TO space_calendar_real")
        .await;
    app.sql(
        "CREATE VIEW space_calendar AS SELECT c.* FROM space_calendar_real c \
         JOIN (SELECT SLEEP(2) AS z) AS slow",
    )
    .await;
    let date = (chrono::Utc::now() + chrono::Days::new(3)).date_naive();
    let started = Instant::now();
    let searches: Vec<_> = (0..6)
        .map(|i| {
            let url = format!(
                "{}/api/v1/spaces?date={date}&page={}",
                app.address,
                1 + i % 2
            );
            let client = app.client.clone();
            tokio::spawn(async move {
                let response = client.get(url).send().await.expect("an answer");
                let status = response.status().as_u16();
                let body: Value = response.json().await.expect("json");
                (status, body)
            })
        })
        .collect();
    for search in searches {
        let (status, body) = search.await.expect("the search task");
        assert_eq!(status, 200, "{body}");
        assert!(body["total"].as_u64().unwrap() > 0, "{body}");
    }
    assert!(
        started.elapsed() < Duration::from_secs(1),
        "six date searches took {:?}",
        started.elapsed()
    );
    assert_eq!(
        searches_running(&app).await,
        0,
        "no search read the calendar"
    );
    // Meanwhile the rest of the API still finds connections.
    for _ in 0..5 {
        let answer = app.get("/api/v1/spaces/1").await;
        assert_eq!(answer.status().as_u16(), 200);
    }
    app.sql("DROP VIEW space_calendar").await;
    app.sql("RENAME TABLE space_calendar_real TO space_calendar")
        .await;
}

/// Statements of the server reading the (slowed) calendar right now.
async fn searches_running(app: &TestApp) -> i64 {
    use sea_orm::ConnectionTrait;
    let db = &app.database.db;
    db.query_one_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        "SELECT COUNT(*) FROM information_schema.PROCESSLIST WHERE ID <> CONNECTION_ID() AND DB = DATABASE() \
         AND COMMAND IN ('Query', 'Execute') AND INFO LIKE '%space_calendar%'",
    ))
    .await
    .expect("the process list")
    .expect("a count")
    .try_get_by_index::<i64>(0)
    .expect("a number")
}

/// The slowed catalog read answers 503 `query_timeout` well before it would have ended.
async fn answers_query_timeout_at_once(app: &TestApp) {
    let started = Instant::now();
    let response = app.get("/api/v1/categories").await;
    assert!(
        started.elapsed() < Duration::from_millis(1500),
        "{:?}",
        started.elapsed()
    );
    assert_eq!(response.status().as_u16(), 503);
    assert_eq!(response.headers()["retry-after"], "2");
    assert_eq!(
        response.json::<Value>().await.unwrap()["code"],
        "query_timeout"
    );
}

/// Other reads are served: the stopped statement's connection came back.
async fn serves_again(app: &TestApp) {
    for _ in 0..20 {
        assert_eq!(app.get("/api/v1/districts").await.status().as_u16(), 200);
    }
}

#[tokio::test]
async fn a_statement_past_its_time_limit_is_stopped_in_the_database_and_answers_503() {
    use sea_orm::ConnectionTrait;
    let app = spawn_app_with(
        Backend::MySql,
        &[("OURSPACE_DB_STATEMENT_TIMEOUT_MS", "300")],
    )
    .await;
    // A catalog read made slow: 0.2 s a row, eight rows.
    app.sql("RENAME TABLE categories TO categories_real").await;
    app.sql("CREATE VIEW categories AS SELECT c.* FROM categories_real c WHERE SLEEP(0.2) = 0")
        .await;
    answers_query_timeout_at_once(&app).await;
    // Stopped in the database, not only abandoned by the server.
    let db = &app.database.db;
    let running = db
        .query_one_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT COUNT(*) FROM information_schema.PROCESSLIST \
             WHERE COMMAND = 'Query' AND INFO LIKE '%categories%' AND INFO NOT LIKE '%PROCESSLIST%'",
        ))
        .await
        .unwrap()
        .unwrap()
        .try_get_by_index::<i64>(0)
        .unwrap();
    assert_eq!(running, 0);
    // The server's connections came back: other requests are served.
    serves_again(&app).await;
    app.sql("DROP VIEW categories").await;
    app.sql("RENAME TABLE categories_real TO categories").await;
    assert_eq!(app.get("/api/v1/categories").await.status().as_u16(), 200);
}

#[tokio::test]
async fn on_sqlite_a_statement_past_its_time_limit_is_interrupted_and_answers_503() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[("OURSPACE_DB_STATEMENT_TIMEOUT_MS", "300")],
    )
    .await;
    // A catalog read made slow: it first counts to a hundred million.
    app.sql("ALTER TABLE categories RENAME TO categories_real")
        .await;
    app.sql(
        "CREATE VIEW categories AS SELECT c.* FROM categories_real c, \
         (WITH RECURSIVE n(x) AS (SELECT 1 UNION ALL SELECT x + 1 FROM n WHERE x < 100000000) \
          SELECT MAX(x) AS m FROM n) AS slow",
    )
    .await;
    answers_query_timeout_at_once(&app).await;
    // The one connection came back, its deadline gone with the request.
    serves_again(&app).await;
    app.sql("DROP VIEW categories").await;
    app.sql("ALTER TABLE categories_real RENAME TO categories")
        .await;
    assert_eq!(app.get("/api/v1/categories").await.status().as_u16(), 200);
}
