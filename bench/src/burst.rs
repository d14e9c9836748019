//! The detail endpoint under a burst of pathological searches: its rate alone, then its
//! rate while as many clients as the pool has connections send slow searches and give up
//! on each after 2 s (as wrk does), so a reader sees how much of the detail's rate the
//! search bulkhead and the statement limit keep.

use crate::measure::{CONCURRENCY, Measured, measure};
use ourspace_domain::shared::BoxError;
use std::collections::BTreeMap;
use std::sync::Arc;
use std::sync::atomic::{AtomicBool, Ordering};
use std::time::Duration;

/// A search client's patience, as wrk's default timeout.
const GIVE_UP: Duration = Duration::from_secs(2);

async fn detail_rate(client: &reqwest::Client, base: &str, spaces: u64) -> Measured {
    let (client, base) = (client.clone(), base.to_owned());
    measure(move |n| {
        let url = format!("{base}/api/v1/spaces/{}", 1 + n % spaces);
        let client = client.clone();
        async move {
            match client.get(url).send().await {
                Ok(r) => r.status().is_success() && r.bytes().await.is_ok(),
                Err(_) => false,
            }
        }
    })
    .await
}

/// One search client: sends `queries` in turn until `stop`, counting answers by status
/// (0: gave up after [`GIVE_UP`]).
async fn search_client(
    client: reqwest::Client,
    base: String,
    queries: Arc<Vec<String>>,
    stop: Arc<AtomicBool>,
    first: usize,
) -> BTreeMap<u16, usize> {
    let mut seen = BTreeMap::new();
    let mut i = first;
    while !stop.load(Ordering::Relaxed) {
        let url = format!("{base}/api/v1/spaces?{}", queries[i % queries.len()]);
        i += 1;
        let status = match client.get(url).timeout(GIVE_UP).send().await {
            Ok(r) => {
                let status = r.status().as_u16();
                if r.bytes().await.is_ok() { status } else { 0 }
            }
            Err(_) => 0,
        };
        *seen.entry(status).or_default() += 1;
    }
    seen
}

/// Measures the detail alone, then beside a burst of `queries`; prints both and the ratio.
///
/// # Errors
/// The HTTP client failing to start.
pub async fn burst(base: &str, spaces: u64, queries: Vec<String>) -> Result<(), BoxError> {
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(2 * CONCURRENCY)
        .build()?;
    let alone = detail_rate(&client, base, spaces).await;
    let (stop, queries) = (Arc::new(AtomicBool::new(false)), Arc::new(queries));
    let searchers: Vec<_> = (0..CONCURRENCY)
        .map(|t| {
            let task = search_client(
                client.clone(),
                base.to_owned(),
                queries.clone(),
                stop.clone(),
                t,
            );
            tokio::spawn(task)
        })
        .collect();
    let beside = detail_rate(&client, base, spaces).await;
    stop.store(true, Ordering::Relaxed);
    let mut statuses: BTreeMap<u16, usize> = BTreeMap::new();
    for searcher in searchers {
        for (status, n) in searcher.await? {
            *statuses.entry(status).or_default() += n;
        }
    }
    println!("| detail | req/s | p99 ms | errors |");
    println!("|---|---:|---:|---:|");
    for (name, m) in [("alone", alone), ("beside the burst", beside)] {
        println!(
            "| {name} | {:.0} | {:.1} | {} |",
            m.rate, m.p99_ms, m.errors
        );
    }
    println!(
        "\nkept {:.0} % of the detail's rate; the burst's answers by status (0: gave up after 2 s): {statuses:?}",
        100.0 * beside.rate / alone.rate.max(1.0)
    );
    Ok(())
}
