//! Text hygiene (issue #12, row 11): control characters and direction overrides are
//! refused in every kind of text field, by field, and nothing is written.

use super::orders::{arrange, booker, day, order};
use ourspace_e2e::{Backend, on_both_backends, spawn_app_with};
use reqwest::Method;
use serde_json::{Value, json};

on_both_backends! {
    control_and_direction_override_characters_are_refused_in_every_text_field => |backend: Backend| async move {
        let app = spawn_app_with(backend, &[("OURSPACE_SEED_DEMO", "0")]).await;
        let b = arrange(&app, "instant", 1).await;
        let bad = ["라이언\u{0}", "관리자\u{202E}nimda", "a\r\nSet-Cookie: x", "\u{1b}[2J지움", "x\u{2066}y"];
        for text in bad {
            // A nickname.
            let response = app.send(Method::PATCH, "/api/v1/users/me", &b.guest, Some(&json!({"nickname": text}))).await;
            assert_eq!(response.status().as_u16(), 422, "{text:?}");
            let problem: Value = response.json().await.unwrap();
            assert_eq!(problem["errors"][0]["field"], "nickname", "{text:?}");
            // A space's title (a line) and description (lines allowed, these are not).
            let path = format!("/api/v1/spaces/{}", b.space);
            for field in ["title", "description"] {
                let response = app.send(Method::PATCH, &path, &b.host, Some(&json!({field: text}))).await;
                let problem: Value = response.json().await.unwrap();
                let fields: Vec<&str> = problem["errors"].as_array().map(|a| a.iter().filter_map(|e| e["field"].as_str()).collect()).unwrap_or_default();
                if field == "description" && text.contains("\r\n") && !text.contains('\u{1b}') {
                    continue; // a line break is fine in a description
                }
                assert_eq!(fields, [field], "{field} {text:?}: {problem}");
            }
            // A booker's name and request.
            let mut body = b.package(&day(&app, 2), "day");
            body["booker"]["name"] = json!(text);
            body["booker"]["request"] = json!(format!("요청 {text}"));
            let (status, problem) = order(&app, &b.guest, &body).await;
            assert_eq!(status, 422, "{text:?}");
            let fields: Vec<&str> = problem["errors"].as_array().unwrap().iter().filter_map(|e| e["field"].as_str()).collect();
            assert!(fields.contains(&"booker.name"), "{text:?}: {problem}");
        }
        assert_eq!(app.count("orders").await, 0);
        // Line breaks stay allowed where a field has lines (a fresh space: the edit above
        // wrote the first one's packages anew).
        let other = arrange(&app, "instant", 2).await;
        let mut body = other.package(&day(&app, 2), "day");
        body["booker"] = booker();
        body["booker"]["request"] = json!("첫 줄\n둘째 줄");
        let (status, placed) = order(&app, &other.guest, &body).await;
        assert_eq!(status, 201, "{placed}");
        let me: Value = app.get_as("/api/v1/users/me", &b.guest).await.json().await.unwrap();
        assert!(!me["nickname"].as_str().unwrap().contains('\u{0}'));
    };
}
