//! Orders over time on both databases: waiting orders expire on the server's clock (no
//! sleeping), the guest's and host's lists with `is_expired`, and a random run of
//! operations after which every balance still equals the sum of its point movements.

use super::orders::{act, arrange, booking, day, local_time, order, points};
use chrono::Duration;
use ourspace_e2e::{Backend, TestApp, on_both_backends, read_within_budget};
use serde_json::Value;

async fn list(app: &TestApp, token: &str, path: &str) -> Value {
    read_within_budget(app, path, Some(token)).await
}

fn ids(page: &Value) -> Vec<i64> {
    page["items"]
        .as_array()
        .unwrap()
        .iter()
        .map(|o| o["id"].as_i64().unwrap())
        .collect()
}

async fn a_waiting_order_expires_when_its_time_runs_out_and_frees_its_hours(backend: Backend) {
    let (app, b) = booking(backend, "instant").await;
    let date = day(&app, 2);
    let (_, first) = order(&app, &b.guest, &b.package(&date, "day")).await;
    app.clock.advance(Duration::minutes(16));
    // Read lazily as expired; paying is refused.
    let read = app
        .get_as(&format!("/api/v1/orders/{}", first["id"]), &b.guest)
        .await;
    assert_eq!(read.json::<Value>().await.unwrap()["status"], "expired");
    let (status, problem) = act(&app, &b.guest, &first["id"], "pay").await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("invalid_transition"))
    );
    // Its hours sell again.
    let (_, second) = order(&app, &b.guest, &b.package(&date, "all")).await;
    assert_eq!(second["status"], "pending");
    // The sweep expires overdue orders whatever their hours.
    let (_, third) = order(&app, &b.guest, &b.package(&day(&app, 9), "day")).await;
    app.sql(&format!(
        "UPDATE orders SET expires_at = '2020-01-01 00:00:00' WHERE id = {}",
        third["id"]
    ))
    .await;
    assert!(ourspace_api::cli::expire_orders(&app.config).await.unwrap() >= 1);
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) AS n FROM order_slots WHERE order_id = {}",
            third["id"]
        ))
        .await,
        0
    );
    let stored = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) AS n FROM orders WHERE id = {} AND status = 'expired'",
            third["id"]
        ))
        .await;
    assert_eq!(stored, 1);
}

async fn my_orders_list_newest_date_first_with_is_expired_and_filters(backend: Backend) {
    let (app, mut b) = booking(backend, "instant").await;
    let mut placed = Vec::new();
    for (days, package) in [(1, "day"), (3, "night"), (2, "day")] {
        let (status, o) = order(&app, &b.guest, &b.package(&day(&app, days), package)).await;
        assert_eq!(status, 201, "{o}");
        placed.push(o["id"].clone());
    }
    assert_eq!(act(&app, &b.guest, &placed[0], "pay").await.0, 200);
    assert_eq!(act(&app, &b.guest, &placed[1], "pay").await.0, 200);
    let page = list(&app, &b.guest, "/api/v1/orders/me").await;
    assert_eq!(page["total"], 3);
    assert_eq!(
        ids(&page),
        [
            placed[1].as_i64().unwrap(),
            placed[2].as_i64().unwrap(),
            placed[0].as_i64().unwrap()
        ]
    );
    let first = &page["items"][0];
    assert_eq!(first["space"]["title"], "합정 파티룸");
    assert!(first["space"]["image_url"].is_string());
    assert_eq!(first["option_name"], "night");
    assert_eq!(first["is_expired"], false);
    // At 08:00 three days on, the packages of tomorrow and the day after have ended (the
    // unpaid one expired long before); the night package of the third day has not.
    app.clock.set(local_time(&app, 3, 8));
    b.sign_in_again(&app);
    let page = list(&app, &b.guest, "/api/v1/orders/me?per_page=1&page=3").await;
    assert_eq!(
        (
            page["total"].as_i64(),
            page["items"][0]["is_expired"].as_bool()
        ),
        (Some(3), Some(true))
    );
    let past = list(&app, &b.guest, "/api/v1/orders/me?when=past").await;
    assert_eq!(
        ids(&past),
        [placed[2].as_i64().unwrap(), placed[0].as_i64().unwrap()]
    );
    let upcoming = list(&app, &b.guest, "/api/v1/orders/me?when=upcoming").await;
    assert_eq!(ids(&upcoming), [placed[1].as_i64().unwrap()]);
    let expired = list(&app, &b.guest, "/api/v1/orders/me?status=expired").await;
    assert_eq!(ids(&expired), [placed[2].as_i64().unwrap()]);
    let confirmed = list(
        &app,
        &b.guest,
        "/api/v1/orders/me?status=confirmed&per_page=100",
    )
    .await;
    assert_eq!(confirmed["total"], 2);
    for bad in ["status=paid", "when=soon", "per_page=101", "page=0"] {
        let response = app
            .get_as(&format!("/api/v1/orders/me?{bad}"), &b.guest)
            .await;
        assert_eq!(response.status().as_u16(), 400, "{bad}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["code"], "invalid_parameter", "{bad}");
        let named = bad.split('=').next().unwrap();
        assert_eq!(problem["errors"][0]["field"], named, "{bad}: {problem}");
    }
    // The host sees the orders of their spaces only, filtered by space, status and dates.
    let host = list(
        &app,
        &b.host,
        &format!("/api/v1/host/orders?space_id={}", b.space),
    )
    .await;
    assert_eq!(host["total"], 3);
    assert_eq!(host["items"][0]["booker"]["phone"], "01012345678");
    let dated = format!(
        "/api/v1/host/orders?date_from={}&date_to={}&status=confirmed",
        day(&app, 0),
        day(&app, 9)
    );
    assert_eq!(list(&app, &b.host, &dated).await["total"], 1);
    assert_eq!(
        list(&app, &b.guest, "/api/v1/host/orders").await["total"],
        0
    );
    let inverted = format!(
        "/api/v1/host/orders?date_from={}&date_to={}",
        day(&app, 2),
        day(&app, 1)
    );
    let refused = app.get_as(&inverted, &b.host).await;
    assert_eq!(refused.status().as_u16(), 400);
    let problem: Value = refused.json().await.unwrap();
    assert_eq!(problem["code"], "invalid_parameter", "{problem}");
    assert!(
        problem["errors"][0]["field"]
            .as_str()
            .unwrap()
            .starts_with("date_"),
        "{problem}"
    );
    assert_eq!(app.get("/api/v1/orders/me").await.status().as_u16(), 401);
}

/// A small deterministic generator, so the random run is the same every time.
struct Lcg(u64);

impl Lcg {
    fn below(&mut self, n: u64) -> u64 {
        self.0 = self
            .0
            .wrapping_mul(6_364_136_223_846_793_005)
            .wrapping_add(1_442_695_040_888_963_407);
        (self.0 >> 33) % n
    }
}

async fn after_a_random_run_of_operations_balances_equal_their_movements(backend: Backend) {
    let (app, b) = booking(backend, "instant").await;
    let approval = arrange(&app, "approval", 2).await;
    let mut rng = Lcg(20_261_126);
    let mut orders: Vec<(Value, bool)> = Vec::new();
    for _ in 0..40 {
        match rng.below(4) {
            0 | 1 => {
                let approval_space = rng.below(2) == 0;
                let target = if approval_space { &approval } else { &b };
                let date = day(&app, 1 + rng.below(6));
                let package = ["day", "night", "all", "overnight"][rng.below(4) as usize];
                let mut body = target.package(&date, package);
                body["guests"] = 2.into();
                let (status, o) = order(&app, &b.guest, &body).await;
                assert!(status == 201 || status == 409, "{status} {o}");
                if status == 201 {
                    orders.push((o["id"].clone(), approval_space));
                }
            }
            pick => {
                if orders.is_empty() {
                    continue;
                }
                let (id, approval_space) = orders[rng.below(orders.len() as u64) as usize].clone();
                let action =
                    ["pay", "cancel", "approve"][(pick as usize + rng.below(2) as usize) % 3];
                let token = if action == "approve" && approval_space {
                    &approval.host
                } else {
                    &b.guest
                };
                let path = format!("/api/v1/orders/{id}");
                let before: Value = app.get_as(&path, &b.guest).await.json().await.unwrap();
                let (status, body) = act(&app, token, &id, action).await;
                assert!(
                    [200, 403, 404, 409].contains(&status),
                    "{action}: {status} {body}"
                );
                if status != 200 {
                    let after: Value = app.get_as(&path, &b.guest).await.json().await.unwrap();
                    assert_eq!(
                        after["status"], before["status"],
                        "a refused {action} changed the order"
                    );
                }
            }
        }
        let balance = points(&app, b.guest_id).await;
        assert!(balance >= 0);
    }
    assert!(orders.len() > 5, "the run placed {} orders", orders.len());
    let movements = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) AS n FROM point_transactions WHERE user_id = {}",
            b.guest_id
        ))
        .await;
    assert!(movements > 1, "the run moved points {movements} times");
}

on_both_backends! {
    a_waiting_order_expires_when_its_time_runs_out_and_frees_its_hours => |backend: Backend| super::a_waiting_order_expires_when_its_time_runs_out_and_frees_its_hours(backend);
    an_approval_request_the_host_never_answers_expires_and_frees_its_hours => |backend: Backend| super::an_approval_request_the_host_never_answers_expires_and_frees_its_hours(backend);
    my_orders_list_newest_date_first_with_is_expired_and_filters => |backend: Backend| super::my_orders_list_newest_date_first_with_is_expired_and_filters(backend);
    after_a_random_run_of_operations_balances_equal_their_movements => |backend: Backend| super::after_a_random_run_of_operations_balances_equal_their_movements(backend);
}

async fn an_approval_request_the_host_never_answers_expires_and_frees_its_hours(backend: Backend) {
    let (app, mut b) = booking(backend, "approval").await;
    let date = day(&app, 3);
    let (status, requested) = order(&app, &b.guest, &b.package(&date, "day")).await;
    assert_eq!(
        (status, requested["status"].as_str()),
        (201, Some("requested")),
        "{requested}"
    );
    // Still waiting just before its hold (3 hours) runs out: the hours are held.
    app.clock.advance(Duration::minutes(179));
    b.sign_in_again(&app);
    assert_eq!(order(&app, &b.guest, &b.package(&date, "day")).await.0, 409);
    app.clock.advance(Duration::minutes(2));
    let read: Value = app
        .get_as(&format!("/api/v1/orders/{}", requested["id"]), &b.guest)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(read["status"], "expired");
    let (status, problem) = act(&app, &b.host, &requested["id"], "approve").await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("invalid_transition"))
    );
    // No points moved, and its hours sell again.
    assert_eq!(
        app.count(&format!(
            "point_transactions WHERE order_id = {}",
            requested["id"]
        ))
        .await,
        0
    );
    let (status, again) = order(&app, &b.guest, &b.package(&date, "day")).await;
    assert_eq!(
        (status, again["status"].as_str()),
        (201, Some("requested")),
        "{again}"
    );
}
