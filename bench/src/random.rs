//! The random mode: searches drawn over every parameter from a seed, measured each alone
//! (one after another: p50, p99, the worst and the ten slowest with their URLs) and all
//! mixed under load (16 connections), beside a space's detail in the same run.

use crate::fill::Rng;
use crate::fill_spaces::{ADJECTIVES, WORDS};
use crate::measure::{Measured, measure};
use chrono::{Days, NaiveDate, Utc};
use ourspace_domain::shared::BoxError;
use serde::{Deserialize, Serialize};
use std::sync::Arc;
use std::time::Instant;

const DISTRICT_WORDS: [&str; 6] = ["강남구", "마포구", "서초구", "강남", "마포", "홍대"];
const SORTS: [&str; 5] = ["popular", "price_asc", "price_desc", "rating", "newest"];

/// What one random run measured.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct RandomRun {
    pub spaces: usize,
    pub seed: u64,
    pub searches: usize,
    pub alone_p50_ms: f64,
    pub alone_p99_ms: f64,
    pub alone_worst_ms: f64,
    /// The ten slowest searches alone: milliseconds and the query.
    pub slowest: Vec<(f64, String)>,
    pub mixed: Measured,
    pub detail: Measured,
}

fn keyword(rng: &mut Rng) -> String {
    let word = |rng: &mut Rng| -> &'static str {
        match rng.below(3) {
            0 => WORDS[rng.below(WORDS.len())],
            1 => ADJECTIVES[rng.below(ADJECTIVES.len())],
            _ => DISTRICT_WORDS[rng.below(DISTRICT_WORDS.len())],
        }
    };
    match rng.below(5) {
        0 => format!("{} {}", word(rng), word(rng)),
        1 => word(rng)
            .chars()
            .nth(rng.below(2))
            .map(String::from)
            .unwrap_or_default(),
        2 => format!("{}호", 1 + rng.below(999)),
        _ => word(rng).to_owned(),
    }
}

fn ids(rng: &mut Rng, name: &str, most: usize, of: usize) -> Option<String> {
    let n = 1 + rng.below(most);
    let list: Vec<String> = (0..n).map(|_| (1 + rng.below(of)).to_string()).collect();
    Some(format!("{name}={}", list.join(",")))
}

/// Adds `part` one time in `chance`.
fn maybe(
    rng: &mut Rng,
    chance: usize,
    parts: &mut Vec<String>,
    part: impl FnOnce(&mut Rng) -> Option<String>,
) {
    if rng.below(chance) == 0 {
        parts.extend(part(rng));
    }
}

/// One search's query string, each parameter present at random.
fn draw_one(rng: &mut Rng, today: NaiveDate) -> String {
    let mut parts: Vec<String> = Vec::new();
    let has_q = rng.below(3) == 0;
    if has_q {
        let q = keyword(rng);
        parts.push(format!(
            "q={}",
            url::form_urlencoded::byte_serialize(q.as_bytes()).collect::<String>()
        ));
    }
    maybe(rng, 3, &mut parts, |r| ids(r, "category", 3, 8));
    maybe(rng, 3, &mut parts, |r| ids(r, "district", 3, 25));
    maybe(rng, 4, &mut parts, |r| {
        Some(format!("guests={}", 1 + r.below(40)))
    });
    maybe(rng, 4, &mut parts, |r| ids(r, "facilities", 2, 12));
    let min_price = (rng.below(5) == 0).then(|| 10_000 + 5_000 * rng.below(16));
    if let Some(min) = min_price {
        parts.push(format!("min_price={min}"));
    }
    maybe(rng, 5, &mut parts, |r| {
        let floor = min_price.unwrap_or(0).max(30_000);
        Some(format!("max_price={}", floor + 5_000 * r.below(20)))
    });
    maybe(rng, 2, &mut parts, |r| {
        let date = today + Days::new(1 + r.below(60) as u64);
        let hours = (r.below(2) == 0).then(|| {
            let start = r.below(24);
            format!(
                "&start_hour={start}&end_hour={}",
                start + 1 + r.below(12.min(48 - start - 1))
            )
        });
        Some(format!("date={date}{}", hours.unwrap_or_default()))
    });
    let near = rng.below(3) == 0;
    if near {
        let (lat, lng) = (
            37.45 + rng.below(2_000) as f64 / 10_000.0,
            126.85 + rng.below(3_000) as f64 / 10_000.0,
        );
        parts.push(format!("lat={lat:.4}&lng={lng:.4}"));
        maybe(rng, 2, &mut parts, |r| {
            Some(format!("radius_km={}", 1 + r.below(20)))
        });
    }
    let mut sorts: Vec<&str> = SORTS.to_vec();
    if has_q {
        sorts.push("relevance");
    }
    if near {
        sorts.push("distance");
    }
    parts.push(format!("sort={}", sorts[rng.below(sorts.len())]));
    let per_page = [10, 20, 20, 50, 100][rng.below(5)];
    parts.push(format!("per_page={per_page}&page={}", 1 + rng.below(50)));
    parts.join("&")
}

/// `n` searches drawn from `seed`.
#[must_use]
pub fn draw(seed: u64, n: usize, today: NaiveDate) -> Vec<String> {
    let mut rng = Rng::new(seed);
    (0..n).map(|_| draw_one(&mut rng, today)).collect()
}

fn percentile(sorted: &[f64], q: f64) -> f64 {
    sorted
        .get(((sorted.len() as f64 * q) as usize).min(sorted.len().saturating_sub(1)))
        .copied()
        .unwrap_or_default()
}

/// GETs of the URLs `url` makes of random numbers under load; 200s count as answered.
async fn load(
    client: &reqwest::Client,
    url: impl Fn(u64) -> String + Send + Sync + 'static,
) -> Measured {
    let client = client.clone();
    measure(move |r| {
        let (c, url) = (client.clone(), url(r));
        async move {
            c.get(url)
                .send()
                .await
                .is_ok_and(|r| r.status().is_success())
        }
    })
    .await
}

/// Measures `n` searches drawn from `seed` against the server at `base` holding `spaces`.
///
/// # Errors
/// A search answered other than 200.
pub async fn random(base: &str, spaces: usize, seed: u64, n: usize) -> Result<RandomRun, BoxError> {
    let client = reqwest::Client::new();
    let queries = Arc::new(draw(seed, n, Utc::now().date_naive()));
    let mut alone = Vec::with_capacity(n);
    for q in queries.iter() {
        let started = Instant::now();
        let response = client
            .get(format!("{base}/api/v1/spaces?{q}"))
            .send()
            .await?;
        let status = response.status();
        response.bytes().await?;
        if !status.is_success() {
            return Err(format!("{q}: {status}").into());
        }
        alone.push((started.elapsed().as_secs_f64() * 1000.0, q.clone()));
    }
    let mut times: Vec<f64> = alone.iter().map(|(ms, _)| *ms).collect();
    times.sort_by(f64::total_cmp);
    alone.sort_by(|a, b| b.0.total_cmp(&a.0));
    let (b, qs) = (base.to_owned(), queries.clone());
    let mixed = load(&client, move |r| {
        format!("{b}/api/v1/spaces?{}", qs[r as usize % qs.len()])
    })
    .await;
    let b = base.to_owned();
    let detail = load(&client, move |r| {
        format!("{b}/api/v1/spaces/{}", 1 + r as usize % spaces)
    })
    .await;
    Ok(RandomRun {
        spaces,
        seed,
        searches: n,
        alone_p50_ms: percentile(&times, 0.5),
        alone_p99_ms: percentile(&times, 0.99),
        alone_worst_ms: times.last().copied().unwrap_or_default(),
        slowest: alone.into_iter().take(10).collect(),
        mixed,
        detail,
    })
}

/// The run as text.
#[must_use]
pub fn report(run: &RandomRun) -> String {
    let mut out = format!(
        "{} spaces, {} searches (seed {})\nalone: p50 {:.2} ms, p99 {:.2} ms, worst {:.2} ms\n\
         mixed: {:.0} req/s, p50 {:.2} ms, p99 {:.2} ms, {} errors\n\
         detail: {:.0} req/s, p99 {:.2} ms (mixed is {:.0} % of it)\nslowest alone:\n",
        run.spaces,
        run.searches,
        run.seed,
        run.alone_p50_ms,
        run.alone_p99_ms,
        run.alone_worst_ms,
        run.mixed.rate,
        run.mixed.p50_ms,
        run.mixed.p99_ms,
        run.mixed.errors,
        run.detail.rate,
        run.detail.p99_ms,
        100.0 * run.mixed.rate / run.detail.rate.max(1.0),
    );
    for (ms, q) in &run.slowest {
        out.push_str(&format!("  {ms:8.2} ms  /api/v1/spaces?{q}\n"));
    }
    out
}
