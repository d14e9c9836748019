//! The measurement: every line of the matrix against the API, then the same work straight
//! through the database ([`crate::raw`]) through a pool of the same size.

use crate::fill::Scale;
use crate::matrix::{Kind, Line, lines};
use crate::measure::{CONCURRENCY, Measured, measure};
use crate::raw::{GUESTS, guest_of, pick, raw};
use chrono::{Days, NaiveDate, Utc};
use ourspace_domain::auth::TokenIssuer;
use ourspace_domain::shared::{BoxError, UserId};
use ourspace_infrastructure::db::{DbConfig, connect};
use ourspace_infrastructure::jwt::JwtTokenIssuer;
use sea_orm::DatabaseConnection;
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// One measured line.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Result_ {
    pub name: String,
    pub query: String,
    pub api: Measured,
    pub raw: Measured,
}

/// A whole run at one scale.
#[derive(Debug, Clone, Serialize, Deserialize)]
pub struct Run {
    pub spaces: usize,
    pub lines: Vec<Result_>,
}

/// `?date=…` when a date is given.
fn on(date: Option<NaiveDate>) -> String {
    date.map(|d| format!("?date={d}")).unwrap_or_default()
}

/// One API request of the line; true when answered as expected (a booking: 201 or 409).
async fn api(
    client: &reqwest::Client,
    base: &str,
    tokens: &[String],
    line: &Line,
    n: u64,
    scale: Scale,
) -> bool {
    let today = Utc::now().date_naive();
    let id = 1 + n % scale.spaces as u64;
    let request = match &line.kind {
        Kind::List(_) => client.get(format!("{base}/api/v1/spaces?{}", line.query)),
        Kind::SearchPage(_) => client.get(format!("{base}/spaces?{}", line.query)),
        Kind::SpacePage => client.get(format!("{base}/spaces/{id}?date={}", today + Days::new(3))),
        Kind::Detail => client.get(format!("{base}/api/v1/spaces/{id}")),
        Kind::Availability => client.get(format!(
            "{base}/api/v1/spaces/{id}/availability?date={}",
            today + Days::new(3)
        )),
        Kind::Booking => {
            let p = pick(n, scale, today);
            // Three guests fit every filled space (minimum 1–3, maximum 4–40).
            let body = serde_json::json!({"space_id": p.space, "date": p.date, "option_id": p.option, "guests": 3,
                "booker": {"name": "김벤치", "phone": "010-1234-5678", "email": "b@e.nch"}});
            let token = &tokens[(p.guest - 1) as usize];
            client
                .post(format!("{base}/api/v1/orders"))
                .bearer_auth(token)
                .json(&body)
        }
        Kind::Similar(date) => {
            client.get(format!("{base}/api/v1/spaces/{id}/similar{}", on(*date)))
        }
        Kind::Recommendations(date) => client
            .get(format!(
                "{base}/api/v1/users/me/recommendations{}",
                on(*date)
            ))
            .bearer_auth(&tokens[(guest_of(n) - 1) as usize]),
    };
    let Ok(response) = request.send().await else {
        return false;
    };
    let status = response.status().as_u16();
    let ok =
        status == 200 || status == 201 || (matches!(line.kind, Kind::Booking) && status == 409);
    // Read the body: a client does, and the connection is reused only then.
    response.bytes().await.is_ok() && ok
}

/// Bearer tokens for the guests that book or ask for recommendations, issued up front.
fn guest_tokens() -> Result<Arc<Vec<String>>, BoxError> {
    let secret =
        std::env::var("OURSPACE_JWT_SECRET").map_err(|_| "OURSPACE_JWT_SECRET: needed to book")?;
    let issuer = JwtTokenIssuer::new(secret.as_bytes(), 3600);
    let tokens: Vec<String> = (1..=GUESTS)
        .map(|g| issuer.issue(UserId(g as i64)).map(|t| t.token))
        .collect::<Result<_, _>>()?;
    Ok(Arc::new(tokens))
}

/// What one line needs to be measured through the API and straight against the database.
struct Target {
    client: reqwest::Client,
    base: String,
    tokens: Arc<Vec<String>>,
    db: DatabaseConnection,
    scale: Scale,
}

impl Target {
    /// Measures `line` both ways and prints its row.
    async fn measure(&self, line: Line) -> Result_ {
        let line = Arc::new(line);
        let (c, b, t, l, scale) = (
            self.client.clone(),
            self.base.clone(),
            self.tokens.clone(),
            line.clone(),
            self.scale,
        );
        let api = measure(move |n| {
            let (c, b, t, l) = (c.clone(), b.clone(), t.clone(), l.clone());
            async move { api(&c, &b, &t, &l, n, scale).await }
        })
        .await;
        let (d, l) = (self.db.clone(), line.clone());
        let raw = measure(move |n| {
            let (d, l) = (d.clone(), l.clone());
            async move { raw(&d, &l.kind, n, scale).await.is_ok() }
        })
        .await;
        println!(
            "| {} | {:.0} | {:.1} | {:.1} | {:.0} | {:.1} | {} |",
            line.name,
            api.rate,
            api.p50_ms,
            api.p99_ms,
            raw.rate,
            raw.p99_ms,
            api.errors + raw.errors
        );
        Result_ {
            name: line.name.clone(),
            query: line.query.clone(),
            api,
            raw,
        }
    }
}

/// Measures every line at `scale` and returns the run (printed as it goes).
///
/// # Errors
/// The database or HTTP client failing to start, or `OURSPACE_JWT_SECRET` missing.
pub async fn run(url: &str, base: &str, scale: Scale) -> Result<Run, BoxError> {
    let target = Target {
        db: connect(&DbConfig::new(url, CONCURRENCY as u32)).await?,
        client: reqwest::Client::builder()
            .pool_max_idle_per_host(CONCURRENCY)
            .build()?,
        base: base.to_owned(),
        tokens: guest_tokens()?,
        scale,
    };
    let now = Utc::now();
    let today = now.date_naive();
    println!("| line | API req/s | p50 ms | p99 ms | raw req/s | raw p99 ms | errors |");
    println!("|---|---:|---:|---:|---:|---:|---:|");
    let mut results = Vec::new();
    // `BENCH_LINES=date,keyword` measures only the lines whose names contain one of these.
    let only = std::env::var("BENCH_LINES").unwrap_or_default();
    let wanted = |name: &str| only.is_empty() || only.split(',').any(|w| name.contains(w));
    for line in lines(today + Days::new(3), today, now)? {
        if wanted(&line.name) {
            results.push(target.measure(line).await);
        }
    }
    Ok(Run {
        spaces: scale.spaces,
        lines: results,
    })
}
