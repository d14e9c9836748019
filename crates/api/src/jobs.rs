//! Work `serve` does on a schedule beside answering requests.

use crate::state::AppState;
use ourspace_infrastructure::DatabaseConnection;
use std::time::Duration;
use tokio::task::JoinHandle;

/// Every `seconds` (never when 0): expires waiting orders whose time ran out, so their hours
/// come back to search within that time, and forgets sign-ins never finished. A failed run
/// is logged and tried again next time.
pub(crate) fn sweep_expired(state: &AppState, seconds: u64) -> Option<JoinHandle<()>> {
    if seconds == 0 {
        return None;
    }
    let (orders, auth) = (state.orders.clone(), state.auth.clone());
    Some(tokio::spawn(async move {
        let mut every = tokio::time::interval(Duration::from_secs(seconds));
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match orders.expire_overdue().await {
                Ok(0) => {}
                Ok(n) => tracing::info!(expired = n, "expired waiting orders"),
                Err(e) => tracing::warn!(error = %e, "expiring waiting orders"),
            }
            if let Err(e) = auth.forget_expired_sign_ins().await {
                tracing::warn!(error = %e, "forgetting unfinished sign-ins");
            }
        }
    }))
}

/// Every `seconds` (never when 0): rebuilds which spaces the same guests chose, which
/// "guests who chose this also chose" reads. Every instance may run it: each rebuild is one
/// transaction, and runs that meet wait for each other. A failed run is logged and tried
/// again next time.
pub(crate) fn refresh_recommendations(
    db: &DatabaseConnection,
    seconds: u64,
) -> Option<JoinHandle<()>> {
    if seconds == 0 {
        return None;
    }
    let db = db.clone();
    Some(tokio::spawn(async move {
        // The first run after one period: a starting server has other work.
        let period = Duration::from_secs(seconds);
        let mut every = tokio::time::interval_at(tokio::time::Instant::now() + period, period);
        every.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
        loop {
            every.tick().await;
            match ourspace_infrastructure::repo::refresh_pairs(&db).await {
                Ok(n) => tracing::debug!(pairs = n, "recommendations refreshed"),
                Err(e) => tracing::warn!(error = %e, "refreshing recommendations"),
            }
        }
    }))
}
