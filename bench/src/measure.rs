//! Closed-loop load: a fixed number of concurrent callers for a fixed time after a
//! warm-up, with the rate and latency percentiles of what they saw.

use crate::fill::Rng;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::{Duration, Instant};

/// Concurrent callers, as the server's pool size.
pub const CONCURRENCY: usize = 16;

/// Requests per second and latency percentiles of one run.
#[derive(Debug, Clone, Copy, Default, Serialize, Deserialize)]
pub struct Measured {
    pub rate: f64,
    pub p50_ms: f64,
    pub p99_ms: f64,
    pub errors: usize,
}

/// How long each run warms up and measures (`BENCH_SECONDS`, default 4, after 1 s).
fn durations() -> (Duration, Duration) {
    let seconds = std::env::var("BENCH_SECONDS")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or(4);
    (Duration::from_secs(1), Duration::from_secs(seconds))
}

/// Runs `call` (given a random number per call; true when it succeeded) from
/// [`CONCURRENCY`] tasks for the measuring time, after a warm-up.
pub async fn measure<F, Fut>(call: F) -> Measured
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let (warmup, measuring) = durations();
    let call = Arc::new(call);
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|t| {
            let call = call.clone();
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0usize);
                let mut rng = Rng::new(t as u64 * 7919 + 7);
                loop {
                    let at = Instant::now();
                    if at.duration_since(started) > warmup + measuring {
                        break;
                    }
                    let ok = call(rng.below(1 << 30) as u64).await;
                    if at.duration_since(started) >= warmup {
                        latencies.push(at.elapsed());
                        errors += usize::from(!ok);
                    }
                }
                (latencies, errors)
            })
        })
        .collect();
    let (mut all, mut errors) = (Vec::new(), 0);
    for task in tasks {
        if let Ok((l, e)) = task.await {
            all.extend(l);
            errors += e;
        }
    }
    all.sort_unstable();
    let at = |q: f64| {
        all.get(((all.len() as f64 * q) as usize).min(all.len().saturating_sub(1)))
            .copied()
            .unwrap_or_default()
            .as_secs_f64()
            * 1000.0
    };
    Measured {
        rate: all.len() as f64 / measuring.as_secs_f64(),
        p50_ms: at(0.50),
        p99_ms: at(0.99),
        errors,
    }
}
