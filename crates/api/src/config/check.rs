//! The rules a configuration must meet before the server starts; the first broken one
//! stops it, naming its variable.

use super::read::err;
use super::{Config, ConfigError};

impl Config {
    pub(super) fn check(self) -> Result<Self, ConfigError> {
        self.check_serving()?;
        self.check_orders()?;
        Ok(self)
    }

    /// The database, the limits and the timeouts of serving.
    fn check_serving(&self) -> Result<(), ConfigError> {
        if !(self.database_url.starts_with("sqlite:") || self.database_url.starts_with("mysql://"))
        {
            return Err(err("DATABASE_URL", "must start with sqlite: or mysql://"));
        }
        if self.jwt_ttl_minutes < 1 {
            return Err(err("OURSPACE_JWT_TTL_MINUTES", "must be at least 1"));
        }
        for (name, value) in [
            ("OURSPACE_AUTH_RATE_PER_MINUTE", self.auth_rate_per_minute),
            ("OURSPACE_MAX_WAITING_ORDERS", self.max_waiting_orders),
            ("OURSPACE_ORDER_RATE_PER_MINUTE", self.order_rate_per_minute),
            ("OURSPACE_BODY_IDLE_SECONDS", self.body_idle_seconds),
            ("OURSPACE_BODY_TOTAL_SECONDS", self.body_total_seconds),
        ] {
            if value == 0 {
                return Err(err(name, "must be at least 1"));
            }
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
        if self
            .db_statement_timeout
            .is_some_and(|t| !(100..=600_000).contains(&t.as_millis()))
        {
            return Err(err(
                "OURSPACE_DB_STATEMENT_TIMEOUT_MS",
                "must be 0 (no limit) or between 100 and 600000",
            ));
        }
        if !(100..=60_000).contains(&self.db_acquire_timeout.as_millis()) {
            return Err(err(
                "OURSPACE_DB_ACQUIRE_TIMEOUT_MS",
                "must be between 100 and 60000",
            ));
        }
        Ok(())
    }

    /// Sign-up points, holds and the refund policy.
    fn check_orders(&self) -> Result<(), ConfigError> {
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
        Ok(())
    }
}
