//! The rate limits counted across instances through Redis (`OURSPACE_REDIS_URL`;
//! `TEST_REDIS_URL`, 127.0.0.1:6379 by default, started by `scripts/ensure-redis`), and
//! counted by each instance when Redis does not answer.

use crate::orders::{arrange, day, order};
use ourspace_e2e::{Backend, TestApp, spawn_app_with};
use serde_json::json;
use std::time::{Duration, Instant};

fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/0".to_owned())
}

async fn sign_in_status(app: &TestApp) -> u16 {
    app.post_json("/api/v1/auth/kakao/token", &json!({"access_token": "x"}))
        .await
        .status()
        .as_u16()
}

#[tokio::test]
async fn two_instances_share_one_sign_in_and_one_order_limit_through_redis() {
    let (url, prefix) = (
        redis_url(),
        format!("ourspace-test-{}:", uuid::Uuid::new_v4()),
    );
    let vars = [
        ("OURSPACE_AUTH_RATE_PER_MINUTE", "4"),
        ("OURSPACE_ORDER_RATE_PER_MINUTE", "3"),
        ("OURSPACE_SEED_DEMO", "0"),
        ("OURSPACE_REDIS_URL", url.as_str()),
        ("OURSPACE_REDIS_KEY_PREFIX", prefix.as_str()),
    ];
    let a = spawn_app_with(Backend::Sqlite, &vars).await;
    let b = spawn_app_with(Backend::Sqlite, &vars).await;
    let mut statuses = Vec::new();
    for app in [&a, &b, &a, &b, &a, &b] {
        statuses.push(sign_in_status(app).await);
    }
    // Four in the minute from this address, wherever they land (503: Kakao is not
    // configured, but the request was let through); then both instances refuse.
    assert_eq!(statuses, [503, 503, 503, 503, 429, 429]);

    // The same guest id on both instances (each has its own database here; in production
    // they share one): three placements between them, the fourth refused.
    let (on_a, on_b) = (
        arrange(&a, "instant", 1).await,
        arrange(&b, "instant", 1).await,
    );
    let mut placed = Vec::new();
    for (app, booking, n) in [
        (&a, &on_a, 1),
        (&b, &on_b, 2),
        (&a, &on_a, 3),
        (&b, &on_b, 4),
    ] {
        placed.push(
            order(app, &booking.guest, &booking.package(&day(app, n), "day"))
                .await
                .0,
        );
    }
    assert_eq!(placed, [201, 201, 201, 429]);
}

#[tokio::test]
async fn with_redis_away_each_instance_counts_its_own_without_waiting() {
    let vars = [
        ("OURSPACE_AUTH_RATE_PER_MINUTE", "3"),
        // Nothing listens on port 1.
        ("OURSPACE_REDIS_URL", "redis://127.0.0.1:1/0"),
    ];
    let app = spawn_app_with(Backend::Sqlite, &vars).await;
    let started = Instant::now();
    let mut statuses = Vec::new();
    for _ in 0..4 {
        statuses.push(sign_in_status(&app).await);
    }
    assert_eq!(statuses, [503, 503, 503, 429]);
    assert!(
        started.elapsed() < Duration::from_secs(10),
        "never a hang: {:?}",
        started.elapsed()
    );
    assert_eq!(app.get("/api/v1/categories").await.status().as_u16(), 200);
}
