//! Kakao sign-in end to end, against a fake Kakao over real HTTP.

use ourspace_e2e::{
    ALLOWED_REDIRECT, Backend, FakeKakao, TestApp, on_both_backends, spawn_app,
    spawn_app_with_kakao,
};
use serde_json::{Value, json};
use std::collections::HashMap;

/// Starts the code flow and returns the query of the Kakao URL the browser is sent to.
async fn start_flow(app: &TestApp, query: &str) -> HashMap<String, String> {
    let response = app
        .get(&format!("/api/v1/auth/kakao/authorize{query}"))
        .await;
    assert_eq!(response.status().as_u16(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let url = reqwest::Url::parse(&location).unwrap();
    assert_eq!(url.path(), "/oauth/authorize");
    url.query_pairs().into_owned().collect()
}

async fn exchange(app: &TestApp, kakao_token: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/kakao/token",
        &json!({ "access_token": kakao_token }),
    )
    .await
}

fn problem_code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or_default()
}

on_both_backends! {
    the_code_flow_signs_up_on_first_sign_in_and_signs_in_afterwards => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        for (round, code) in ["first-code", "second-code"].into_iter().enumerate() {
            let q = start_flow(&app, "").await;
            assert_eq!(q["client_id"], ourspace_e2e::kakao::CLIENT_ID);
            assert_eq!(q["response_type"], "code");
            assert_eq!(q["code_challenge_method"], "S256");
            assert!(q["redirect_uri"].ends_with("/api/v1/auth/kakao/callback"));
            // The fake only honours the code with the verifier matching this challenge.
            kakao.accepts_code(code, &q["code_challenge"], "kakao-access").await;
            if round == 0 {
                kakao.knows("kakao-access", 4242, Some("라이언"), Some("ryan@kakao.com")).await;
            }
            let callback = format!("/api/v1/auth/kakao/callback?code={code}&state={}", q["state"]);
            let body = app.get_json(&callback, 200).await;
            assert_eq!(body["token_type"], "Bearer");
            assert_eq!(body["expires_in"], 3600);
            assert_eq!(body["is_new_user"], round == 0);
            assert_eq!(body["user"]["nickname"], "라이언");
            assert_eq!(body["user"]["email"], "ryan@kakao.com");
            assert_eq!(body["user"]["points"], 100_000);
            let me = app.get_as("/api/v1/users/me", body["access_token"].as_str().unwrap()).await;
            assert_eq!(me.status().as_u16(), 200);
        }
        assert_eq!(app.count("users WHERE kakao_id = 4242").await, 1);
        assert_eq!(
            app.count("point_transactions WHERE user_id = (SELECT id FROM users WHERE kakao_id = 4242)")
                .await,
            1
        );
    };

    the_code_flow_returns_to_an_allowed_redirect_with_the_token_in_the_fragment => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        let q = start_flow(&app, &format!("?redirect_to={ALLOWED_REDIRECT}")).await;
        kakao.accepts_code("c", &q["code_challenge"], "tok").await;
        kakao.knows("tok", 7, None, None).await;
        let response = app.get(&format!("/api/v1/auth/kakao/callback?code=c&state={}", q["state"])).await;
        assert_eq!(response.status().as_u16(), 302);
        let location = response.headers()["location"].to_str().unwrap().to_owned();
        let (target, fragment) = location.split_once('#').unwrap();
        assert_eq!(target, ALLOWED_REDIRECT);
        let f: HashMap<String, String> = serde_urlencoded::from_str(fragment).unwrap();
        assert_eq!((f["token_type"].as_str(), f["is_new_user"].as_str()), ("Bearer", "true"));
        assert_eq!(app.get_as("/api/v1/users/me", &f["access_token"]).await.status().as_u16(), 200);

        let refused = app.get("/api/v1/auth/kakao/authorize?redirect_to=https://evil.example/steal").await;
        assert_eq!(refused.status().as_u16(), 400);
        let body: Value = refused.json().await.unwrap();
        assert_eq!(problem_code(&body), "redirect_not_allowed");
    };

    a_bad_or_expired_state_or_code_writes_nothing => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        kakao.rejects_other_codes().await;
        let forged = app.get_json("/api/v1/auth/kakao/callback?code=c&state=forged", 400).await;
        assert_eq!(problem_code(&forged), "invalid_state");
        let user_token = ourspace_e2e::forge_token(json!({"sub": "1"}));
        let swapped = app.get_json(&format!("/api/v1/auth/kakao/callback?code=c&state={user_token}"), 400).await;
        assert_eq!(problem_code(&swapped), "invalid_state");
        let expired = ourspace_e2e::forge_token(json!({"typ": "oauth_state", "pkce": "v", "nonce": "n", "exp": 1_000}));
        let late = app.get_json(&format!("/api/v1/auth/kakao/callback?code=c&state={expired}"), 400).await;
        assert_eq!(problem_code(&late), "invalid_state");
        let q = start_flow(&app, "").await;
        let used = app.get_json(&format!("/api/v1/auth/kakao/callback?code=used&state={}", q["state"]), 400).await;
        assert_eq!(problem_code(&used), "kakao_code_invalid");
        let denied = app.get_json("/api/v1/auth/kakao/callback?error=access_denied&error_description=User%20denied", 400).await;
        assert_eq!(problem_code(&denied), "kakao_denied");
        let missing = app.get_json("/api/v1/auth/kakao/callback?state=x", 400).await;
        assert_eq!(missing["errors"][0]["field"], "code");
        assert_eq!(app.count("users WHERE kakao_id IS NOT NULL AND kakao_id > 0").await, 0);
    };

    the_token_exchange_signs_in_and_maps_kakao_failures => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        kakao.knows("good", 100, Some("어피치"), None).await;
        kakao.profile_answers("rejected", FakeKakao::rejected_token()).await;
        kakao.profile_answers("down", FakeKakao::broken(503)).await;
        kakao.profile_answers("slow", FakeKakao::too_slow()).await;

        let ok = exchange(&app, "good").await;
        assert_eq!(ok.status().as_u16(), 200);
        let body: Value = ok.json().await.unwrap();
        assert_eq!(body["is_new_user"], true);
        assert_eq!(body["user"]["email"], Value::Null);

        for (token, status, code) in [
            ("rejected", 401, "kakao_token_invalid"),
            ("down", 502, "kakao_unavailable"),
            ("slow", 502, "kakao_unavailable"),
        ] {
            let response = exchange(&app, token).await;
            assert_eq!(response.status().as_u16(), status, "{token}");
            assert_eq!(response.headers()["content-type"], "application/problem+json");
            let body: Value = response.json().await.unwrap();
            assert_eq!(problem_code(&body), code, "{token}");
        }
        let blank = exchange(&app, " ").await;
        assert_eq!(blank.status().as_u16(), 422);
        assert_eq!(app.count("users WHERE kakao_id > 0").await, 1, "only the good sign-in wrote a user");
    };

    concurrent_first_sign_ins_create_one_user => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        kakao.knows("same", 31337, Some("동시"), None).await;
        let handles: Vec<_> = (0..12)
            .map(|_| {
                let request = app
                    .client
                    .post(format!("{}/api/v1/auth/kakao/token", app.address))
                    .json(&json!({ "access_token": "same" }));
                tokio::spawn(async move { request.send().await.unwrap() })
            })
            .collect();
        let mut responses = Vec::new();
        for handle in handles {
            responses.push(handle.await.unwrap());
        }
        let mut new_users = 0;
        let mut ids = std::collections::HashSet::new();
        for response in responses {
            assert_eq!(response.status().as_u16(), 200);
            let body: Value = response.json().await.unwrap();
            new_users += usize::from(body["is_new_user"] == true);
            ids.insert(body["user"]["id"].as_i64().unwrap());
        }
        assert_eq!(new_users, 1);
        assert_eq!(ids.len(), 1);
        assert_eq!(app.count("users WHERE kakao_id = 31337").await, 1);
        assert_eq!(
            app.count("point_transactions WHERE user_id = (SELECT id FROM users WHERE kakao_id = 31337)")
                .await,
            1
        );
    };

    without_kakao_settings_sign_in_answers_503_and_the_server_still_serves => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        for response in [
            app.get("/api/v1/auth/kakao/authorize").await,
            app.get("/api/v1/auth/kakao/callback?code=c&state=s").await,
            exchange(&app, "anything").await,
        ] {
            assert_eq!(response.status().as_u16(), 503);
            let body: Value = response.json().await.unwrap();
            assert_eq!(problem_code(&body), "kakao_not_configured");
        }
        assert_eq!(app.get("/health").await.status().as_u16(), 200);
    };
}
