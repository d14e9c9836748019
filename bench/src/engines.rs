//! The engine comparison (`scripts/bench-engines`): the random mode's searches answered in
//! this process by the Tantivy index the server uses and by the bitmap engine
//! ([`crate::bitmaps`]), each built from the same database. Per engine: the build's time
//! and the memory it added, each search alone (p50, p99, the worst), and all of them mixed
//! from 16 callers (rate, p99). With `both`, the two engines' answers (ids in order, and
//! the total) are compared on every search instead.

use crate::measure::{Measured, measure};
use chrono::Utc;
use ourspace_domain::shared::{BookingHorizon, BoxError, Clock, Paged};
use ourspace_domain::space::{SpaceIndex, SpaceQuery, SpaceSummary};
use ourspace_infrastructure::clock::SystemClock;
use ourspace_infrastructure::search::feed::FeedSettings;
use ourspace_infrastructure::search::{EngineKind, SearchIndex};
use std::sync::Arc;
use std::time::Instant;

/// An engine under measurement: the server's search index on it.
#[derive(Clone)]
struct Engine {
    kind: EngineKind,
    index: Arc<SearchIndex>,
}

impl Engine {
    async fn search(&self, q: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError> {
        self.index.search(q).await
    }

    fn name(&self) -> &'static str {
        self.kind.name()
    }
}

/// The process's resident memory, in MiB.
fn rss_mib() -> f64 {
    let status = std::fs::read_to_string("/proc/self/status").unwrap_or_default();
    status
        .lines()
        .find_map(|l| l.strip_prefix("VmRSS:"))
        .and_then(|v| v.trim().trim_end_matches("kB").trim().parse::<f64>().ok())
        .map_or(0.0, |kib| kib / 1024.0)
}

/// A query string as the API would read it.
fn parse(query: &str, clock: &dyn Clock) -> Result<SpaceQuery, BoxError> {
    let params = crate::matrix::params(query)?;
    Ok(params.parse(clock.today(), clock.now(), BookingHorizon::default())?)
}

fn ids(page: &Paged<SpaceSummary>) -> (Vec<i64>, u64) {
    (page.items.iter().map(|s| s.id.get()).collect(), page.total)
}

/// Builds `which` engine, reporting its time and the memory it added.
async fn build(which: &str, db: &sea_orm::DatabaseConnection) -> Result<Engine, BoxError> {
    let clock = SystemClock::shared_utc();
    let (before, started) = (rss_mib(), Instant::now());
    let kind: EngineKind = which.parse()?;
    let index = SearchIndex::build(db.clone(), clock, FeedSettings::default(), kind).await?;
    let engine = Engine { kind, index };
    println!(
        "{which}: built in {:.2} s, memory +{:.0} MiB (RSS {:.0} MiB)",
        started.elapsed().as_secs_f64(),
        rss_mib() - before,
        rss_mib()
    );
    Ok(engine)
}

/// The searches on which the engines' answers differ (at most five shown).
async fn compare(
    a: &Engine,
    b: &Engine,
    queries: &[(String, SpaceQuery)],
) -> Result<usize, BoxError> {
    let mut differ = 0;
    for (text, q) in queries {
        let (x, y) = (ids(&a.search(q).await?), ids(&b.search(q).await?));
        if x != y {
            differ += 1;
            if differ <= 5 {
                println!("differ on {text}: {} {x:?} / {} {y:?}", a.name(), b.name());
            }
        }
    }
    println!(
        "answers compared: {} searches, {differ} differ",
        queries.len()
    );
    Ok(differ)
}

/// Each search alone, then all mixed from 16 callers.
async fn time(engine: &Engine, queries: &Arc<Vec<(String, SpaceQuery)>>) -> Result<(), BoxError> {
    let mut timed = Vec::with_capacity(queries.len());
    for (text, q) in queries.iter() {
        let started = Instant::now();
        engine.search(q).await?;
        timed.push((started.elapsed().as_secs_f64() * 1000.0, text));
    }
    timed.sort_by(|a, b| b.0.total_cmp(&a.0));
    for (ms, text) in timed.iter().take(10) {
        println!("slow: {ms:.2} ms {text}");
    }
    let mut alone: Vec<f64> = timed.iter().map(|t| t.0).collect();
    alone.sort_by(f64::total_cmp);
    let at = |p: f64| alone[((alone.len() as f64 * p) as usize).min(alone.len() - 1)];
    let (e, qs) = (engine.clone(), queries.clone());
    let mixed: Measured = measure(move |r| {
        let (e, qs) = (e.clone(), qs.clone());
        async move { e.search(&qs[r as usize % qs.len()].1).await.is_ok() }
    })
    .await;
    println!(
        "{}: alone p50 {:.2} ms, p99 {:.2} ms, worst {:.2} ms; mixed {:.0} searches/s, p99 {:.2} ms",
        engine.name(),
        at(0.5),
        at(0.99),
        alone[alone.len() - 1],
        mixed.rate,
        mixed.p99_ms
    );
    Ok(())
}

/// Runs the comparison on the database at `url` (filled by `fill`) with `n` searches drawn
/// from `seed`; `which` is `tantivy`, `bitmaps` or `both`.
///
/// # Errors
/// The database failed, a drawn search was refused, or (with `both`) the answers differ.
pub async fn engines(url: &str, seed: u64, n: usize, which: &str) -> Result<(), BoxError> {
    let db = sea_orm::Database::connect(url).await?;
    let clock = SystemClock::shared_utc();
    let queries: Vec<(String, SpaceQuery)> = crate::random::draw(seed, n, Utc::now().date_naive())
        .into_iter()
        .map(|text| parse(&text, clock.as_ref()).map(|q| (text, q)))
        .collect::<Result<_, _>>()?;
    let queries = Arc::new(queries);
    let engines = match which {
        "both" => vec![build("tantivy", &db).await?, build("bitmaps", &db).await?],
        one => vec![build(one, &db).await?],
    };
    match engines.as_slice() {
        [a, b] if compare(a, b, &queries).await? > 0 => Err("the engines' answers differ".into()),
        [_, _] => Ok(()),
        _ => time(&engines[0], &queries).await,
    }
}
