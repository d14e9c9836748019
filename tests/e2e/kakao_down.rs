//! Kakao failing at its token endpoint during the code flow: refusing our client, a 5xx,
//! answering too late. Each answers 502 and writes nothing.

use crate::auth::{Flow, callback, problem, problem_code, start_flow};
use ourspace_e2e::{Backend, FakeKakao, on_both_backends, spawn_app_with_kakao_and};
use serde_json::json;
use wiremock::ResponseTemplate;

async fn a_failing_kakao_token_endpoint_signs_no_one_in(
    backend: Backend,
    failure: ResponseTemplate,
    expected: (u16, &str),
) {
    let (app, kakao) =
        spawn_app_with_kakao_and(backend, &[("OURSPACE_KAKAO_TIMEOUT_MS", "700")]).await;
    kakao.knows("tok", 4646, Some("네오"), None).await;
    let users = app.count("users").await;
    let points = app.count("point_transactions").await;
    let Flow { q, cookie } = start_flow(&app, "").await;
    kakao.accepts_code("c", &q["code_challenge"], "tok").await;
    kakao.token_endpoint_answers(failure).await;
    let answer = problem(
        callback(&app, "c", &q["state"], Some(&cookie)).await,
        expected.0,
    )
    .await;
    assert_eq!(problem_code(&answer), expected.1);
    assert_eq!(app.count("users").await, users, "no account");
    assert_eq!(app.count("point_transactions").await, points, "no points");
    assert_eq!(app.count("users WHERE kakao_id = 4646").await, 0);
}

on_both_backends! {
    kakao_refusing_our_client_signs_no_one_in => |backend: Backend| async move {
        let refused = wiremock::ResponseTemplate::new(401).set_body_json(json!({
            "error": "invalid_client", "error_description": "Bad client credentials", "error_code": "KOE010"
        }));
        a_failing_kakao_token_endpoint_signs_no_one_in(backend, refused, (502, "kakao_unavailable")).await;
    };

    kakao_failing_with_a_5xx_signs_no_one_in => |backend: Backend| async move {
        a_failing_kakao_token_endpoint_signs_no_one_in(backend, FakeKakao::broken(503), (502, "kakao_unavailable")).await;
    };

    kakao_answering_too_late_signs_no_one_in => |backend: Backend| async move {
        let late = wiremock::ResponseTemplate::new(200)
            .set_body_json(json!({"token_type": "bearer", "access_token": "tok", "expires_in": 60}))
            .set_delay(std::time::Duration::from_secs(3));
        a_failing_kakao_token_endpoint_signs_no_one_in(backend, late, (502, "kakao_unavailable")).await;
    };
}
