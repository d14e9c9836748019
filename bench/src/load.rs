//! The measurement: for each scenario, 16 concurrent connections for a fixed time against
//! the API, then the same SQL statements straight through a pool of the same size.

use crate::fill::{Rng, SPACES};
use chrono::{Days, Utc};
use ourspace_domain::shared::{BoxError, CategoryId, Coordinates, DistrictId};
use ourspace_domain::space::{Availability, Near, SpaceQuery, SpaceSort};
use ourspace_infrastructure::db::{DbConfig, connect};
use ourspace_infrastructure::repo::statements;
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
use std::sync::Arc;
use std::time::{Duration, Instant};

const CONCURRENCY: usize = 16;
const WARMUP: Duration = Duration::from_secs(1);
const MEASURE: Duration = Duration::from_secs(8);

/// What one scenario asks: the API path, and the same query for the raw run.
struct Scenario {
    name: &'static str,
    path: String,
    query: Option<SpaceQuery>,
}

fn scenarios() -> Vec<Scenario> {
    let date = Utc::now().date_naive() + Days::new(3);
    let list = |query: SpaceQuery| Some(query);
    vec![
        Scenario {
            name: "(a) list, no filter",
            path: "/api/v1/spaces".into(),
            query: list(SpaceQuery::default()),
        },
        Scenario {
            name: "(b) category + district + guests + date",
            path: format!("/api/v1/spaces?category=1&district=8&guests=4&date={date}"),
            query: list(SpaceQuery {
                categories: vec![CategoryId(1)],
                districts: vec![DistrictId(8)],
                guests: Some(4),
                availability: Some(Availability {
                    date,
                    hours: None,
                    now: Utc::now(),
                }),
                ..SpaceQuery::default()
            }),
        },
        Scenario {
            name: "(c) keyword",
            path: "/api/v1/spaces?q=%ED%8C%8C%ED%8B%B0".into(),
            query: list(SpaceQuery {
                keyword: Some("파티".into()),
                sort: SpaceSort::Relevance,
                ..SpaceQuery::default()
            }),
        },
        Scenario {
            name: "(d) distance sort",
            path: "/api/v1/spaces?lat=37.5&lng=127.0&sort=distance".into(),
            query: list(SpaceQuery {
                near: Some(Near {
                    center: Coordinates::new(37.5, 127.0).unwrap_or_else(|_| unreachable!()),
                    radius_km: None,
                }),
                sort: SpaceSort::Distance,
                ..SpaceQuery::default()
            }),
        },
        Scenario {
            name: "(e) detail",
            path: "/api/v1/spaces/{id}".into(),
            query: None,
        },
    ]
}

/// Requests per second and latency percentiles of one run.
struct Measured {
    rate: f64,
    p50: Duration,
    p99: Duration,
    errors: usize,
}

/// Runs `call` from `CONCURRENCY` tasks for the measuring time, after a warm-up.
async fn measure<F, Fut>(call: F) -> Measured
where
    F: Fn(u64) -> Fut + Send + Sync + 'static,
    Fut: std::future::Future<Output = bool> + Send,
{
    let call = Arc::new(call);
    let started = Instant::now();
    let tasks: Vec<_> = (0..CONCURRENCY)
        .map(|t| {
            let call = call.clone();
            tokio::spawn(async move {
                let (mut latencies, mut errors) = (Vec::new(), 0usize);
                let mut rng = Rng::new(t as u64 + 7);
                loop {
                    let at = Instant::now();
                    if at.duration_since(started) > WARMUP + MEASURE {
                        break;
                    }
                    let ok = call(rng.below(SPACES) as u64 + 1).await;
                    if at.duration_since(started) >= WARMUP {
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
    };
    Measured {
        rate: all.len() as f64 / MEASURE.as_secs_f64(),
        p50: at(0.50),
        p99: at(0.99),
        errors,
    }
}

async fn raw_list(db: &DatabaseConnection, query: &SpaceQuery) -> Result<(), BoxError> {
    let backend = DbBackend::MySql;
    let mut parts = statements::list(backend, query, &[]);
    let page = db.query_all_raw(parts.remove(0)).await?;
    let ids: Vec<i64> = page
        .iter()
        .filter_map(|r| r.try_get::<i64>("", "id").ok())
        .collect();
    db.query_all_raw(statements::list(backend, query, &ids).remove(1))
        .await?;
    // As the repository does: the count runs only when the page did not count.
    let counted = page
        .first()
        .and_then(|r| r.try_get::<Option<i64>>("", "total_matches").ok().flatten());
    if counted.is_none() {
        db.query_all_raw(parts.remove(1)).await?;
    }
    Ok(())
}

async fn raw_detail(db: &DatabaseConnection, id: i64) -> Result<(), BoxError> {
    for stmt in statements::detail(DbBackend::MySql, id) {
        db.query_all_raw(stmt).await?;
    }
    Ok(())
}

fn ms(d: Duration) -> String {
    format!("{:.1}", d.as_secs_f64() * 1000.0)
}

/// Measures every scenario and prints a Markdown table.
///
/// # Errors
/// The database or HTTP client failing to start.
pub async fn run(url: &str, base: &str) -> Result<(), BoxError> {
    let db = connect(&DbConfig {
        url: url.to_owned(),
        max_connections: CONCURRENCY as u32,
    })
    .await?;
    let client = reqwest::Client::builder()
        .pool_max_idle_per_host(CONCURRENCY)
        .build()?;
    println!(
        "| scenario | API req/s | p50 ms | p99 ms | raw SQL req/s | raw p50 ms | raw p99 ms | API / raw | errors |"
    );
    println!("|---|---:|---:|---:|---:|---:|---:|---:|---:|");
    for s in scenarios() {
        let (client, base, path) = (client.clone(), base.to_owned(), s.path.clone());
        let api = measure(move |id| {
            let url = format!("{base}{}", path.replace("{id}", &id.to_string()));
            let client = client.clone();
            async move {
                client
                    .get(url)
                    .send()
                    .await
                    .is_ok_and(|r| r.status().is_success())
            }
        })
        .await;
        let raw_db = db.clone();
        let query = s.query.clone();
        let raw = measure(move |id| {
            let (db, query) = (raw_db.clone(), query.clone());
            async move {
                match &query {
                    Some(q) => raw_list(&db, q).await.is_ok(),
                    None => raw_detail(&db, id as i64).await.is_ok(),
                }
            }
        })
        .await;
        println!(
            "| {} | {:.0} | {} | {} | {:.0} | {} | {} | {:.0} % | {} |",
            s.name,
            api.rate,
            ms(api.p50),
            ms(api.p99),
            raw.rate,
            ms(raw.p50),
            ms(raw.p99),
            100.0 * api.rate / raw.rate.max(1.0),
            api.errors + raw.errors
        );
    }
    Ok(())
}

/// Prints MariaDB's plan for the page statement of each list scenario.
///
/// # Errors
/// The database failing.
pub async fn explain(url: &str) -> Result<(), BoxError> {
    let db = connect(&DbConfig {
        url: url.to_owned(),
        max_connections: 1,
    })
    .await?;
    for s in scenarios() {
        let Some(query) = s.query else { continue };
        let mut stmt = statements::list(DbBackend::MySql, &query, &[]).remove(0);
        stmt.sql = format!("EXPLAIN {}", stmt.sql);
        println!("\n{}\n", s.name);
        println!("| id | select_type | table | type | key | rows | Extra |");
        println!("|---|---|---|---|---|---:|---|");
        for row in db.query_all_raw(stmt).await? {
            let text = |c: &str| {
                row.try_get::<Option<String>>("", c)
                    .ok()
                    .flatten()
                    .or_else(|| {
                        row.try_get::<Option<u64>>("", c)
                            .ok()
                            .flatten()
                            .map(|v| v.to_string())
                    })
                    .or_else(|| {
                        row.try_get::<Option<i64>>("", c)
                            .ok()
                            .flatten()
                            .map(|v| v.to_string())
                    })
                    .unwrap_or_default()
            };
            println!(
                "| {} | {} | {} | {} | {} | {} | {} |",
                text("id"),
                text("select_type"),
                text("table"),
                text("type"),
                text("key"),
                text("rows"),
                text("Extra")
            );
        }
    }
    Ok(())
}
