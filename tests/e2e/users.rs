//! `/api/v1/users/me` and every way a bearer token can be refused.

use ourspace_e2e::{Backend, TestApp, on_both_backends, spawn_app, spawn_app_with_kakao};
use serde_json::{Value, json};

/// Signs a new Kakao user in through the token exchange; returns (token, user id).
async fn sign_in(app: &TestApp, kakao: &ourspace_e2e::FakeKakao, kakao_id: i64) -> (String, i64) {
    let access = format!("kakao-{kakao_id}");
    kakao
        .knows(&access, kakao_id, Some("프로도"), Some("frodo@kakao.com"))
        .await;
    let response = app
        .post_json(
            "/api/v1/auth/kakao/token",
            &json!({ "access_token": access }),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    let body: Value = response.json().await.unwrap();
    (
        body["access_token"].as_str().unwrap().to_owned(),
        body["user"]["id"].as_i64().unwrap(),
    )
}

async fn assert_unauthorized(app: &TestApp, request: reqwest::RequestBuilder, case: &str) {
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 401, "{case}");
    assert_eq!(response.headers()["www-authenticate"], "Bearer", "{case}");
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json",
        "{case}"
    );
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "unauthorized", "{case}");
    let _ = app;
}

on_both_backends! {
    every_bad_token_is_refused_with_401 => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        let (_, id) = sign_in(&app, &kakao, 11).await;
        let url = format!("{}/api/v1/users/me", app.address);
        let sub = id.to_string();
        let now = app.now_seconds();
        let cases: Vec<(&str, reqwest::RequestBuilder)> = vec![
            ("missing", app.client.get(&url)),
            ("not bearer", app.client.get(&url).header("authorization", "Basic dXNlcjpwYXNz")),
            ("empty bearer", app.client.get(&url).header("authorization", "Bearer ")),
            ("malformed", app.client.get(&url).bearer_auth("not-a-jwt")),
            ("expired", app.client.get(&url).bearer_auth(app.forge_token(json!({"sub": sub, "exp": 1_000_000, "iat": 999_000})))),
            ("wrong signature", app.client.get(&url).bearer_auth(app.forge_token_signed(json!({"sub": sub}), b"not-the-server-secret-not-the-server"))),
            ("alg none", app.client.get(&url).bearer_auth(app.unsigned_token(id))),
            ("wrong issuer", app.client.get(&url).bearer_auth(app.forge_token(json!({"sub": sub, "iss": "kakao"})))),
            ("state as bearer", app.client.get(&url).bearer_auth(app.forge_token(json!({"sub": sub, "typ": "oauth_state"})))),
            ("unknown user", app.client.get(&url).bearer_auth(app.forge_token(json!({"sub": "987654"})))),
            ("issued 31 years ahead", app.client.get(&url).bearer_auth(app.forge_token(json!({"sub": sub, "iat": now + 31 * 365 * 86_400, "exp": now + 31 * 365 * 86_400 + 3600})))),
            ("lives forever", app.client.get(&url).bearer_auth(app.forge_token(json!({"sub": sub, "exp": i64::MAX})))),
            ("lives longer than the TTL", app.client.get(&url).bearer_auth(app.forge_token(json!({"sub": sub, "exp": now + 7200})))),
            ("not yet valid", app.client.get(&url).bearer_auth(app.forge_token(json!({"sub": sub, "nbf": now + 3600})))),
        ];
        for (case, request) in cases {
            assert_unauthorized(&app, request, case).await;
        }
        // The same claims, properly signed, are accepted: the cases above fail for their flaw.
        let good = app.get_as("/api/v1/users/me", &app.forge_token(json!({"sub": sub}))).await;
        assert_eq!(good.status().as_u16(), 200);
    };

    a_user_reads_and_renames_their_account => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        let (token, id) = sign_in(&app, &kakao, 12).await;
        let me: Value = app.get_as("/api/v1/users/me", &token).await.json().await.unwrap();
        assert_eq!(me["id"], id);
        assert_eq!(me["email"], "frodo@kakao.com");
        let patch = |body: Value| app.client.patch(format!("{}/api/v1/users/me", app.address)).bearer_auth(&token).json(&body).send();
        let renamed: Value = patch(json!({"nickname": "  샘와이즈  "})).await.unwrap().json().await.unwrap();
        assert_eq!(renamed["nickname"], "샘와이즈");
        for bad in [json!({"nickname": "   "}), json!({"nickname": "가".repeat(31)})] {
            let response = patch(bad).await.unwrap();
            assert_eq!(response.status().as_u16(), 422);
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["code"], "validation_failed");
            assert_eq!(body["errors"][0]["field"], "nickname");
        }
        let malformed = app.client.patch(format!("{}/api/v1/users/me", app.address)).bearer_auth(&token)
            .header("content-type", "application/json").body("{nickname").send().await.unwrap();
        assert_eq!(malformed.status().as_u16(), 400);
        let me: Value = app.get_as("/api/v1/users/me", &token).await.json().await.unwrap();
        assert_eq!(me["nickname"], "샘와이즈");
    };

    deleting_the_account_ends_its_tokens_unless_a_confirmed_order_is_ahead => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        let (token, id) = sign_in(&app, &kakao, 13).await;
        let delete = || app.client.delete(format!("{}/api/v1/users/me", app.address)).bearer_auth(&token).send();
        // A confirmed order far ahead, made through the orders repository.
        app.book(1, id, "2099-01-01", (9, 12), "confirmed", None).await;
        let refused = delete().await.unwrap();
        assert_eq!(refused.status().as_u16(), 409);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(body["code"], "has_active_orders");
        assert_eq!(app.get_as("/api/v1/users/me", &token).await.status().as_u16(), 200);

        app.sql(&format!("UPDATE orders SET date = '2020-01-01' WHERE guest_id = {id}")).await;
        assert_eq!(delete().await.unwrap().status().as_u16(), 204);
        assert_eq!(app.get_as("/api/v1/users/me", &token).await.status().as_u16(), 401);
        assert_eq!(app.count(&format!("users WHERE id = {id} AND email IS NULL AND kakao_id IS NULL")).await, 1);
    };

    the_token_command_prints_a_token_the_server_accepts => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        // The command issues by the wall clock, as the server does outside tests.
        app.clock.set(chrono::Utc::now());
        let token = ourspace_api::cli::token_for_user(&app.config, 1).await.unwrap();
        let me: Value = app.get_as("/api/v1/users/me", &token).await.json().await.unwrap();
        assert_eq!(me["nickname"], "오아시스 호스트");
        let err = ourspace_api::cli::token_for_user(&app.config, 424_242).await.unwrap_err();
        assert!(err.to_string().starts_with("no token for user 424242:"), "{err}");
    };

    every_time_the_service_writes_comes_from_its_one_clock => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        // A moment the real clock is not at: 400 days ahead, on a whole second.
        let moment = chrono::DateTime::from_timestamp(chrono::Utc::now().timestamp() + 400 * 86_400, 0).unwrap();
        app.clock.set(moment);
        let (token, _) = sign_in(&app, &kakao, 7_001).await;
        let at = |value: &Value| chrono::DateTime::parse_from_rfc3339(value.as_str().unwrap()).unwrap().timestamp();
        // The token's issue time and expiry.
        use base64::Engine;
        let payload = token.split('.').nth(1).unwrap();
        let claims: Value = serde_json::from_slice(&base64::engine::general_purpose::URL_SAFE_NO_PAD.decode(payload).unwrap()).unwrap();
        assert_eq!(claims["iat"], moment.timestamp());
        assert_eq!(claims["exp"], moment.timestamp() + 3600);
        // The user's sign-up.
        let me = app.get_as("/api/v1/users/me", &token).await;
        assert_eq!(me.status().as_u16(), 200);
        assert_eq!(at(&me.json::<Value>().await.unwrap()["created_at"]), moment.timestamp());
        // A space registered a minute later: created then.
        app.clock.advance(chrono::Duration::minutes(1));
        let space = app.register_space(&token, json!({"title": "시계 파티룸", "category_id": 1, "district_id": 1, "hourly_rate": 10000})).await;
        let detail = app.get_json(&format!("/api/v1/spaces/{space}"), 200).await;
        assert_eq!(at(&detail["created_at"]), moment.timestamp() + 60);
        // A rename half an hour later: stamped after the sign-up (the real clock is 400
        // days behind, so a wall-clock stamp would fall before it).
        app.clock.advance(chrono::Duration::minutes(30));
        let renamed = app.send(reqwest::Method::PATCH, "/api/v1/users/me", &token, Some(&json!({"nickname": "시계"}))).await;
        assert_eq!(renamed.status().as_u16(), 200);
        let later = app.scalar_i64("SELECT COUNT(*) AS n FROM users WHERE kakao_id = 7001 AND updated_at > created_at").await;
        assert_eq!(later, 1);
        // The token dies by the same clock: an hour after its issue, whatever the real time.
        app.clock.advance(chrono::Duration::minutes(30));
        assert_eq!(app.get_as("/api/v1/users/me", &token).await.status().as_u16(), 401);
    };
}
