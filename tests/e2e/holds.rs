//! Holds that cannot lock a calendar (issue #12, row 3), with the production defaults of
//! the per-guest order limits: an instant booking must be payable when placed, a guest has
//! at most three orders waiting, and places at most ten a minute.

use super::orders::{act, arrange, day, order};
use ourspace_e2e::{Backend, DEFAULT_ORDER_LIMITS, on_both_backends, spawn_app_with};
use serde_json::Value;

on_both_backends! {
    a_guest_without_points_cannot_hold_a_calendar => |backend: Backend| async move {
        let mut vars = vec![("OURSPACE_SEED_DEMO", "0")];
        vars.extend(DEFAULT_ORDER_LIMITS);
        let app = spawn_app_with(backend, &vars).await;
        let instant = arrange(&app, "instant", 1).await;
        let approval = arrange(&app, "approval", 2).await;
        let (broke, broke_id) = app.new_user(3_000).await;

        // Instant: paid next, so refused when the points do not cover it.
        let (status, problem) = order(&app, &broke, &instant.package(&day(&app, 1), "all")).await;
        assert_eq!((status, problem["code"].as_str()), (409, Some("insufficient_points")), "{problem}");
        let free = app.get_json(&format!("/api/v1/spaces/{}/availability?date={}", instant.space, day(&app, 1)), 200).await;
        assert_eq!(free["free_hours"].as_array().unwrap().len(), 24, "nothing held: {free}");

        // Approval: requests are paid only once accepted, but at most three wait at once.
        for n in 1..=3 {
            let (status, placed) = order(&app, &broke, &approval.package(&day(&app, n), "all")).await;
            assert_eq!(status, 201, "{placed}");
        }
        let (status, problem) = order(&app, &broke, &approval.package(&day(&app, 4), "all")).await;
        assert_eq!((status, problem["code"].as_str()), (409, Some("too_many_waiting_orders")), "{problem}");
        assert_eq!(app.scalar_i64(&format!("SELECT COUNT(*) AS n FROM orders WHERE guest_id = {broke_id}")).await, 3);

        // A rejected request waits no more: the guest may place another.
        let first: Value = app.get_as("/api/v1/orders/me", &broke).await.json().await.unwrap();
        let id = first["items"][0]["id"].clone();
        assert_eq!(act(&app, &approval.host, &id, "reject").await.0, 200);
        assert_eq!(order(&app, &broke, &approval.package(&day(&app, 5), "all")).await.0, 201);
    };

    placing_orders_is_rate_limited_per_guest => |backend: Backend| async move {
        let mut vars = vec![("OURSPACE_SEED_DEMO", "0")];
        vars.extend(DEFAULT_ORDER_LIMITS);
        let app = spawn_app_with(backend, &vars).await;
        let b = arrange(&app, "instant", 1).await;
        // Ten a minute, whatever the answers (past three waiting they are 409s): the
        // eleventh is refused before any work.
        let mut statuses = Vec::new();
        for n in 0..10 {
            statuses.push(order(&app, &b.guest, &b.package(&day(&app, 1 + n), "day")).await.0);
        }
        assert_eq!(statuses, [201, 201, 201, 409, 409, 409, 409, 409, 409, 409]);
        let eleventh = b.package(&day(&app, 11), "day");
        let response = app.send(reqwest::Method::POST, "/api/v1/orders", &b.guest, Some(&eleventh)).await;
        assert_eq!(response.status().as_u16(), 429);
        assert!(response.headers().get("retry-after").is_some());
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["code"], "rate_limited");
        // Another guest is not held up.
        let other = arrange(&app, "instant", 2).await;
        assert_eq!(order(&app, &other.guest, &b.package(&day(&app, 9), "day")).await.0, 201);
    };
}
