//! Work `serve` does on a schedule beside answering requests.

use crate::state::AppState;
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
