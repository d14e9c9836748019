//! Kakao sign-in end to end, against a fake Kakao over real HTTP.

use ourspace_e2e::{
    ALLOWED_REDIRECT, Backend, FakeKakao, TestApp, on_both_backends, spawn_app,
    spawn_app_with_kakao, spawn_app_with_kakao_and,
};
use serde_json::{Value, json};
use std::collections::HashMap;

/// A started code flow: the query of the Kakao URL the browser is sent to, and the cookie
/// the browser keeps (`name=value`).
pub(crate) struct Flow {
    pub(crate) q: HashMap<String, String>,
    pub(crate) cookie: String,
}

/// Starts the code flow as a browser holding `cookie` (none: a fresh browser).
async fn start_flow_in(app: &TestApp, query: &str, cookie: Option<&str>) -> Flow {
    let mut request = app.client.get(format!(
        "{}/api/v1/auth/kakao/authorize{query}",
        app.address
    ));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    let response = request.send().await.unwrap();
    assert_eq!(response.status().as_u16(), 302);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let set_cookie = response.headers()["set-cookie"]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        set_cookie.ends_with("; Path=/api/v1/auth/kakao; Max-Age=600; HttpOnly; SameSite=Lax"),
        "{set_cookie}"
    );
    let url = reqwest::Url::parse(&location).unwrap();
    assert_eq!(url.path(), "/oauth/authorize");
    let cookie = set_cookie.split(';').next().unwrap().to_owned();
    Flow {
        q: url.query_pairs().into_owned().collect(),
        cookie,
    }
}

pub(crate) async fn start_flow(app: &TestApp, query: &str) -> Flow {
    start_flow_in(app, query, None).await
}

/// The callback as a browser holding `cookie`.
pub(crate) async fn callback(
    app: &TestApp,
    code: &str,
    state: &str,
    cookie: Option<&str>,
) -> reqwest::Response {
    let mut request = app.client.get(format!(
        "{}/api/v1/auth/kakao/callback?code={code}&state={state}",
        app.address
    ));
    if let Some(cookie) = cookie {
        request = request.header("cookie", cookie);
    }
    request.send().await.unwrap()
}

pub(crate) async fn problem(response: reqwest::Response, status: u16) -> Value {
    assert_eq!(response.status().as_u16(), status);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    response.json().await.unwrap()
}

async fn exchange(app: &TestApp, kakao_token: &str) -> reqwest::Response {
    app.post_json(
        "/api/v1/auth/kakao/token",
        &json!({ "access_token": kakao_token }),
    )
    .await
}

pub(crate) fn problem_code(body: &Value) -> &str {
    body["code"].as_str().unwrap_or_default()
}

on_both_backends! {
    the_code_flow_signs_up_on_first_sign_in_and_signs_in_afterwards => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        for (round, code) in ["first-code", "second-code"].into_iter().enumerate() {
            let Flow { q, cookie } = start_flow(&app, "").await;
            assert_eq!(q["client_id"], ourspace_e2e::kakao::CLIENT_ID);
            assert_eq!(q["response_type"], "code");
            assert_eq!(q["code_challenge_method"], "S256");
            assert!(q["redirect_uri"].ends_with("/api/v1/auth/kakao/callback"));
            // The fake only honours the code with the verifier matching this challenge.
            kakao.accepts_code(code, &q["code_challenge"], "kakao-access").await;
            if round == 0 {
                kakao.knows("kakao-access", 4242, Some("라이언"), Some("ryan@kakao.com")).await;
            }
            let response = callback(&app, code, &q["state"], Some(&cookie)).await;
            assert_eq!(response.status().as_u16(), 200);
            let body: Value = response.json().await.unwrap();
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
        let Flow { q, cookie } = start_flow(&app, &format!("?redirect_to={ALLOWED_REDIRECT}")).await;
        kakao.accepts_code("c", &q["code_challenge"], "tok").await;
        kakao.knows("tok", 7, None, None).await;
        let response = callback(&app, "c", &q["state"], Some(&cookie)).await;
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
        // A Kakao account that would be signed up by any exchange that got through.
        kakao.knows("tok", 4545, Some("프로도"), None).await;
        let points_before = app.count("point_transactions").await;
        let grants_before = app.count("signup_grants").await;
        let Flow { q: first, cookie } = start_flow(&app, "").await;
        kakao.accepts_code("c", &first["code_challenge"], "tok").await;
        let forged = problem(callback(&app, "c", &"f".repeat(64), Some(&cookie)).await, 400).await;
        assert_eq!(problem_code(&forged), "invalid_state");
        let user_token = app.forge_token(json!({"sub": "1"}));
        let swapped = problem(callback(&app, "c", &user_token, Some(&cookie)).await, 400).await;
        assert_eq!(problem_code(&swapped), "invalid_state");
        let late = start_flow(&app, "").await;
        kakao.accepts_code("late", &late.q["code_challenge"], "tok").await;
        app.clock.advance(chrono::Duration::minutes(10));
        let late = problem(callback(&app, "late", &late.q["state"], Some(&late.cookie)).await, 400).await;
        assert_eq!(problem_code(&late), "invalid_state");
        let Flow { q, cookie } = start_flow(&app, "").await;
        let used = problem(callback(&app, "used", &q["state"], Some(&cookie)).await, 400).await;
        assert_eq!(problem_code(&used), "kakao_code_invalid");
        let denied = app.get_json("/api/v1/auth/kakao/callback?error=access_denied&error_description=User%20denied", 400).await;
        assert_eq!(problem_code(&denied), "kakao_denied");
        let missing = app.get_json("/api/v1/auth/kakao/callback?state=x", 400).await;
        assert_eq!(missing["errors"][0]["field"], "code");
        assert_eq!(app.count("users WHERE kakao_id = 4545").await, 0, "no account made");
        assert_eq!(app.count("users WHERE kakao_id IS NOT NULL AND kakao_id > 0").await, 0);
        assert_eq!(app.count("point_transactions").await, points_before, "no points moved");
        assert_eq!(app.count("signup_grants").await, grants_before, "no sign-up grant claimed");
        // A good flow with the same Kakao account does sign up: the refusals above were the
        // state's and the code's doing, not a fake that could not have written anything.
        let good = start_flow(&app, "").await;
        kakao.accepts_code("good", &good.q["code_challenge"], "tok").await;
        let ok = callback(&app, "good", &good.q["state"], Some(&good.cookie)).await;
        assert_eq!(ok.status().as_u16(), 200);
        assert_eq!(app.count("users WHERE kakao_id = 4545").await, 1);
        assert_eq!(app.count("point_transactions").await, points_before + 1);
    };

    a_state_works_once_only_in_its_browser_and_neither_verifier_nor_code_leaves_the_server => |backend: Backend| async move {
        ourspace_e2e::logs::capture();
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        kakao.knows("tok", 4343, Some("무지"), None).await;
        let Flow { q, cookie } = start_flow(&app, "").await;
        let keys: std::collections::BTreeSet<&str> = q.keys().map(String::as_str).collect();
        assert_eq!(
            keys,
            ["client_id", "code_challenge", "code_challenge_method", "redirect_uri", "response_type", "state"].into(),
            "nothing but the challenge of the verifier goes to Kakao"
        );
        assert!(q["state"].len() == 64 && q["state"].bytes().all(|b| b.is_ascii_hexdigit()), "an opaque state");
        let codes: Vec<String> = (0..3).map(|i| format!("code-{i}-{}", uuid::Uuid::new_v4().simple())).collect();
        // Login CSRF: the attacker's state in a victim's browser (no cookie, or its own).
        let victim = start_flow(&app, "").await;
        let no_cookie = problem(callback(&app, &codes[0], &q["state"], None).await, 400).await;
        assert_eq!(problem_code(&no_cookie), "invalid_state");
        let mut replays = Vec::new();
        let Flow { q, cookie: same } = start_flow_in(&app, "", Some(&cookie)).await;
        assert_eq!(same, cookie, "a second tab keeps the browser's cookie");
        let other = problem(callback(&app, &codes[0], &q["state"], Some(&victim.cookie)).await, 400).await;
        assert_eq!(problem_code(&other), "invalid_state");
        let Flow { q, .. } = start_flow_in(&app, "", Some(&cookie)).await;
        for code in &codes {
            kakao.accepts_code(code, &q["code_challenge"], "tok").await;
        }
        for code in &codes {
            replays.push(callback(&app, code, &q["state"], Some(&cookie)).await.status().as_u16());
        }
        assert_eq!(replays, [200, 400, 400], "the same state three times signs in once");
        assert_eq!(app.count("users WHERE kakao_id = 4343").await, 1);

        let seen = ourspace_e2e::logs::lines_with("/api/v1/auth/kakao/callback");
        assert!(seen.len() >= 5, "the callbacks were logged: {}", seen.len());
        for secret in codes.iter().chain([&q["state"], &cookie]) {
            let secret = secret.trim_start_matches("ourspace_sign_in=");
            assert!(ourspace_e2e::logs::lines_with(secret).is_empty(), "{secret} reached the logs");
        }
    };

    the_token_exchange_signs_in_and_maps_kakao_failures => |backend: Backend| async move {
        // Kakao answering after 3 s counts as down when the timeout is 700 ms.
        let (app, kakao) =
            spawn_app_with_kakao_and(backend, &[("OURSPACE_KAKAO_TIMEOUT_MS", "700")]).await;
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
        // Not the shape of a Kakao token: refused before Kakao is asked, one error each.
        let oversize = "x".repeat(4097);
        for bad in [" ", "a b", "토큰", "tab\there", oversize.as_str()] {
            let body = problem(exchange(&app, bad).await, 422).await;
            assert_eq!(problem_code(&body), "validation_failed", "{bad}");
            assert_eq!(body["errors"], json!([{"field": "access_token", "message": "must be a Kakao access token"}]), "{bad}");
        }
        // Surrounding whitespace is not part of the token.
        let padded = exchange(&app, "  good\n").await;
        assert_eq!(padded.status().as_u16(), 200);
        assert_eq!(padded.json::<Value>().await.unwrap()["is_new_user"], false);
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
