//! Work `serve` does on a schedule beside answering requests.

use ourspace_domain::order::OrderService;
use std::time::Duration;
use tokio::task::JoinHandle;

/// Expires waiting orders whose time ran out every `seconds` (none when 0), so their hours
/// come back to search within that time; a failed run is logged and tried again next time.
pub(crate) fn sweep_expired_orders(orders: OrderService, seconds: u64) -> Option<JoinHandle<()>> {
    if seconds == 0 {
        return None;
    }
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
        }
    }))
}
