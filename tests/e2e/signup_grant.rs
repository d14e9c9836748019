//! The sign-up points once per Kakao account (issue #12, row 2): deleting the account and
//! signing up again with the same Kakao account makes a new account without new points.

use ourspace_e2e::{Backend, TestApp, on_both_backends, spawn_app_with_kakao};
use reqwest::Method;
use serde_json::{Value, json};

async fn sign_in(app: &TestApp, kakao_token: &str) -> Value {
    let response = app
        .post_json(
            "/api/v1/auth/kakao/token",
            &json!({ "access_token": kakao_token }),
        )
        .await;
    assert_eq!(response.status().as_u16(), 200);
    response.json().await.unwrap()
}

async fn delete_account(app: &TestApp, body: &Value) {
    let token = body["access_token"].as_str().unwrap();
    let response = app
        .send(Method::DELETE, "/api/v1/users/me", token, None)
        .await;
    assert_eq!(response.status().as_u16(), 204);
}

on_both_backends! {
    signing_up_again_after_deleting_the_account_grants_no_second_points => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        kakao.knows("ryan", 5151, Some("라이언"), None).await;
        let first = sign_in(&app, "ryan").await;
        assert_eq!((first["is_new_user"].as_bool(), first["user"]["points"].as_i64()), (Some(true), Some(100_000)));
        let grants = app.count("signup_grants").await;
        let mut current = first;
        for _ in 0..3 {
            delete_account(&app, &current).await;
            // The grant is remembered by a keyed hash, not by the Kakao id.
            assert_eq!(app.count("users WHERE kakao_id = 5151").await, 0);
            let again = sign_in(&app, "ryan").await;
            assert_eq!((again["is_new_user"].as_bool(), again["user"]["points"].as_i64()), (Some(true), Some(0)), "{again}");
            let me: Value = app.get_as("/api/v1/users/me", again["access_token"].as_str().unwrap()).await.json().await.unwrap();
            assert_eq!(me["points"], 0);
            current = again;
        }
        assert_eq!(app.count("signup_grants").await, grants, "one grant for the account, however often it returns");
        let bonuses = "point_transactions p JOIN users u ON u.id = p.user_id WHERE p.reason = 'signup_bonus' AND u.nickname IN ('라이언', '탈퇴한 회원')";
        assert_eq!(app.count(bonuses).await, 1);
        assert_eq!(app.count("signup_grants WHERE account_hash LIKE '%5151%'").await, 0);
        // Another Kakao account still gets its points.
        kakao.knows("muzi", 6262, Some("무지"), None).await;
        assert_eq!(sign_in(&app, "muzi").await["user"]["points"], 100_000);
    };

    an_account_from_before_grants_were_recorded_is_remembered_when_deleted => |backend: Backend| async move {
        let (app, kakao) = spawn_app_with_kakao(backend).await;
        // Written straight to the table, as accounts made before this release are.
        let (token, _) = app.new_user(7373).await;
        let grants = app.count("signup_grants").await;
        let response = app.send(Method::DELETE, "/api/v1/users/me", &token, None).await;
        assert_eq!(response.status().as_u16(), 204);
        assert_eq!(app.count("signup_grants").await, grants + 1);
        kakao.knows("apeach", 7373, Some("어피치"), None).await;
        let again = sign_in(&app, "apeach").await;
        assert_eq!((again["is_new_user"].as_bool(), again["user"]["points"].as_i64()), (Some(true), Some(0)));
    };
}
