//! The rate-limit windows in a real Redis (`TEST_REDIS_URL`, 127.0.0.1:6379 by default;
//! `scripts/ensure-redis` starts one): shared by every holder of the same prefix, ended by
//! their window, and never waited on when Redis is away.

use ourspace_infrastructure::shared_windows::{RECONNECT_AFTER, Resting, SharedWindows};
use std::time::{Duration, Instant};

fn redis_url() -> String {
    std::env::var("TEST_REDIS_URL").unwrap_or_else(|_| "redis://127.0.0.1:6379/0".to_owned())
}

/// A prefix no other test run uses.
fn fresh_prefix() -> String {
    format!("ourspace-test-{}:", uuid::Uuid::new_v4())
}

const MINUTE: Duration = Duration::from_secs(60);

#[tokio::test]
async fn two_instances_count_one_window_per_key() {
    let prefix = fresh_prefix();
    let a = SharedWindows::new(&redis_url(), &prefix).unwrap();
    let b = SharedWindows::new(&redis_url(), &prefix).unwrap();
    for windows in [&a, &b, &a, &b] {
        assert_eq!(
            windows.hit("sign-in:10.0.0.1", 4, MINUTE).await.unwrap(),
            None
        );
    }
    for windows in [&a, &b] {
        let wait = windows
            .hit("sign-in:10.0.0.1", 4, MINUTE)
            .await
            .unwrap()
            .expect("the fifth in the minute is over the limit");
        assert!(wait > Duration::from_secs(50) && wait <= MINUTE, "{wait:?}");
    }
    // Another key, and the same key under another prefix, count on their own.
    assert_eq!(b.hit("sign-in:10.0.0.2", 4, MINUTE).await.unwrap(), None);
    let other = SharedWindows::new(&redis_url(), &fresh_prefix()).unwrap();
    assert_eq!(
        other.hit("sign-in:10.0.0.1", 4, MINUTE).await.unwrap(),
        None
    );
}

#[tokio::test]
async fn a_window_ends_and_counting_starts_again() {
    let windows = SharedWindows::new(&redis_url(), &fresh_prefix()).unwrap();
    let short = Duration::from_millis(400);
    assert_eq!(windows.hit("k", 1, short).await.unwrap(), None);
    let wait = windows.hit("k", 1, short).await.unwrap().expect("over");
    assert!(wait <= short, "{wait:?}");
    tokio::time::sleep(short + Duration::from_millis(100)).await;
    assert_eq!(windows.hit("k", 1, short).await.unwrap(), None);
}

#[tokio::test]
async fn concurrent_hits_are_each_counted_once() {
    let windows = std::sync::Arc::new(SharedWindows::new(&redis_url(), &fresh_prefix()).unwrap());
    let hits = (0..50).map(|_| {
        let windows = windows.clone();
        tokio::spawn(async move { windows.hit("k", 20, MINUTE).await.unwrap() })
    });
    let verdicts = futures_util::future::join_all(hits).await;
    let allowed = verdicts
        .iter()
        .filter(|v| v.as_ref().unwrap().is_none())
        .count();
    assert_eq!(allowed, 20);
}

#[tokio::test]
async fn a_redis_that_is_away_fails_fast_and_is_not_retried_at_once() {
    // Nothing listens on port 1.
    let windows = SharedWindows::new("redis://127.0.0.1:1/0", "x:").unwrap();
    let started = Instant::now();
    let first = windows.hit("k", 5, MINUTE).await.unwrap_err();
    assert!(started.elapsed() < Duration::from_secs(10), "never a hang");
    assert!(
        !first.is::<Resting>(),
        "the first call tried to connect: {first}"
    );
    // Within RECONNECT_AFTER the next call does not try again.
    let again = windows.hit("k", 5, MINUTE).await.unwrap_err();
    assert!(again.is::<Resting>(), "{again}");
    assert!(RECONNECT_AFTER >= Duration::from_secs(1));
}

#[test]
fn a_url_that_is_not_redis_is_refused() {
    assert!(SharedWindows::new("http://127.0.0.1:6379", "x:").is_err());
    assert!(SharedWindows::new("not a url", "x:").is_err());
}
