//! The measurement: every line of the matrix against the API, then the same work straight
//! through the database (the very SQL a list runs, or the repository call a detail,
//! availability or booking makes) through a pool of the same size.

use crate::fill::Scale;
use crate::matrix::{Kind, Line, lines};
use crate::measure::{CONCURRENCY, Measured, measure};
use chrono::{Days, Duration, NaiveDate, Utc};
use ourspace_domain::auth::TokenIssuer;
use ourspace_domain::order::{
    BookedTime, BookerContact, NewOrder, OrderRepository, OrderStatus, PlacementLimits,
};
use ourspace_domain::shared::{BoxError, HourRange, PriceOptionId, SpaceId, UserId, Won};
use ourspace_domain::space::{SpaceQuery, SpaceRepository};
use ourspace_infrastructure::db::{DbConfig, connect};
use ourspace_infrastructure::jwt::JwtTokenIssuer;
use ourspace_infrastructure::repo::{SeaOrmOrderRepository, SeaOrmSpaceRepository, statements};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbBackend};
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

/// Spaces whose bookings collide: a few hundred, so many requests meet a sold hour.
const HOT_SPACES: u64 = 200;
/// Guests that book (with tokens issued up front).
const GUESTS: u64 = 64;

/// What a booking line picks from a random number: guest, space, date and package.
struct Pick {
    guest: u64,
    space: u64,
    date: NaiveDate,
    option: u64,
    hours: (i64, i64),
}

fn pick(n: u64, scale: Scale, today: NaiveDate) -> Pick {
    let guest = 1 + n % GUESTS;
    let mut space = 1 + (n / GUESTS) % HOT_SPACES;
    if scale.host_of(space) == guest {
        space += 1;
    }
    let night = (n / (GUESTS * HOT_SPACES)) % 2 == 1;
    let date = today + Days::new(1 + (n / (GUESTS * HOT_SPACES * 2)) % 14);
    let option = space * 2 - 1 + u64::from(night);
    let hours = if night { (18, 24) } else { (9, 18) };
    Pick {
        guest,
        space,
        date,
        option,
        hours,
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
    if !ids.is_empty() {
        db.query_all_raw(statements::list(backend, query, &ids).remove(1))
            .await?;
    }
    // As the repository does: the count runs only when the page did not count.
    let counted = page
        .first()
        .and_then(|r| r.try_get::<Option<i64>>("", "total_matches").ok().flatten());
    if counted.is_none() {
        db.query_all_raw(parts.remove(1)).await?;
    }
    Ok(())
}

/// The same work as the API, straight through the pool (or the repository).
async fn raw(db: &DatabaseConnection, kind: &Kind, n: u64, scale: Scale) -> Result<(), BoxError> {
    let today = Utc::now().date_naive();
    let id = 1 + n % scale.spaces as u64;
    match kind {
        Kind::List(query) => raw_list(db, query).await,
        Kind::Detail => {
            for stmt in statements::detail(DbBackend::MySql, id as i64) {
                db.query_all_raw(stmt).await?;
            }
            Ok(())
        }
        Kind::Availability => {
            let spaces = SeaOrmSpaceRepository::new(db.clone());
            spaces.find(SpaceId(id as i64)).await?;
            spaces
                .held_hours(SpaceId(id as i64), today + Days::new(3), Utc::now())
                .await?;
            Ok(())
        }
        Kind::Booking => {
            let p = pick(n, scale, today);
            let order = NewOrder {
                space_id: SpaceId(p.space as i64),
                guest_id: UserId(p.guest as i64),
                time: BookedTime {
                    date: p.date,
                    option_id: Some(PriceOptionId(p.option as i64)),
                    hours: HourRange::new(p.hours.0, p.hours.1)?,
                },
                option_name: None,
                guests: 3,
                booker: BookerContact::parse("김벤치", "01012345678", "b@e.nch", None, None)?,
                price: Won::new(30_000)?,
                status: OrderStatus::Pending,
                expires_at: Utc::now() + Duration::minutes(15),
                created_at: Utc::now(),
                limits: PlacementLimits::unlimited(),
            };
            SeaOrmOrderRepository::new(db.clone()).place(&order).await?;
            Ok(())
        }
    }
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

/// Bearer tokens for the guests that book, issued up front.
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
