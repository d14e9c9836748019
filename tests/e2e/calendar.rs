//! The calendar search reads, through the real server on both databases: a paid booking
//! hides a space on its date and a cancellation shows it again; a waiting hold whose time
//! ran out stops hiding the space once `serve`'s expiry sweep has run.

use crate::orders::{act, booker, day, order};
use ourspace_e2e::{Backend, TestApp, on_both_backends, spawn_app_with};
use serde_json::{Value, json};
use std::time::{Duration, Instant};

async fn listed(app: &TestApp, date: &str, space: i64) -> bool {
    let page = app
        .get_json(&format!("/api/v1/spaces?date={date}&per_page=100"), 200)
        .await;
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .any(|i| i["id"] == space)
}

/// A guest with points and an instant space selling a day and a night package only; the
/// package ids by name.
async fn arrange(app: &TestApp) -> (String, i64, Value) {
    let (host, _) = app.new_user(7001).await;
    let (guest, _) = app.new_user_with_points(7002, 100_000).await;
    let package = |name: &str, start: u32, end: u32| json!({"name": name, "start_hour": start, "end_hour": end, "price": 10000});
    let space = app
        .register_space(
            &host,
            json!({"title": "달력 파티룸", "category_id": 1, "district_id": 1,
                   "options": [package("day", 9, 18), package("night", 18, 24)]}),
        )
        .await;
    let detail = app.get_json(&format!("/api/v1/spaces/{space}"), 200).await;
    let mut ids = json!({});
    for o in detail["options"].as_array().unwrap() {
        ids[o["name"].as_str().unwrap()] = o["id"].clone();
    }
    (guest, space, ids)
}

fn package(space: i64, date: &str, option: &Value) -> Value {
    json!({"space_id": space, "date": date, "option_id": option, "guests": 2, "booker": booker()})
}

on_both_backends! {
    a_fully_booked_day_hides_the_space_until_a_booking_is_cancelled => |backend: Backend| async move {
        let app = spawn_app_with(backend, &[("OURSPACE_SEED_DEMO", "0")]).await;
        let (guest, space, ids) = arrange(&app).await;
        let date = day(&app, 3);
        assert!(listed(&app, &date, space).await);
        let (status, day_order) = order(&app, &guest, &package(space, &date, &ids["day"])).await;
        assert_eq!(status, 201);
        assert!(listed(&app, &date, space).await, "the night is still free");
        let (status, night) = order(&app, &guest, &package(space, &date, &ids["night"])).await;
        assert_eq!(status, 201);
        assert_eq!(act(&app, &guest, &night["id"], "pay").await.0, 200);
        assert!(!listed(&app, &date, space).await, "nothing left on {date}");
        assert!(listed(&app, &day(&app, 4), space).await, "the next day is free");
        assert_eq!(act(&app, &guest, &day_order["id"], "cancel").await.0, 200);
        assert!(listed(&app, &date, space).await, "the day package is free again");
    };

    a_lapsed_hold_stops_hiding_the_space_once_the_sweep_has_run => |backend: Backend| async move {
        let app = spawn_app_with(
            backend,
            &[("OURSPACE_SEED_DEMO", "0"), ("OURSPACE_EXPIRY_SWEEP_SECONDS", "1")],
        )
        .await;
        let (guest, space, ids) = arrange(&app).await;
        let date = day(&app, 3);
        let (_, first) = order(&app, &guest, &package(space, &date, &ids["day"])).await;
        app.clock.advance(chrono::Duration::minutes(5));
        let (_, second) = order(&app, &guest, &package(space, &date, &ids["night"])).await;
        assert!(!listed(&app, &date, space).await, "both packages held");
        // The first hold (15 minutes) has run out, the second has not.
        app.clock.advance(chrono::Duration::minutes(11));
        let deadline = Instant::now() + Duration::from_secs(20);
        while !listed(&app, &date, space).await {
            assert!(Instant::now() < deadline, "the sweep never freed the day package");
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let status = |id: &Value| format!("SELECT COUNT(*) AS n FROM orders WHERE id = {id} AND status = 'expired'");
        assert_eq!(app.scalar_i64(&status(&first["id"])).await, 1, "the sweep expired the lapsed order");
        assert_eq!(app.scalar_i64(&status(&second["id"])).await, 0, "the live hold stays");
        assert_eq!(act(&app, &guest, &second["id"], "pay").await.0, 200);
    };
}
