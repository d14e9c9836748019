//! Reading variables: the lookup, typed parsing with the variable named on failure, and
//! the settings of the S3 store and of Kakao.

use super::ConfigError;
use ourspace_infrastructure::kakao::KakaoConfig;
use ourspace_infrastructure::media::S3Config;
use secrecy::SecretString;
use std::time::Duration;

pub(super) fn err(variable: &'static str, message: impl Into<String>) -> ConfigError {
    ConfigError {
        variable,
        message: message.into(),
    }
}

/// Reads variables through `lookup`, so tests need not touch the process environment.
pub(super) struct Reader<F: Fn(&str) -> Option<String>>(pub(super) F);

impl<F: Fn(&str) -> Option<String>> Reader<F> {
    pub(super) fn get(&self, name: &str) -> Option<String> {
        (self.0)(name)
            .map(|v| v.trim().to_owned())
            .filter(|v| !v.is_empty())
    }

    pub(super) fn or(&self, name: &str, default: &str) -> String {
        self.get(name).unwrap_or_else(|| default.to_owned())
    }

    pub(super) fn parse<T: std::str::FromStr>(
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

    /// A duration given in milliseconds.
    pub(super) fn millis(&self, name: &'static str, default: u64) -> Result<Duration, ConfigError> {
        self.parse(name, default).map(Duration::from_millis)
    }

    /// A comma-separated list: entries trimmed, empty ones dropped.
    pub(super) fn list(&self, name: &str) -> Vec<String> {
        self.get(name)
            .unwrap_or_default()
            .split(',')
            .map(str::trim)
            .filter(|s| !s.is_empty())
            .map(str::to_owned)
            .collect()
    }

    pub(super) fn flag(&self, name: &'static str, default: bool) -> Result<bool, ConfigError> {
        match self.get(name).as_deref() {
            None => Ok(default),
            Some("1" | "true" | "yes" | "on") => Ok(true),
            Some("0" | "false" | "no" | "off") => Ok(false),
            Some(v) => Err(err(name, format!("`{v}` is not one of 1, 0, true, false"))),
        }
    }
}

pub(super) fn s3<F: Fn(&str) -> Option<String>>(r: &Reader<F>) -> Result<S3Config, ConfigError> {
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

pub(super) fn kakao<F: Fn(&str) -> Option<String>>(
    r: &Reader<F>,
) -> Result<Option<KakaoConfig>, ConfigError> {
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
