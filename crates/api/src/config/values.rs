//! The settings read into more than a number or a string: each with its own rule and a
//! failure naming its variable.

use super::read::{Reader, err, s3};
use super::{ConfigError, Environment, MIN_SECRET_BYTES, StorageConfig};
use crate::client_ip::{Cidr, TrustedProxies};
use chrono_tz::Tz;
use ourspace_domain::auth::RedirectAllowList;
use ourspace_domain::shared::BookingHorizon;
use secrecy::SecretString;

type R<F> = Reader<F>;

pub(super) fn environment<F: Fn(&str) -> Option<String>>(
    r: &R<F>,
) -> Result<Environment, ConfigError> {
    match r.or("OURSPACE_ENV", "development").as_str() {
        "development" => Ok(Environment::Development),
        "production" => Ok(Environment::Production),
        other => Err(err(
            "OURSPACE_ENV",
            format!("`{other}` is not development or production"),
        )),
    }
}

pub(super) fn storage<F: Fn(&str) -> Option<String>>(
    r: &R<F>,
) -> Result<StorageConfig, ConfigError> {
    match r.or("OURSPACE_STORAGE", "local").as_str() {
        "local" => Ok(StorageConfig::Local {
            dir: r.or("OURSPACE_MEDIA_DIR", "./media").into(),
        }),
        "s3" => Ok(StorageConfig::S3 {
            store: s3(r)?,
            create_bucket: r.flag("OURSPACE_S3_CREATE_BUCKET", false)?,
        }),
        other => Err(err(
            "OURSPACE_STORAGE",
            format!("`{other}` is not supported (use `local` or `s3`)"),
        )),
    }
}

/// Required in production; in development a missing one is made up later (and kept in
/// `OURSPACE_DEV_SECRET_FILE`).
pub(super) fn jwt_secret<F: Fn(&str) -> Option<String>>(
    r: &R<F>,
    dev: bool,
) -> Result<Option<SecretString>, ConfigError> {
    match r.get("OURSPACE_JWT_SECRET") {
        Some(s) if s.len() < MIN_SECRET_BYTES => Err(err(
            "OURSPACE_JWT_SECRET",
            format!("must be at least {MIN_SECRET_BYTES} bytes"),
        )),
        Some(s) => Ok(Some(SecretString::from(s))),
        None if dev => Ok(None),
        None => Err(err(
            "OURSPACE_JWT_SECRET",
            "is required when OURSPACE_ENV=production",
        )),
    }
}

pub(super) fn timezone<F: Fn(&str) -> Option<String>>(r: &R<F>) -> Result<Tz, ConfigError> {
    let timezone = r.or("OURSPACE_TIMEZONE", "Asia/Seoul");
    timezone.parse().map_err(|_| {
        err(
            "OURSPACE_TIMEZONE",
            format!("`{timezone}` is not an IANA time zone"),
        )
    })
}

pub(super) fn allowed_redirects<F: Fn(&str) -> Option<String>>(
    r: &R<F>,
) -> Result<RedirectAllowList, ConfigError> {
    RedirectAllowList::parse(&r.list("OURSPACE_ALLOWED_REDIRECTS"))
        .map_err(|e| err("OURSPACE_ALLOWED_REDIRECTS", e.to_string()))
}

/// Origins without a trailing slash, as browsers send them.
pub(super) fn cors_origins<F: Fn(&str) -> Option<String>>(r: &R<F>) -> Vec<String> {
    r.list("OURSPACE_CORS_ORIGINS")
        .iter()
        .map(|o| o.trim_end_matches('/'))
        .filter(|o| !o.is_empty())
        .map(str::to_owned)
        .collect()
}

pub(super) fn booking_horizon<F: Fn(&str) -> Option<String>>(
    r: &R<F>,
) -> Result<BookingHorizon, ConfigError> {
    let days = r.parse(
        "OURSPACE_BOOKING_HORIZON_DAYS",
        BookingHorizon::DEFAULT_DAYS,
    )?;
    BookingHorizon::new(days).map_err(|m| err("OURSPACE_BOOKING_HORIZON_DAYS", m))
}

pub(super) fn trusted_proxies<F: Fn(&str) -> Option<String>>(
    r: &R<F>,
) -> Result<TrustedProxies, ConfigError> {
    let cidrs = r.list("OURSPACE_TRUSTED_PROXIES");
    cidrs
        .iter()
        .map(|c| Cidr::parse(c))
        .collect::<Result<_, _>>()
        .map(TrustedProxies)
        .map_err(|m| err("OURSPACE_TRUSTED_PROXIES", m))
}
