//! Configuration, read once from the environment into typed values.
//!
//! Every variable and its default is listed in `.env.example` and the README. A bad value
//! stops start-up with one line naming the variable.

use chrono_tz::Tz;
use rand::Rng;
use secrecy::SecretString;
use std::path::PathBuf;

/// Development makes missing secrets up; production insists on them and logs JSON.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Environment {
    Development,
    Production,
}

/// Where photos are kept.
#[derive(Debug, Clone, PartialEq, Eq)]
pub enum StorageConfig {
    /// Files under `dir`, served at `/media/`.
    Local { dir: PathBuf },
}

/// Everything the server needs to start.
#[derive(Debug, Clone)]
pub struct Config {
    pub environment: Environment,
    pub bind: String,
    pub database_url: String,
    pub db_max_connections: u32,
    pub storage: StorageConfig,
    pub jwt_secret: SecretString,
    pub timezone: Tz,
    pub query_debug: bool,
    pub signup_points: i64,
    pub payment_hold_minutes: i64,
    pub approval_hold_minutes: i64,
    /// Apply pending migrations at start.
    pub auto_migrate: bool,
    /// Create demo spaces when the database has none.
    pub seed_demo: bool,
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
            other => {
                return Err(err(
                    "OURSPACE_STORAGE",
                    format!("`{other}` is not supported (use `local`)"),
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
            Some(s) => s,
            None if dev => random_secret(),
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
            jwt_secret: SecretString::from(jwt_secret),
            timezone,
            query_debug: r.flag("OURSPACE_QUERY_DEBUG", false)?,
            signup_points: r.parse("OURSPACE_SIGNUP_POINTS", 100_000)?,
            payment_hold_minutes: r.parse("OURSPACE_PAYMENT_HOLD_MINUTES", 15)?,
            approval_hold_minutes: r.parse("OURSPACE_APPROVAL_HOLD_MINUTES", 180)?,
            auto_migrate: r.flag("OURSPACE_AUTO_MIGRATE", true)?,
            seed_demo: r.flag("OURSPACE_SEED_DEMO", dev)?,
        };
        config.check()
    }

    fn check(self) -> Result<Self, ConfigError> {
        if !(self.database_url.starts_with("sqlite:") || self.database_url.starts_with("mysql://"))
        {
            return Err(err("DATABASE_URL", "must start with sqlite: or mysql://"));
        }
        if self.db_max_connections == 0 {
            return Err(err("OURSPACE_DB_MAX_CONNECTIONS", "must be at least 1"));
        }
        for (name, value) in [
            ("OURSPACE_SIGNUP_POINTS", self.signup_points),
            ("OURSPACE_PAYMENT_HOLD_MINUTES", self.payment_hold_minutes),
            ("OURSPACE_APPROVAL_HOLD_MINUTES", self.approval_hold_minutes),
        ] {
            if value < 0 {
                return Err(err(name, "must not be negative"));
            }
        }
        Ok(self)
    }
}

/// A fresh secret for development runs: tokens die with the process.
fn random_secret() -> String {
    let mut bytes = [0u8; 32];
    rand::rng().fill(&mut bytes);
    bytes.iter().map(|b| format!("{b:02x}")).collect()
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
    fn nothing_set_gives_the_zero_config_defaults() {
        let c = config(&[]).unwrap();
        assert_eq!(c.bind, "127.0.0.1:8080");
        assert_eq!(c.database_url, "sqlite://ourspace.db?mode=rwc");
        assert_eq!(c.timezone, chrono_tz::Asia::Seoul);
        assert!(c.seed_demo && c.auto_migrate && !c.query_debug);
        assert_eq!(c.signup_points, 100_000);
        assert_eq!(
            c.storage,
            StorageConfig::Local {
                dir: "./media".into()
            }
        );
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
        ] {
            assert_eq!(config(&[(var, value)]).unwrap_err().variable, var);
        }
    }
}
