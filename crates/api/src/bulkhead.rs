//! A bulkhead for searches. A search can be slow (each of its statements may run up to the
//! statement limit), so at most `permits` searches use the database at once: a burst of
//! pathological searches then holds at most that many pooled connections, and the rest of
//! the pool stays with every other request (a space's page, booking, paying). A search that
//! finds no permit within `wait` answers 503 `search_busy` with `Retry-After`, so waiting
//! searches never pile up without bound.

use crate::error::ApiError;
use std::sync::Arc;
use std::time::Duration;
use tokio::sync::{OwnedSemaphorePermit, Semaphore};

/// Searches allowed at once, out of a pool of `pool` connections: a quarter of it (at
/// least one). Measured with `scripts/bench-burst` (pool of 16, 100,000 spaces, 2 cores):
/// beside 16 clients sending slow searches the detail kept 2 % of its rate with no
/// bulkhead, 48 % with 8 searches at once, 79 % with 4 and 86 % with 2 — the database's
/// processors, not only its connections, are what slow searches take.
#[must_use]
pub fn default_permits(pool: u32) -> u32 {
    (pool / 4).max(1)
}

/// Limits the searches that run at once.
#[derive(Debug, Clone)]
pub struct SearchBulkhead {
    permits: Arc<Semaphore>,
    wait: Duration,
}

impl SearchBulkhead {
    /// `permits` searches at once; a search waits at most `wait` for its turn.
    #[must_use]
    pub fn new(permits: u32, wait: Duration) -> Self {
        Self {
            permits: Arc::new(Semaphore::new(permits.max(1) as usize)),
            wait,
        }
    }

    /// A turn to search, held until dropped.
    ///
    /// # Errors
    /// 503 `search_busy` when no turn came within the wait.
    pub async fn enter(&self) -> Result<OwnedSemaphorePermit, ApiError> {
        match tokio::time::timeout(self.wait, self.permits.clone().acquire_owned()).await {
            Ok(Ok(permit)) => Ok(permit),
            _ => Err(ApiError::search_busy()),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::{SearchBulkhead, default_permits};
    use std::time::Duration;

    #[test]
    fn a_quarter_of_the_pool_searches_at_once() {
        assert_eq!(default_permits(16), 4);
        assert_eq!(default_permits(10), 2);
        assert_eq!(default_permits(3), 1);
        assert_eq!(default_permits(1), 1);
    }

    #[tokio::test]
    async fn a_search_past_the_limit_waits_then_is_refused() {
        let bulkhead = SearchBulkhead::new(2, Duration::from_millis(50));
        let first = bulkhead.enter().await.expect("first turn");
        let _second = bulkhead.enter().await.expect("second turn");
        let refused = bulkhead.enter().await.expect_err("no third turn");
        assert_eq!(refused.code(), "search_busy");
        drop(first);
        assert!(bulkhead.enter().await.is_ok(), "a freed turn is given");
    }
}
