//! Probes, request ids and the problem answers of the whole surface.

use ourspace_e2e::{Backend, on_both_backends, spawn_app};

on_both_backends! {
    health_answers_ok_with_a_request_id => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let response = app.get("/health").await;
        assert_eq!(response.status().as_u16(), 200);
        let id = response.headers().get("x-request-id").expect("x-request-id").to_str().unwrap().to_owned();
        assert_eq!(id.len(), 36, "a UUID: {id}");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], "ok");
    };

    ready_answers_200_while_the_database_is_reachable_and_503_once_it_is_gone => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        assert_eq!(app.get_json("/ready", 200).await["status"], "ready");
        app.server_db.close_by_ref().await.unwrap();
        let response = app.get("/ready").await;
        assert_eq!(response.status().as_u16(), 503);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["code"], "database_unavailable");
    };

    an_unknown_route_answers_404_problem_json => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let response = app.get("/api/v1/nothing-here").await;
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        assert!(response.headers().contains_key("x-request-id"));
        let body: serde_json::Value = response.json().await.unwrap();
        assert_eq!(body["status"], 404);
        assert_eq!(body["code"], "not_found");
        assert_eq!(body["type"], "urn:ourspace:problem:not_found");
        assert_eq!(body["title"], "Not Found");
        assert!(body["detail"].as_str().unwrap().contains("/api/v1/nothing-here"));
    };
}
