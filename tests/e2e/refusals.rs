//! Refusals named by their codes end to end: a method the path is not served with, a body
//! that is no multipart, an account that still hosts spaces — each changing nothing.

use ourspace_e2e::{Backend, on_both_backends, spawn_app};
use serde_json::{Value, json};

on_both_backends! {
    refusals_answer_their_codes_and_change_nothing => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let host = app.forge_token(json!({"sub": "1"}));
        let spaces_before = app.count("spaces").await;

        let wrong_method = app
            .client
            .put(format!("{}/api/v1/spaces", app.address))
            .bearer_auth(&host)
            .send()
            .await
            .unwrap();
        assert_eq!(wrong_method.status().as_u16(), 405);
        let allow = wrong_method.headers()["allow"].to_str().unwrap().to_owned();
        assert!(allow.contains("GET") && allow.contains("POST"), "{allow}");
        assert_eq!(wrong_method.json::<Value>().await.unwrap()["code"], "method_not_allowed");

        let broken = app
            .client
            .post(format!("{}/api/v1/spaces", app.address))
            .bearer_auth(&host)
            .header("content-type", "multipart/form-data; boundary=edge")
            .body("this is no multipart body at all")
            .send()
            .await
            .unwrap();
        assert_eq!(broken.status().as_u16(), 400);
        assert_eq!(broken.headers()["content-type"], "application/problem+json");
        assert_eq!(broken.json::<Value>().await.unwrap()["code"], "invalid_multipart");
        assert_eq!(app.count("spaces").await, spaces_before);

        let leaving = app
            .client
            .delete(format!("{}/api/v1/users/me", app.address))
            .bearer_auth(&host)
            .send()
            .await
            .unwrap();
        assert_eq!(leaving.status().as_u16(), 409);
        assert_eq!(leaving.json::<Value>().await.unwrap()["code"], "has_spaces");
        let me: Value = app.get_as("/api/v1/users/me", &host).await.json().await.unwrap();
        assert_eq!(me["id"], 1, "the account is still there");
        assert_eq!(app.count("spaces WHERE host_id = 1").await, spaces_before);
    };
}
