//! Configuration, read once from the environment into typed values.
//!
//! Every variable and its default is listed in `.env.example` and the README. A bad value
//! stops start-up with one line naming the variable.

use crate::client_ip::TrustedProxies;
use chrono_tz::Tz;
use ourspace_domain::auth::RedirectAllowList;
use ourspace_domain::shared::BookingHorizon;
use ourspace_infrastructure::kakao::KakaoConfig;
use ourspace_infrastructure::media::S3Config;
use ourspace_infrastructure::search::EngineKind;
use secrecy::SecretString;
use std::path::PathBuf;

mod check;
mod read;
mod secret;
#[cfg(test)]
mod tests;
mod values;

use read::{Reader, kakao};
use values::{
    allowed_redirects, booking_horizon, cors_origins, environment, jwt_secret, storage, timezone,
    trusted_proxies,
};

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
    /// `OURSPACE_SPACE_CACHE_ENTRIES`: spaces' details kept in memory (0: none), each served
    /// while its stored version is unchanged.
    pub space_cache_entries: usize,
    /// `OURSPACE_TASTE_CACHE_ENTRIES`: guests' tastes kept in memory for their
    /// recommendations (0: none), each used while their stored taste version is unchanged.
    pub taste_cache_entries: usize,
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
    /// How often each server reads the search index's change feed, in milliseconds: a
    /// write on another server shows in this one's searches within about this time.
    pub search_feed_millis: u64,
    /// How long a skipped position of the change feed is waited for, in seconds (longer
    /// than any write transaction lasts).
    pub search_gap_seconds: u64,
    /// The search index's engine (`bitmaps`, the default, or `tantivy`; docs/search.md).
    pub search_engine: EngineKind,
    /// How often `serve` rebuilds the recommendations' behaviour data (0: never; then run
    /// `ourspace recommendations refresh` from cron).
    pub recommendation_refresh_seconds: u64,
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
    /// `OURSPACE_REDIS_URL`: where every instance counts the sign-in and order rate limits
    /// together (unset: each instance counts its own).
    pub redis_url: Option<SecretString>,
    /// `OURSPACE_REDIS_KEY_PREFIX`: the start of every key this service writes in Redis
    /// (`ourspace:`), so deployments can share one Redis.
    pub redis_key_prefix: String,
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
        let environment = environment(&r)?;
        let dev = environment == Environment::Development;
        let pool = r.parse("OURSPACE_DB_MAX_CONNECTIONS", 10)?;
        let config = Self {
            environment,
            bind: r.or("OURSPACE_BIND", "127.0.0.1:8080"),
            database_url: r.or("DATABASE_URL", "sqlite://ourspace.db?mode=rwc"),
            db_max_connections: pool,
            db_acquire_timeout: r.millis("OURSPACE_DB_ACQUIRE_TIMEOUT_MS", 1500)?,
            db_statement_timeout: Some(r.millis("OURSPACE_DB_STATEMENT_TIMEOUT_MS", 5000)?)
                .filter(|t| !t.is_zero()),
            space_cache_entries: r.parse("OURSPACE_SPACE_CACHE_ENTRIES", 10_000)?,
            taste_cache_entries: r.parse(
                "OURSPACE_TASTE_CACHE_ENTRIES",
                ourspace_domain::recommend::DEFAULT_KEPT_TASTES,
            )?,
            storage: storage(&r)?,
            jwt_secret: jwt_secret(&r, dev)?,
            dev_secret_file: r
                .or("OURSPACE_DEV_SECRET_FILE", ".ourspace-dev-secret")
                .into(),
            jwt_ttl_minutes: r.parse("OURSPACE_JWT_TTL_MINUTES", 60)?,
            kakao: kakao(&r)?,
            allowed_redirects: allowed_redirects(&r)?,
            timezone: timezone(&r)?,
            query_debug: r.flag("OURSPACE_QUERY_DEBUG", false)?,
            signup_points: r.parse("OURSPACE_SIGNUP_POINTS", 100_000)?,
            payment_hold_minutes: r.parse("OURSPACE_PAYMENT_HOLD_MINUTES", 15)?,
            approval_hold_minutes: r.parse("OURSPACE_APPROVAL_HOLD_MINUTES", 180)?,
            refund_full_days: r.parse("OURSPACE_REFUND_FULL_DAYS", 2)?,
            refund_half_days: r.parse("OURSPACE_REFUND_HALF_DAYS", 1)?,
            cors_origins: cors_origins(&r),
            auth_rate_per_minute: r.parse("OURSPACE_AUTH_RATE_PER_MINUTE", 60)?,
            auto_migrate: r.flag("OURSPACE_AUTO_MIGRATE", true)?,
            seed_demo: r.flag("OURSPACE_SEED_DEMO", dev)?,
            expiry_sweep_seconds: r.parse("OURSPACE_EXPIRY_SWEEP_SECONDS", 30)?,
            search_feed_millis: r.parse("OURSPACE_SEARCH_FEED_MILLIS", 250)?,
            search_gap_seconds: r.parse("OURSPACE_SEARCH_GAP_SECONDS", 30)?,
            search_engine: r.parse("OURSPACE_SEARCH_ENGINE", EngineKind::default())?,
            recommendation_refresh_seconds: r
                .parse("OURSPACE_RECOMMENDATION_REFRESH_SECONDS", 900)?,
            booking_horizon: booking_horizon(&r)?,
            max_waiting_orders: r.parse("OURSPACE_MAX_WAITING_ORDERS", 3)?,
            order_rate_per_minute: r.parse("OURSPACE_ORDER_RATE_PER_MINUTE", 10)?,
            metrics_bind: Some(r.or("OURSPACE_METRICS_BIND", "127.0.0.1:9464"))
                .filter(|b| b != "off"),
            metrics_token: r.get("OURSPACE_METRICS_TOKEN").map(SecretString::from),
            trusted_proxies: trusted_proxies(&r)?,
            redis_url: r.get("OURSPACE_REDIS_URL").map(SecretString::from),
            redis_key_prefix: r.or("OURSPACE_REDIS_KEY_PREFIX", "ourspace:"),
            body_idle_seconds: r.parse("OURSPACE_BODY_IDLE_SECONDS", 10)?,
            body_total_seconds: r.parse("OURSPACE_BODY_TOTAL_SECONDS", 120)?,
        };
        config.check()
    }
}
