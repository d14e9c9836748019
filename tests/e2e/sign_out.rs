//! Signing out everywhere (issue #12, row 11): every token issued before it is refused,
//! checked with the user read on each request (no extra query).

use ourspace_e2e::{Backend, on_both_backends, spawn_app};
use reqwest::Method;
use serde_json::json;

on_both_backends! {
    signing_out_everywhere_refuses_every_earlier_token => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let (_, id) = app.new_user(8_800).await;
        let sub = id.to_string();
        let now = app.now_seconds();
        // Two devices signed in a while ago.
        let phone = app.forge_token(json!({"sub": sub, "iat": now - 120, "exp": now + 3000}));
        let laptop = app.forge_token(json!({"sub": sub, "iat": now - 60, "exp": now + 3000}));
        assert_eq!(app.get_as("/api/v1/users/me", &laptop).await.status().as_u16(), 200);
        let out = app.send(Method::POST, "/api/v1/auth/logout", &phone, None).await;
        assert_eq!(out.status().as_u16(), 204);
        for token in [&phone, &laptop] {
            assert_eq!(app.get_as("/api/v1/users/me", token).await.status().as_u16(), 401);
        }
        // A token issued from now on works; signing out needs a valid token.
        let fresh = app.forge_token(json!({"sub": sub}));
        assert_eq!(app.get_as("/api/v1/users/me", &fresh).await.status().as_u16(), 200);
        let again = app.send(Method::POST, "/api/v1/auth/logout", &laptop, None).await;
        assert_eq!(again.status().as_u16(), 401);
    };
}
