//! Configuration, read once from the environment into typed values.
//!
//! Every variable and its default is listed in `.env.example` and the README. A bad value
//! stops start-up with one line naming the variable.

use chrono_tz::Tz;
use ourspace_domain::shared::BookingHorizon;
use ourspace_infrastructure::kakao::KakaoConfig;
use ourspace_infrastructure::media::S3Config;
use rand::Rng;
use secrecy::SecretString;
use std::path::PathBuf;
use std::time::Duration;

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
    pub storage: StorageConfig,
    /// `None` only in development, where a random secret is kept in `dev_secret_file`.
    pub jwt_secret: Option<SecretString>,
    pub dev_secret_file: PathBuf,
    pub jwt_ttl_minutes: i64,
    pub kakao: Option<KakaoConfig>,
    /// `redirect_to` targets the sign-in flow may return to (exact, or prefix with `*`).
    pub allowed_redirects: Vec<String>,
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
}

/// A setting that is missing or malformed.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("{variable}: {message}")]
pub struct ConfigError {
    pub variable: &'static str,
    pub message: String,
}

fn err(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

/// Reads variables through `lookup`, so tests need not touch the process environment.
struct Reader<F: Fn(&str) -> Option<String>>(F);

impl<F: Fn(&str) -> Option<String>> Reader<F> {
    fn get(&self, name: &str) -> Option<String> {
        (self.0)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    fn or(&self, name: &str, default: &str) -> String {
        self.get(name).unwrap_or_else(|| default.to_owned())
    }

    fn parse<T: std::str::FromStr>(
        &self,
        name: &'static str,
        default: T,
    ) -> Result<T, ConfigError> {
        match self.get(name) {
            None => Ok(default),
            Some(v) => v
                .parse()
                .map_err(|_| err(name, format!("`{v}` is not a valid value"))),
        }
    }

    fn flag(&self, name: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.get(name).as_deref() {
            None => Ok(default),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(v) => Err(err(name, format!("`{v}` is not one of 1, 0, true, false"))),
        }
    }
}

/// The shortest JWT secret accepted.
pub const MIN_SECRET_BYTES: usize = 32;

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
        let config = Self {
            environment,
            bind: r.or("OURSPACE_BIND", "127.0.0.1:8080"),
            database_url: r.or("DATABASE_URL", "sqlite://ourspace.db?mode=rwc"),
            db_max_connections: r.parse("OURSPACE_DB_MAX_CONNECTIONS", 10)?,
            storage,
            jwt_secret,
            dev_secret_file: r
                .or("OURSPACE_DEV_SECRET_FILE", ".ourspace-dev-secret")
                .into(),
            jwt_ttl_minutes: r.parse("OURSPACE_JWT_TTL_MINUTES", 60)?,
            kakao: kakao(&r)?,
            allowed_redirects: r
                .or("OURSPACE_ALLOWED_REDIRECTS", "")
                .split(',')
                .map(str::trim)
                .filter(|s| !s.is_empty())
                .map(str::to_owned)
                .collect(),
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
        };
        config.check()
    }

    fn check(self) -> Result<Self, ConfigError> {
        if !(self.database_url.starts_with("sqlite:") || self.database_url.starts_with("mysql://"))
        {
            return Err(err("DATABASE_URL", "must start with sqlite: or mysql://"));
        }
        if self.jwt_ttl_minutes < 1 {
            return Err(err("OURSPACE_JWT_TTL_MINUTES", "must be at least 1"));
        }
        if self.auth_rate_per_minute == 0 {
            return Err(err("OURSPACE_AUTH_RATE_PER_MINUTE", "must be at least 1"));
        }
        if let Some(bad) = self
            .cors_origins
            .iter()
            .find(|o| !(o.starts_with("http://") || o.starts_with("https://")))
        {
            return Err(err(
                "OURSPACE_CORS_ORIGINS",
                format!("`{bad}` is not an origin such as https://app.example.com"),
            ));
        }
        if self.db_max_connections == 0 {
            return Err(err("OURSPACE_DB_MAX_CONNECTIONS", "must be at least 1"));
        }
        for (name, value) in [
            ("OURSPACE_SIGNUP_POINTS", self.signup_points),
            ("OURSPACE_PAYMENT_HOLD_MINUTES", self.payment_hold_minutes),
            ("OURSPACE_APPROVAL_HOLD_MINUTES", self.approval_hold_minutes),
            ("OURSPACE_REFUND_FULL_DAYS", self.refund_full_days),
            ("OURSPACE_REFUND_HALF_DAYS", self.refund_half_days),
        ] {
            if value < 0 {
                return Err(err(name, "must not be negative"));
            }
        }
        if self.refund_half_days > self.refund_full_days {
            return Err(err(
                "OURSPACE_REFUND_HALF_DAYS",
                "must not exceed OURSPACE_REFUND_FULL_DAYS",
            ));
        }
        if self.refund_full_days > 365 {
            return Err(err("OURSPACE_REFUND_FULL_DAYS", "must be at most 365"));
        }
        Ok(self)
    }
}

fn s3<F: Fn(&str) -> Option<String>>(r: &Reader<F>) -> Result<S3Config, ConfigError> {
    let bucket = r
        .get("OURSPACE_S3_BUCKET")
        .ok_or_else(|| err("OURSPACE_S3_BUCKET", "is required when OURSPACE_STORAGE=s3"))?;
    let endpoint = r.get("OURSPACE_S3_ENDPOINT");
    let access_key = match (
        r.get("OURSPACE_S3_ACCESS_KEY_ID"),
        r.get("OURSPACE_S3_SECRET_ACCESS_KEY"),
    ) {
        (Some(id), Some(secret)) => Some((id, SecretString::from(secret))),
        (None, None) => None,
        _ => {
            return Err(err(
                "OURSPACE_S3_SECRET_ACCESS_KEY",
                "set both OURSPACE_S3_ACCESS_KEY_ID and OURSPACE_S3_SECRET_ACCESS_KEY, or neither",
            ));
        }
    };
    Ok(S3Config {
        bucket,
        region: r
            .get("OURSPACE_S3_REGION")
            .or_else(|| r.get("AWS_REGION"))
            .unwrap_or_else(|| "ap-northeast-2".to_owned()),
        path_style: r.flag("OURSPACE_S3_PATH_STYLE", endpoint.is_some())?,
        endpoint,
        public_url: r.get("OURSPACE_S3_PUBLIC_URL"),
        static_credentials: access_key,
    })
}

fn kakao<F: Fn(&str) -> Option<String>>(r: &Reader<F>) -> Result<Option<KakaoConfig>, ConfigError> {
    let Some(client_id) = r.get("OURSPACE_KAKAO_CLIENT_ID") else {
        return Ok(None);
    };
    if r.get("OURSPACE_KAKAO_REDIRECT_URI").is_none() {
        return Err(err(
            "OURSPACE_KAKAO_REDIRECT_URI",
            "is required with OURSPACE_KAKAO_CLIENT_ID",
        ));
    }
    let url = |name: &'static str, default: &str| {
        let value = r.or(name, default);
        if value.starts_with("http://") || value.starts_with("https://") {
            Ok(value)
        } else {
            Err(err(name, format!("`{value}` is not an http(s) URL")))
        }
    };
    Ok(Some(KakaoConfig {
        client_id,
        client_secret: r
            .get("OURSPACE_KAKAO_CLIENT_SECRET")
            .map(SecretString::from),
        redirect_uri: url("OURSPACE_KAKAO_REDIRECT_URI", "")?,
        auth_url: url("OURSPACE_KAKAO_AUTH_URL", "https://kauth.kakao.com")?,
        api_url: url("OURSPACE_KAKAO_API_URL", "https://kapi.kakao.com")?,
        timeout: Duration::from_millis(r.parse("OURSPACE_KAKAO_TIMEOUT_MS", 5_000)?),
    }))
}

impl Config {
    /// The JWT secret: the configured one, or in development a random one kept in
    /// `dev_secret_file` (created on first use) so `ourspace token` and the server agree.
    ///
    /// # Errors
    /// The file cannot be read or written.
    pub fn resolve_jwt_secret(&self) -> Result<SecretString, std::io::Error> {
        if let Some(secret) = &self.jwt_secret {
            return Ok(secret.clone());
        }
        match std::fs::read_to_string(&self.dev_secret_file) {
            Ok(s) if s.trim().len() >= MIN_SECRET_BYTES => {
                return Ok(SecretString::from(s.trim().to_owned()));
            }
            Ok(_) => {}
            Err(e) if e.kind() == std::io::ErrorKind::NotFound => {}
            Err(e) => return Err(e),
        }
        let mut bytes = [0u8; 32];
        rand::rng().fill(&mut bytes);
        let secret: String = bytes.iter().map(|b| format!("{b:02x}")).collect();
        write_private(&self.dev_secret_file, &secret)?;
        tracing::warn!(
            file = %self.dev_secret_file.display(),
            "OURSPACE_JWT_SECRET is not set: using a random development secret kept in this file"
        );
        Ok(SecretString::from(secret))
    }
}

/// Writes a file only its owner can read.
fn write_private(path: &std::path::Path, contents: &str) -> std::io::Result<()> {
    use std::io::Write;
    let mut options = std::fs::OpenOptions::new();
    options.write(true).create(true).truncate(true);
    #[cfg(unix)]
    std::os::unix::fs::OpenOptionsExt::mode(&mut options, 0o600);
    options.open(path)?.write_all(contents.as_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::collections::HashMap;

    fn config(vars: &[(&str, &str)]) -> Result<Config, ConfigError> {
        let map: HashMap<String, String> = vars
            .iter()
            .map(|(k, v)| ((*k).to_owned(), (*v).to_owned()))
            .collect();
        Config::from_lookup(|k| map.get(k).cloned())
    }

    #[test]
    fn cors_origins_refunds_and_the_sign_in_limit_are_checked_at_start() {
        let c = config(&[(
            "OURSPACE_CORS_ORIGINS",
            " https://a.example/, http://localhost:3000 ",
        )])
        .unwrap();
        assert_eq!(
            c.cors_origins,
            ["https://a.example", "http://localhost:3000"]
        );
        assert_eq!(
            (
                c.auth_rate_per_minute,
                c.refund_full_days,
                c.refund_half_days
            ),
            (60, 2, 1)
        );
        for (var, value) in [
            ("OURSPACE_CORS_ORIGINS", "a.example"),
            ("OURSPACE_AUTH_RATE_PER_MINUTE", "0"),
            ("OURSPACE_REFUND_HALF_DAYS", "3"),
            ("OURSPACE_BOOKING_HORIZON_DAYS", "0"),
            ("OURSPACE_BOOKING_HORIZON_DAYS", "3651"),
        ] {
            assert_eq!(config(&[(var, value)]).unwrap_err().variable, var);
        }
    }

    #[test]
    fn nothing_set_gives_the_zero_config_defaults() {
        let c = config(&[]).unwrap();
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert_eq!(c.database_url, "sqlite://ourspace.db?mode=rwc");
        assert_eq!(c.timezone, chrono_tz::Asia::Seoul);
        assert!(c.seed_demo && c.auto_migrate && !c.query_debug);
        assert_eq!(c.signup_points, 100_000);
        assert!(
            matches!(&c.storage, StorageConfig::Local { dir } if dir.as_path() == std::path::Path::new("./media"))
        );
        assert!(c.kakao.is_none() && c.jwt_secret.is_none());
        assert_eq!(c.jwt_ttl_minutes, 60);
        assert_eq!(c.expiry_sweep_seconds, 30);
    }

    #[test]
    fn s3_storage_needs_a_bucket_and_defaults_path_style_with_an_endpoint() {
        let e = config(&[("OURSPACE_STORAGE", "s3")]).unwrap_err();
        assert_eq!(e.variable, "OURSPACE_S3_BUCKET");
        let c = config(&[
            ("OURSPACE_STORAGE", "s3"),
            ("OURSPACE_S3_BUCKET", "photos"),
            ("OURSPACE_S3_ENDPOINT", "http://127.0.0.1:9000"),
        ])
        .unwrap();
        let StorageConfig::S3 {
            store: s3,
            create_bucket,
        } = c.storage
        else {
            panic!("s3 expected")
        };
        assert!(s3.path_style && !create_bucket);
        assert_eq!(s3.region, "ap-northeast-2");
        let aws = config(&[("OURSPACE_STORAGE", "s3"), ("OURSPACE_S3_BUCKET", "photos")]).unwrap();
        let StorageConfig::S3 { store: s3, .. } = aws.storage else {
            panic!("s3 expected")
        };
        assert!(!s3.path_style && s3.endpoint.is_none());
    }

    #[test]
    fn kakao_is_configured_by_client_id_and_redirect_uri() {
        let e = config(&[("OURSPACE_KAKAO_CLIENT_ID", "id")]).unwrap_err();
        assert_eq!(e.variable, "OURSPACE_KAKAO_REDIRECT_URI");
        let e = config(&[
            ("OURSPACE_KAKAO_CLIENT_ID", "id"),
            ("OURSPACE_KAKAO_REDIRECT_URI", "http://x/cb"),
            ("OURSPACE_KAKAO_AUTH_URL", "kauth.kakao.com"),
        ])
        .unwrap_err();
        assert_eq!(e.variable, "OURSPACE_KAKAO_AUTH_URL");
        let c = config(&[
            ("OURSPACE_KAKAO_CLIENT_ID", "id"),
            (
                "OURSPACE_KAKAO_REDIRECT_URI",
                "http://localhost:8080/api/v1/auth/kakao/callback",
            ),
            (
                "OURSPACE_ALLOWED_REDIRECTS",
                "https://a.example/cb, https://b.example/*",
            ),
        ])
        .unwrap();
        let kakao = c.kakao.unwrap();
        assert_eq!(kakao.auth_url, "https://kauth.kakao.com");
        assert_eq!(kakao.api_url, "https://kapi.kakao.com");
        assert_eq!(kakao.timeout, Duration::from_secs(5));
        assert_eq!(
            c.allowed_redirects,
            ["https://a.example/cb", "https://b.example/*"]
        );
    }

    #[test]
    fn the_development_secret_is_made_once_and_kept() {
        use secrecy::ExposeSecret;
        let dir = tempfile::tempdir().unwrap();
        let c = Config {
            dev_secret_file: dir.path().join("secret"),
            ..config(&[]).unwrap()
        };
        let first = c.resolve_jwt_secret().unwrap();
        let second = c.resolve_jwt_secret().unwrap();
        assert_eq!(first.expose_secret(), second.expose_secret());
        assert!(first.expose_secret().len() >= MIN_SECRET_BYTES);
    }

    #[test]
    fn production_requires_a_long_enough_jwt_secret() {
        let e = config(&[("OURSPACE_ENV", "production")]).unwrap_err();
        assert_eq!(e.variable, "OURSPACE_JWT_SECRET");
        let e = config(&[("OURSPACE_JWT_SECRET", "short")]).unwrap_err();
        assert_eq!(e.variable, "OURSPACE_JWT_SECRET");
        let secret = "x".repeat(32);
        let c = config(&[
            ("OURSPACE_ENV", "production"),
            ("OURSPACE_JWT_SECRET", &secret),
        ])
        .unwrap();
        assert!(!c.seed_demo);
    }

    #[test]
    fn a_bad_value_names_its_variable() {
        for (var, value) in [
            ("OURSPACE_TIMEZONE", "Mars/Olympus"),
            ("OURSPACE_QUERY_DEBUG", "maybe"),
            ("OURSPACE_SIGNUP_POINTS", "lots"),
            ("DATABASE_URL", "postgres://x"),
            ("OURSPACE_STORAGE", "floppy"),
            ("OURSPACE_PAYMENT_HOLD_MINUTES", "-5"),
            ("OURSPACE_JWT_TTL_MINUTES", "0"),
        ] {
            assert_eq!(config(&[(var, value)]).unwrap_err().variable, var);
        }
    }
}
