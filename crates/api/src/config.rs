//! Configuration, read once from the environment into typed values.
//!
//! Every variable and its default is listed in `.env.example` and the README. A bad value
//! stops start-up with one line naming the variable.

use crate::client_ip::{Cidr, TrustedProxies};
use chrono_tz::Tz;
use ourspace_domain::auth::RedirectAllowList;
use ourspace_domain::shared::BookingHorizon;
use ourspace_infrastructure::kakao::KakaoConfig;
use ourspace_infrastructure::media::S3Config;
use secrecy::SecretString;
use std::path::PathBuf;

mod check;
mod read;
mod secret;
#[cfg(test)]
mod tests;

use read::{Reader, err, kakao, s3};

/// The shortest JWT secret accepted.
pub const MIN_SECRET_BYTES: usize = 32;

/// Development makes missing secrets up; production insists on them and logs JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Where photos are kept.
#[derive(Debug, Clone)]
pub enum StorageConfig {
    /// Files under `dir`, served at `/media/`.
    Local { dir: PathBuf },
    /// An S3 bucket (AWS or any S3-compatible server).
    S3 {
        store: S3Config,
        /// Create the bucket (publicly readable) at start when missing: for local servers.
        create_bucket: bool,
    },
}

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    pub bind: String,
    pub database_url: String,
    pub db_max_connections: u32,
    /// `OURSPACE_DB_ACQUIRE_TIMEOUT_MS`: the longest a request waits for a connection.
    pub db_acquire_timeout: std::time::Duration,
    /// `OURSPACE_DB_STATEMENT_TIMEOUT_MS`: the longest a request's statement may run (0: no
    /// limit).
    pub db_statement_timeout: Option<std::time::Duration>,
    /// `OURSPACE_SEARCH_CONCURRENCY`: space searches that may run at once (default a quarter of
    /// the pool), so slow searches leave connections to every other request.
    pub search_concurrency: u32,
    pub storage: StorageConfig,
    /// `None` only in development, where a random secret is kept in `dev_secret_file`.
    pub jwt_secret: Option<SecretString>,
    pub dev_secret_file: PathBuf,
    pub jwt_ttl_minutes: i64,
    pub kakao: Option<KakaoConfig>,
    /// `redirect_to` targets the sign-in flow may return to (exact, or the paths under an
    /// entry ending in `*`; see `RedirectAllowList`).
    pub allowed_redirects: RedirectAllowList,
    pub timezone: Tz,
    pub query_debug: bool,
    pub signup_points: i64,
    pub payment_hold_minutes: i64,
    pub approval_hold_minutes: i64,
    /// Full refund when cancelled at least this many days before the booked date …
    pub refund_full_days: i64,
    /// … half at least this many days before; nothing after that.
    pub refund_half_days: i64,
    /// Origins browsers may call the API from (CORS).
    pub cors_origins: Vec<String>,
    /// Sign-in requests each client address may make per minute.
    pub auth_rate_per_minute: u32,
    /// Apply pending migrations at start.
    pub auto_migrate: bool,
    /// Create demo spaces when the database has none.
    pub seed_demo: bool,
    /// How often `serve` expires waiting orders whose time ran out (0: never; then run
    /// `ourspace orders expire` from cron). Search stops hiding a space for a lapsed hold
    /// within this time.
    pub expiry_sweep_seconds: u64,
    /// How far ahead dates may be booked and searched.
    pub booking_horizon: BookingHorizon,
    /// Orders one guest may have waiting (for payment or the host) at once.
    pub max_waiting_orders: u32,
    /// Orders one guest may place per minute (on each instance).
    pub order_rate_per_minute: u32,
    /// Where the metrics listener binds (`None`: no listener).
    pub metrics_bind: Option<String>,
    /// With it, `/metrics` is also served on the API port to this bearer token.
    pub metrics_token: Option<SecretString>,
    /// Proxies whose `X-Forwarded-For`/`Forwarded` name the client (none by default).
    pub trusted_proxies: TrustedProxies,
    /// A request body with no bytes for this many seconds is cut with 408 …
    pub body_idle_seconds: u32,
    /// … and so is one still arriving after this many.
    pub body_total_seconds: u32,
}

/// A setting that is missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

impl Config {
    /// Reads the process environment.
    ///
    /// # Errors
    /// The first missing or malformed setting.
    pub fn from_env() -> Result<Self, ConfigError> {
        Self::from_lookup(|name| std::env::var(name).ok())
    }

    /// Reads settings through `lookup`.
    ///
    /// # Errors
    /// The first missing or malformed setting.
    pub fn from_lookup(lookup: impl Fn(&str) -> Option<String>) -> Result<Self, ConfigError> {
        let r = Reader(lookup);
        let environment = match r.or("OURSPACE_ENV", "development").as_str() {
            "development" => Environment::Development,
            "production" => Environment::Production,
            other => {
                return Err(err(
                    "OURSPACE_ENV",
                    format!("`{other}` is not development or production"),
                ));
            }
        };
        let dev = environment == Environment::Development;
        let storage = match r.or("OURSPACE_STORAGE", "local").as_str() {
            "local" => StorageConfig::Local {
                dir: r.or("OURSPACE_MEDIA_DIR", "./media").into(),
            },
            "s3" => StorageConfig::S3 {
                store: s3(&r)?,
                create_bucket: r.flag("OURSPACE_S3_CREATE_BUCKET", false)?,
            },
            other => {
                return Err(err(
                    "OURSPACE_STORAGE",
                    format!("`{other}` is not supported (use `local` or `s3`)"),
                ));
            }
        };
        let jwt_secret = match r.get("OURSPACE_JWT_SECRET") {
            Some(s) if s.len() < MIN_SECRET_BYTES => {
                return Err(err(
                    "OURSPACE_JWT_SECRET",
                    format!("must be at least {MIN_SECRET_BYTES} bytes"),
                ));
            }
            Some(s) => Some(SecretString::from(s)),
            None if dev => None,
            None => {
                return Err(err(
                    "OURSPACE_JWT_SECRET",
                    "is required when OURSPACE_ENV=production",
                ));
            }
        };
        let timezone = r.or("OURSPACE_TIMEZONE", "Asia/Seoul");
        let timezone: Tz = timezone.parse().map_err(|_| {
            err(
                "OURSPACE_TIMEZONE",
                format!("`{timezone}` is not an IANA time zone"),
            )
        })?;
        let pool = r.parse("OURSPACE_DB_MAX_CONNECTIONS", 10)?;
        let config = Self {
            environment,
            bind: r.or("OURSPACE_BIND", "127.0.0.1:8080"),
            database_url: r.or("DATABASE_URL", "sqlite://ourspace.db?mode=rwc"),
            db_max_connections: pool,
            db_acquire_timeout: std::time::Duration::from_millis(
                r.parse("OURSPACE_DB_ACQUIRE_TIMEOUT_MS", 1500)?,
            ),
            db_statement_timeout: match r.parse("OURSPACE_DB_STATEMENT_TIMEOUT_MS", 5000u64)? {
                0 => None,
                ms => Some(std::time::Duration::from_millis(ms)),
            },
            search_concurrency: r.parse(
                "OURSPACE_SEARCH_CONCURRENCY",
                crate::bulkhead::default_permits(pool),
            )?,
            storage,
            jwt_secret,
            dev_secret_file: r
                .or("OURSPACE_DEV_SECRET_FILE", ".ourspace-dev-secret")
                .into(),
            jwt_ttl_minutes: r.parse("OURSPACE_JWT_TTL_MINUTES", 60)?,
            kakao: kakao(&r)?,
            allowed_redirects: RedirectAllowList::parse(
                &r.or("OURSPACE_ALLOWED_REDIRECTS", "")
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(str::to_owned)
                    .collect::<Vec<_>>(),
            )
            .map_err(|e| err("OURSPACE_ALLOWED_REDIRECTS", e.to_string()))?,
            timezone,
            query_debug: r.flag("OURSPACE_QUERY_DEBUG", false)?,
            signup_points: r.parse("OURSPACE_SIGNUP_POINTS", 100_000)?,
            payment_hold_minutes: r.parse("OURSPACE_PAYMENT_HOLD_MINUTES", 15)?,
            approval_hold_minutes: r.parse("OURSPACE_APPROVAL_HOLD_MINUTES", 180)?,
            refund_full_days: r.parse("OURSPACE_REFUND_FULL_DAYS", 2)?,
            refund_half_days: r.parse("OURSPACE_REFUND_HALF_DAYS", 1)?,
            cors_origins: r
                .or("OURSPACE_CORS_ORIGINS", "")
                .split(',')
                .map(|o| o.trim().trim_end_matches('/'))
                .filter(|o| !o.is_empty())
                .map(str::to_owned)
                .collect(),
            auth_rate_per_minute: r.parse("OURSPACE_AUTH_RATE_PER_MINUTE", 60)?,
            auto_migrate: r.flag("OURSPACE_AUTO_MIGRATE", true)?,
            seed_demo: r.flag("OURSPACE_SEED_DEMO", dev)?,
            expiry_sweep_seconds: r.parse("OURSPACE_EXPIRY_SWEEP_SECONDS", 30)?,
            booking_horizon: BookingHorizon::new(r.parse(
                "OURSPACE_BOOKING_HORIZON_DAYS",
                BookingHorizon::DEFAULT_DAYS,
            )?)
            .map_err(|m| err("OURSPACE_BOOKING_HORIZON_DAYS", m))?,
            max_waiting_orders: r.parse("OURSPACE_MAX_WAITING_ORDERS", 3)?,
            order_rate_per_minute: r.parse("OURSPACE_ORDER_RATE_PER_MINUTE", 10)?,
            metrics_bind: Some(r.or("OURSPACE_METRICS_BIND", "127.0.0.1:9464"))
                .filter(|b| b != "off"),
            metrics_token: r
                .get("OURSPACE_METRICS_TOKEN")
                .filter(|t| !t.is_empty())
                .map(SecretString::from),
            trusted_proxies: TrustedProxies(
                r.or("OURSPACE_TRUSTED_PROXIES", "")
                    .split(',')
                    .map(str::trim)
                    .filter(|s| !s.is_empty())
                    .map(Cidr::parse)
                    .collect::<Result<_, _>>()
                    .map_err(|m| err("OURSPACE_TRUSTED_PROXIES", m))?,
            ),
            body_idle_seconds: r.parse("OURSPACE_BODY_IDLE_SECONDS", 10)?,
            body_total_seconds: r.parse("OURSPACE_BODY_TOTAL_SECONDS", 120)?,
        };
        config.check()
    }
}
