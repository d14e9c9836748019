//! Reading the configuration: defaults, checks, and the variable named on every failure.

use super::*;
use std::collections::HashMap;
use std::time::Duration;

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
        (
            "OURSPACE_ALLOWED_REDIRECTS",
            "https://ok.example/, app.example.com",
        ),
        ("OURSPACE_MAX_WAITING_ORDERS", "0"),
        ("OURSPACE_ORDER_RATE_PER_MINUTE", "0"),
        ("OURSPACE_TRUSTED_PROXIES", "10.0.0.0/8, proxy.internal"),
        ("OURSPACE_BODY_IDLE_SECONDS", "0"),
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
    assert!(c.allowed_redirects.check("https://a.example/cb").is_ok());
    assert!(c.allowed_redirects.check("https://b.example/x").is_ok());
    assert!(c.allowed_redirects.check("https://a.example/cb/x").is_err());
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
