//! Counts the SQL statements run on behalf of one unit of work (an HTTP request), so tests
//! can hold reads to a fixed number of queries.

use std::future::Future;
use std::sync::Arc;
use std::sync::atomic::{AtomicU32, Ordering};

tokio::task_local! {
    static COUNTER: Arc<AtomicU32>;
}

/// Runs `fut`, counting the statements it executes; returns its output and the count.
pub async fn counted<F: Future>(fut: F) -> (F::Output, u32) {
    let counter = Arc::new(AtomicU32::new(0));
    let output = COUNTER.scope(counter.clone(), fut).await;
    (output, counter.load(Ordering::Relaxed))
}

/// Records one statement against the current unit of work, if it is being counted.
pub(crate) fn record() {
    let _ = COUNTER.try_with(|c| c.fetch_add(1, Ordering::Relaxed));
}
