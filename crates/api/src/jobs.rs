//! Work `serve` does on a schedule beside answering requests.

use crate::state::AppState;
use ourspace_domain::shared::Clock;
use ourspace_infrastructure::DatabaseConnection;
use std::future::Future;
use std::sync::Arc;
use std::time::Duration;
use tokio::task::JoinHandle;

/// Runs `run` every `seconds` (never when 0), the first time after `first_after`; a run
/// that overruns delays the next instead of piling up.
fn every<F, Fut>(seconds: u64, first_after: Duration, mut run: F) -> Option<JoinHandle<()>>
where
    F: FnMut() -> Fut + Send + 'static,
    Fut: Future<Output = ()> + Send,
{
    if seconds == 0 {
        return None;
    }
    let period = Duration::from_secs(seconds);
    Some(tokio::spawn(async move {
        let start = tokio::time::Instant::now() + first_after;
        let mut ticks = tokio::time::interval_at(start, period);
        ticks.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            ticks.tick().await;
            run().await;
        }
    }))
}

/// Every `seconds` (never when 0), from the start: expires waiting orders whose time ran
/// out, so their hours come back to search within that time, and forgets sign-ins never
/// finished. A failed run is logged and tried again next time.
pub(crate) fn sweep_expired(state: &AppState, seconds: u64) -> Option<JoinHandle<()>> {
    let (orders, auth) = (state.orders.clone(), state.auth.clone());
    every(seconds, Duration::ZERO, move || {
        let (orders, auth) = (orders.clone(), auth.clone());
        async move {
            match orders.expire_overdue().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "expired waiting orders"),
                Err(e) => tracing::warn!(error = %e, "expiring waiting orders"),
            }
            if let Err(e) = auth.forget_expired_sign_ins().await {
                tracing::warn!(error = %e, "forgetting unfinished sign-ins");
            }
        }
    })
}

/// Every `seconds` (never when 0), the first time after one period (a starting server has
/// other work): rebuilds which spaces the same guests chose, which "guests who chose this
/// also chose" reads, and what was booked lately, which "popular now" reads. Every instance may run it: each rebuild is one transaction, and runs
/// that meet wait for each other. A failed run is logged and tried again next time.
pub(crate) fn refresh_recommendations(
    db: &DatabaseConnection,
    clock: Arc<dyn Clock>,
    seconds: u64,
) -> Option<JoinHandle<()>> {
    let db = db.clone();
    every(seconds, Duration::from_secs(seconds), move || {
        let (db, now) = (db.clone(), clock.now());
        async move {
            match ourspace_infrastructure::repo::refresh_recommendations(&db, now).await {
                Ok(r) => tracing::debug!(
                    pairs = r.pairs,
                    popular = r.popular,
                    "recommendations refreshed"
                ),
                Err(e) => tracing::warn!(error = %e, "refreshing recommendations"),
            }
        }
    })
}
