//! What an operator relies on: `/metrics`, the sign-in rate limit, CORS, security headers,
//! body limits, and a graceful stop that lets in-flight requests finish.

use super::orders::{booking, day, order};
use ourspace_e2e::{Backend, spawn_app, spawn_app_with};
use serde_json::json;
use tokio::io::{AsyncReadExt, AsyncWriteExt};

fn metric(text: &str, series: &str) -> Option<f64> {
    text.lines()
        .find_map(|l| l.strip_prefix(series)?.trim().parse().ok())
}

#[tokio::test]
async fn metrics_count_requests_by_route_template_orders_and_conflicts() {
    let (app, b) = booking(Backend::Sqlite, "instant").await;
    for _ in 0..2 {
        app.get(&format!("/api/v1/spaces/{}", b.space)).await;
    }
    app.get("/api/v1/spaces/999999").await;
    app.get("/no/such/path").await;
    let date = day(&app, 2);
    assert_eq!(order(&app, &b.guest, &b.package(&date, "day")).await.0, 201);
    assert_eq!(order(&app, &b.guest, &b.package(&date, "all")).await.0, 409);
    // Business volume is not for the public port: there it is not served at all.
    assert_eq!(app.get("/metrics").await.status().as_u16(), 404);
    let response = app.fetch(&format!("{}/metrics", app.metrics_address)).await;
    assert!(
        response.headers()["content-type"]
            .to_str()
            .unwrap()
            .starts_with("text/plain")
    );
    let text = response.text().await.unwrap();
    let detail = r#"ourspace_http_requests_total{method="GET",route="/api/v1/spaces/{id}",status="#;
    // Arranging the booking read the space once too.
    assert_eq!(
        metric(&text, &format!(r#"{detail}"200"}}"#)),
        Some(3.0),
        "{text}"
    );
    assert_eq!(metric(&text, &format!(r#"{detail}"404"}}"#)), Some(1.0));
    assert!(
        text.contains(r#"route="(unmatched)",status="404""#),
        "raw paths never become labels"
    );
    assert!(!text.contains("/no/such/path"));
    let bucket = r#"ourspace_http_request_duration_seconds_bucket{method="GET",route="/api/v1/spaces/{id}",le="+Inf"}"#;
    assert_eq!(metric(&text, bucket), Some(4.0));
    assert_eq!(metric(&text, "ourspace_orders_placed_total"), Some(1.0));
    assert_eq!(metric(&text, "ourspace_slot_conflicts_total"), Some(1.0));
    assert!(metric(&text, r#"ourspace_db_connections{state="idle"}"#).is_some());
    assert!(metric(&text, r#"ourspace_db_connections{state="in_use"}"#).is_some());
}

#[tokio::test]
async fn with_a_metrics_token_the_api_port_serves_metrics_to_that_token_only() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[("OURSPACE_METRICS_TOKEN", "scrape-secret-0123456789")],
    )
    .await;
    assert_eq!(app.get("/metrics").await.status().as_u16(), 401);
    let wrong = app.get_as("/metrics", "scrape-secret-0123456788").await;
    assert_eq!(wrong.status().as_u16(), 401);
    let right = app.get_as("/metrics", "scrape-secret-0123456789").await;
    assert_eq!(right.status().as_u16(), 200);
    assert!(
        right
            .text()
            .await
            .unwrap()
            .contains("ourspace_http_requests_total")
    );
}

#[tokio::test]
async fn sign_in_is_rate_limited_per_address_with_retry_after() {
    let app = spawn_app_with(Backend::Sqlite, &[("OURSPACE_AUTH_RATE_PER_MINUTE", "3")]).await;
    let body = json!({"access_token": "x"});
    for _ in 0..3 {
        let response = app.post_json("/api/v1/auth/kakao/token", &body).await;
        assert_eq!(
            response.status().as_u16(),
            503,
            "not configured, but not limited"
        );
    }
    let limited = app.post_json("/api/v1/auth/kakao/token", &body).await;
    assert_eq!(limited.status().as_u16(), 429);
    assert_eq!(
        limited.headers()["content-type"],
        "application/problem+json"
    );
    let retry: u64 = limited.headers()["retry-after"]
        .to_str()
        .unwrap()
        .parse()
        .unwrap();
    assert!((1..=60).contains(&retry), "{retry}");
    assert_eq!(
        limited.json::<serde_json::Value>().await.unwrap()["code"],
        "rate_limited"
    );
    assert_eq!(
        app.get("/api/v1/auth/kakao/authorize")
            .await
            .status()
            .as_u16(),
        429
    );
    // A client cannot pick its own address: no proxy is trusted by default.
    let spoofed = app
        .client
        .post(format!("{}/api/v1/auth/kakao/token", app.address))
        .header("x-forwarded-for", "203.0.113.9")
        .json(&body)
        .send()
        .await
        .unwrap();
    assert_eq!(spoofed.status().as_u16(), 429);
    // Other routes are not limited.
    assert_eq!(app.get("/api/v1/categories").await.status().as_u16(), 200);
}

#[tokio::test]
async fn behind_a_trusted_proxy_each_client_has_its_own_sign_in_limit() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[
            ("OURSPACE_AUTH_RATE_PER_MINUTE", "2"),
            ("OURSPACE_TRUSTED_PROXIES", "127.0.0.1/32, ::1/128"),
        ],
    )
    .await;
    let send = |client: &'static str| {
        app.client
            .post(format!("{}/api/v1/auth/kakao/token", app.address))
            .header("x-forwarded-for", format!("{client}, 127.0.0.1"))
            .json(&json!({"access_token": "x"}))
            .send()
    };
    for client in ["198.51.100.1", "198.51.100.2"] {
        for _ in 0..2 {
            assert_eq!(
                send(client).await.unwrap().status().as_u16(),
                503,
                "{client}"
            );
        }
        assert_eq!(
            send(client).await.unwrap().status().as_u16(),
            429,
            "{client}"
        );
    }
}

#[tokio::test]
async fn cors_answers_listed_origins_only() {
    let app = spawn_app_with(
        Backend::Sqlite,
        &[(
            "OURSPACE_CORS_ORIGINS",
            "https://app.example, https://admin.example",
        )],
    )
    .await;
    let preflight = |origin: &'static str| {
        app.client
            .request(
                reqwest::Method::OPTIONS,
                format!("{}/api/v1/orders", app.address),
            )
            .header("origin", origin)
            .header("access-control-request-method", "POST")
            .header(
                "access-control-request-headers",
                "authorization, content-type",
            )
            .send()
    };
    let allowed = preflight("https://app.example").await.unwrap();
    assert_eq!(allowed.status().as_u16(), 204);
    assert_eq!(
        allowed.headers()["access-control-allow-origin"],
        "https://app.example"
    );
    assert!(
        allowed.headers()["access-control-allow-headers"]
            .to_str()
            .unwrap()
            .contains("authorization")
    );
    let refused = preflight("https://evil.example").await.unwrap();
    assert_eq!(refused.status().as_u16(), 403);
    assert!(
        !refused
            .headers()
            .contains_key("access-control-allow-origin")
    );
    let get = |origin: &'static str| {
        app.client
            .get(format!("{}/api/v1/categories", app.address))
            .header("origin", origin)
            .send()
    };
    let listed = get("https://admin.example").await.unwrap();
    assert_eq!(
        listed.headers()["access-control-allow-origin"],
        "https://admin.example"
    );
    let other = get("https://evil.example").await.unwrap();
    assert_eq!(other.status().as_u16(), 200);
    assert!(!other.headers().contains_key("access-control-allow-origin"));
}

#[tokio::test]
async fn answers_carry_security_headers_and_no_server_version() {
    let app = spawn_app(Backend::Sqlite).await;
    for path in ["/health", "/api/v1/spaces/999999", "/docs/"] {
        let response = app.get(path).await;
        let headers = response.headers();
        assert_eq!(headers["x-content-type-options"], "nosniff", "{path}");
        assert_eq!(
            headers["referrer-policy"],
            "strict-origin-when-cross-origin"
        );
        assert!(!headers.contains_key("server"), "{path}");
    }
    // Public answers may be cached; signed-in answers (points, phone, e-mail) and sign-in
    // answers (tokens) may not.
    let public = app.get("/api/v1/spaces").await;
    assert!(!public.headers().contains_key("cache-control"));
    let (token, _) = app.new_user(9_100).await;
    for path in ["/api/v1/users/me", "/api/v1/orders/me", "/api/v1/spaces"] {
        let private = app.get_as(path, &token).await;
        assert_eq!(private.headers()["cache-control"], "no-store", "{path}");
    }
    let sign_in = app
        .post_json("/api/v1/auth/kakao/token", &json!({"access_token": "x"}))
        .await;
    assert_eq!(sign_in.headers()["cache-control"], "no-store");
}

#[tokio::test]
async fn a_json_body_over_64_kib_is_refused_with_413() {
    let (app, b) = booking(Backend::Sqlite, "instant").await;
    let mut body = b.package(&day(&app, 2), "day");
    body["booker"]["request"] = json!("가".repeat(30_000));
    let response = app
        .send(
            reqwest::Method::POST,
            "/api/v1/orders",
            &b.guest,
            Some(&body),
        )
        .await;
    assert_eq!(response.status().as_u16(), 413);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    assert_eq!(app.count("orders").await, 0);
}

#[tokio::test]
async fn a_request_in_flight_completes_during_a_graceful_stop() {
    let app = spawn_app(Backend::Sqlite).await;
    let (token, _) = app.new_user(4321).await;
    let body = r#"{"nickname": "끝까지"}"#;
    let address = app.address.trim_start_matches("http://");
    let mut stream = tokio::net::TcpStream::connect(address).await.unwrap();
    let head = format!(
        "PATCH /api/v1/users/me HTTP/1.1\r\nhost: {address}\r\nauthorization: Bearer {token}\r\n\
         content-type: application/json\r\ncontent-length: {}\r\nexpect: 100-continue\r\n\
         connection: close\r\n\r\n",
        body.len()
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    // The server's "100 Continue" says it holds the request: it is in flight.
    let mut interim = Vec::new();
    while !interim.ends_with(b"\r\n\r\n") {
        interim.push(stream.read_u8().await.unwrap());
    }
    assert!(interim.starts_with(b"HTTP/1.1 100"), "{interim:?}");
    stream.write_all(&body.as_bytes()[..5]).await.unwrap();
    stream.flush().await.unwrap();
    // As SIGTERM: stop accepting, let the request in flight finish.
    let stopping = tokio::spawn(app.server.stop(true));
    let deadline = tokio::time::Instant::now() + std::time::Duration::from_secs(5);
    while tokio::net::TcpStream::connect(address).await.is_ok() {
        assert!(
            tokio::time::Instant::now() < deadline,
            "still accepting connections 5 s after the stop"
        );
        tokio::task::yield_now().await;
    }
    stream.write_all(&body.as_bytes()[5..]).await.unwrap();
    let mut answer = String::new();
    stream.read_to_string(&mut answer).await.unwrap();
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("끝까지"), "{answer}");
    stopping.await.unwrap();
}
