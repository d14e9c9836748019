//! The sign-in's redirect allow-list (issue #12, row 7): compared by origin and path after
//! normalising, so look-alike hosts, `..` segments and CR/LF are refused with 400 before
//! any account is touched.

use ourspace_e2e::{Backend, on_both_backends, spawn_app_with_kakao_and};
use serde_json::Value;

on_both_backends! {
    redirect_targets_are_checked_by_origin_and_path => |backend: Backend| async move {
        let allowed = "https://app.example.com*,https://web.example/cb/*";
        let (app, _kakao) = spawn_app_with_kakao_and(backend, &[("OURSPACE_ALLOWED_REDIRECTS", allowed)]).await;
        let users = app.count("users").await;
        let authorize = |target: &str| {
            let query: String = url_encode(target);
            format!("/api/v1/auth/kakao/authorize?redirect_to={query}")
        };
        for ok in ["https://app.example.com/", "https://app.example.com/any?x=1", "https://web.example/cb", "https://web.example/cb/done"] {
            assert_eq!(app.get(&authorize(ok)).await.status().as_u16(), 302, "{ok}");
        }
        for refused in [
            "https://app.example.com.evil.example/",
            "https://app.example.com@evil.example/",
            "https://web.example/cb/../../evil",
            "https://web.example/cb/%2e%2e/%2e%2e/evil",
            "https://web.example/cbx",
            "https://app.example.com/\r\nSet-Cookie: x=1",
            "javascript:alert(1)",
            "//app.example.com/",
        ] {
            let response = app.get(&authorize(refused)).await;
            assert_eq!(response.status().as_u16(), 400, "{refused:?}");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["code"], "redirect_not_allowed", "{refused:?}");
        }
        assert_eq!(app.count("users").await, users, "nothing written");
    };
}

fn url_encode(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}
