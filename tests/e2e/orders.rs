//! Booking through the real server on both databases: the whole status flow for instant
//! and approval spaces, hours never sold twice (also under 100 concurrent requests),
//! points and refunds, expiry driven by the server's clock, and the order lists.

use chrono::{DateTime, Days, NaiveDate, TimeZone, Utc};
use ourspace_e2e::{Backend, TestApp, on_both_backends, spawn_app_with};
use reqwest::Method;
use serde_json::{Value, json};

/// A booking-ready space and its two parties.
pub struct Booking {
    pub host: String,
    pub host_id: i64,
    pub guest: String,
    pub guest_id: i64,
    pub space: i64,
    /// Package ids by name: day 9–18, night 18–24, all 9–24, overnight 22–32.
    pub options: Value,
}

impl Booking {
    /// Both parties sign in again: their tokens, issued by the server's clock, live an hour
    /// of it, so a test that moves the clock further hands out new ones.
    pub fn sign_in_again(&mut self, app: &TestApp) {
        self.host = app.token_for(self.host_id);
        self.guest = app.token_for(self.guest_id);
    }
}

fn opt(name: &str, start: u32, end: u32, price: i64) -> Value {
    json!({"name": name, "start_hour": start, "end_hour": end, "price": price})
}

/// A server without demo data, and a space in `mode` with a guest holding 100,000 points.
pub async fn booking(backend: Backend, mode: &str) -> (TestApp, Booking) {
    let app = spawn_app_with(backend, &[("OURSPACE_SEED_DEMO", "0")]).await;
    let b = arrange(&app, mode, 1).await;
    (app, b)
}

/// A space in `mode` hosted by a new user, and a new guest; `n` keeps their ids apart.
pub async fn arrange(app: &TestApp, mode: &str, n: i64) -> Booking {
    let (host, host_id) = app.new_user(1000 + n).await;
    let (guest, guest_id) = app.new_user_with_points(2000 + n, 100_000).await;
    let space = app
        .register_space(
            &host,
            json!({"title": "합정 파티룸", "category_id": 1, "district_id": 13,
                "booking_mode": mode, "min_guests": 1, "max_guests": 8,
                "options": [opt("day", 9, 18, 30000), opt("night", 18, 24, 20000),
                            opt("all", 9, 24, 45000), opt("overnight", 22, 32, 25000)],
                "hourly_rate": 10000, "min_hours": 2}),
        )
        .await;
    let detail = app.get_json(&format!("/api/v1/spaces/{space}"), 200).await;
    let mut options = json!({});
    for o in detail["options"].as_array().unwrap() {
        options[o["name"].as_str().unwrap()] = o["id"].clone();
    }
    Booking {
        host,
        host_id,
        guest,
        guest_id,
        space,
        options,
    }
}

/// The business date `days` after today on the server's clock.
pub fn day(app: &TestApp, days: u64) -> String {
    use ourspace_domain::shared::Clock;
    (app.clock.today() + Days::new(days)).to_string()
}

/// The instant it is `hour`:00 on the business date `days` after today.
pub fn local_time(app: &TestApp, days: u64, hour: u32) -> DateTime<Utc> {
    let date: NaiveDate = day(app, days).parse().unwrap();
    let local = date.and_hms_opt(hour, 0, 0).unwrap();
    app.config
        .timezone
        .from_local_datetime(&local)
        .earliest()
        .unwrap()
        .with_timezone(&Utc)
}

pub fn booker() -> Value {
    json!({"name": "김철수", "phone": "010-1234-5678", "email": "kim@example.kr", "purpose": "생일파티"})
}

impl Booking {
    pub fn package(&self, date: &str, name: &str) -> Value {
        json!({"space_id": self.space, "date": date, "option_id": self.options[name],
               "guests": 4, "booker": booker()})
    }

    pub fn hours(&self, date: &str, start: u32, end: u32) -> Value {
        json!({"space_id": self.space, "date": date, "start_hour": start, "end_hour": end,
               "guests": 4, "booker": booker()})
    }
}

pub async fn post(app: &TestApp, token: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let response = app.send(Method::POST, path, token, body).await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

pub async fn order(app: &TestApp, token: &str, body: &Value) -> (u16, Value) {
    post(app, token, "/api/v1/orders", Some(body)).await
}

pub async fn act(app: &TestApp, token: &str, id: &Value, action: &str) -> (u16, Value) {
    post(app, token, &format!("/api/v1/orders/{id}/{action}"), None).await
}

/// The guest's balance, asserting it equals the sum of their point movements.
pub async fn points(app: &TestApp, user: i64) -> i64 {
    let balance = app
        .scalar_i64(&format!("SELECT points AS n FROM users WHERE id = {user}"))
        .await;
    let sum = app
        .scalar_i64(&format!(
            "SELECT CAST(COALESCE(SUM(amount), 0) AS SIGNED) AS n FROM point_transactions WHERE user_id = {user}"
        ))
        .await;
    assert_eq!(balance, sum, "balance and movements of user {user}");
    balance
}

async fn an_instant_order_is_paid_then_cancelled_with_a_full_refund(backend: Backend) {
    let (app, b) = booking(backend, "instant").await;
    let date = day(&app, 5);
    let response = app
        .send(
            Method::POST,
            "/api/v1/orders",
            &b.guest,
            Some(&b.package(&date, "overnight")),
        )
        .await;
    assert_eq!(response.status().as_u16(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let placed: Value = response.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/orders/{}", placed["id"]));
    assert_eq!(placed["status"], "pending");
    assert_eq!(placed["price"], 25000);
    assert_eq!(placed["option_name"], "overnight");
    assert_eq!(placed["space"]["title"], "합정 파티룸");
    assert!(placed["space"]["image_url"].is_string());
    assert_eq!(placed["starts_at"], format!("{date}T22:00:00+09:00"));
    let next = day(&app, 6);
    assert_eq!(placed["ends_at"], format!("{next}T08:00:00+09:00"));
    assert!(placed["expires_at"].is_string());
    assert_eq!(placed["is_expired"], false);
    let id = placed["id"].clone();
    // Both parties read it, as the booking's answer gave it; anyone else is told it does
    // not exist.
    let path = format!("/api/v1/orders/{id}");
    let read = app.get_as(&path, &b.guest).await;
    assert_eq!(read.status().as_u16(), 200);
    assert_eq!(read.json::<Value>().await.unwrap(), placed);
    assert_eq!(app.get_as(&path, &b.host).await.status().as_u16(), 200);
    let (stranger, _) = app.new_user(77).await;
    assert_eq!(app.get_as(&path, &stranger).await.status().as_u16(), 404);
    assert_eq!(act(&app, &stranger, &id, "pay").await.0, 404);
    let (status, paid) = act(&app, &b.guest, &id, "pay").await;
    assert_eq!(status, 200, "{paid}");
    assert_eq!(paid["status"], "confirmed");
    assert_eq!(paid["refund_policy"]["full_refund_days_before"], 2);
    assert!(paid["expires_at"].is_null());
    assert_eq!(points(&app, b.guest_id).await, 75_000);
    let (status, again) = act(&app, &b.guest, &id, "pay").await;
    assert_eq!(
        (status, again["code"].as_str()),
        (409, Some("invalid_transition"))
    );
    let (status, cancelled) = act(&app, &b.guest, &id, "cancel").await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["status"], "cancelled");
    assert_eq!(cancelled["refunded_amount"], 25000);
    assert_eq!(points(&app, b.guest_id).await, 100_000);
    // The hours are free again.
    assert_eq!(
        order(&app, &b.guest, &b.package(&date, "overnight"))
            .await
            .0,
        201
    );
    // Points never go below zero: a guest who cannot cover the price cannot pay. Each order
    // was payable when placed; paying the first leaves too little for the second.
    let (poor, poor_id) = app.new_user_with_points(78, 50_000).await;
    let (_, first) = order(&app, &poor, &b.package(&day(&app, 6), "day")).await;
    let (_, unpaid) = order(&app, &poor, &b.package(&day(&app, 7), "day")).await;
    assert_eq!(act(&app, &poor, &first["id"], "pay").await.0, 200);
    let (status, problem) = act(&app, &poor, &unpaid["id"], "pay").await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("insufficient_points"))
    );
    assert_eq!(points(&app, poor_id).await, 20_000);
    let still = app
        .get_as(&format!("/api/v1/orders/{}", unpaid["id"]), &poor)
        .await;
    assert_eq!(still.json::<Value>().await.unwrap()["status"], "pending");
}

async fn an_approval_order_waits_for_the_host_and_each_party_keeps_to_its_role(backend: Backend) {
    let (app, b) = booking(backend, "approval").await;
    let (_, placed) = order(&app, &b.guest, &b.package(&day(&app, 1), "day")).await;
    assert_eq!(placed["status"], "requested");
    let id = placed["id"].clone();
    let read = app.get_as(&format!("/api/v1/orders/{id}"), &b.guest).await;
    assert_eq!(read.json::<Value>().await.unwrap(), placed);
    let (status, body) = act(&app, &b.guest, &id, "pay").await;
    assert_eq!(
        (status, body["code"].as_str()),
        (409, Some("invalid_transition"))
    );
    assert_eq!(act(&app, &b.guest, &id, "approve").await.0, 403);
    let (status, approved) = act(&app, &b.host, &id, "approve").await;
    assert_eq!(
        (status, approved["status"].as_str()),
        (200, Some("pending"))
    );
    assert_eq!(act(&app, &b.host, &id, "pay").await.0, 403);
    assert_eq!(
        act(&app, &b.guest, &id, "pay").await.1["status"],
        "confirmed"
    );
    assert_eq!(points(&app, b.guest_id).await, 70_000);
    // The host cancelling a paid order rejects it and refunds it whole, even the day before.
    let (status, rejected) = act(&app, &b.host, &id, "cancel").await;
    assert_eq!(
        (status, rejected["status"].as_str()),
        (200, Some("rejected"))
    );
    assert_eq!(rejected["refunded_amount"], 30000);
    assert_eq!(points(&app, b.guest_id).await, 100_000);
    // A request the host refuses.
    let (_, second) = order(&app, &b.guest, &b.package(&day(&app, 2), "night")).await;
    let (status, refused) = act(&app, &b.host, &second["id"], "reject").await;
    assert_eq!(
        (status, refused["status"].as_str()),
        (200, Some("rejected"))
    );
    assert_eq!(act(&app, &b.host, &second["id"], "reject").await.0, 409);
    assert_eq!(act(&app, &b.guest, &second["id"], "cancel").await.0, 409);
    assert_eq!(app.count("order_slots").await, 0);
}

async fn day_and_night_both_sell_and_all_is_then_refused_without_a_trace(backend: Backend) {
    let (app, b) = booking(backend, "instant").await;
    let date = day(&app, 3);
    assert_eq!(order(&app, &b.guest, &b.package(&date, "day")).await.0, 201);
    assert_eq!(
        order(&app, &b.guest, &b.package(&date, "night")).await.0,
        201
    );
    let response = app
        .send(
            Method::POST,
            "/api/v1/orders",
            &b.guest,
            Some(&b.package(&date, "all")),
        )
        .await;
    assert_eq!(response.status().as_u16(), 409);
    assert_eq!(
        response.headers()["content-type"],
        "application/problem+json"
    );
    let problem: Value = response.json().await.unwrap();
    assert_eq!(problem["code"], "slot_taken");
    assert_eq!(app.count("orders").await, 2);
    assert_eq!(app.count("order_slots").await, 15);
    // An hour range inside a sold package is refused too; the same range another day is not.
    assert_eq!(order(&app, &b.guest, &b.hours(&date, 12, 14)).await.0, 409);
    assert_eq!(
        order(&app, &b.guest, &b.hours(&day(&app, 4), 12, 14))
            .await
            .0,
        201
    );
}

async fn a_night_package_crossing_midnight_blocks_the_next_morning(backend: Backend) {
    let (app, b) = booking(backend, "instant").await;
    let (date, next) = (day(&app, 3), day(&app, 4));
    assert_eq!(
        order(&app, &b.guest, &b.package(&date, "overnight"))
            .await
            .0,
        201
    );
    let (status, problem) = order(&app, &b.guest, &b.hours(&next, 7, 9)).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("slot_taken"))
    );
    let (status, placed) = order(&app, &b.guest, &b.hours(&next, 8, 10)).await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(placed["price"], 20000);
    // And the other way round: the next morning first, then the night before is refused.
    assert_eq!(
        order(&app, &b.guest, &b.hours(&day(&app, 8), 6, 8)).await.0,
        201
    );
    assert_eq!(
        order(&app, &b.guest, &b.package(&day(&app, 7), "overnight"))
            .await
            .0,
        409
    );
}

async fn invalid_orders_are_refused_with_every_field_and_write_nothing(backend: Backend) {
    let (app, b) = booking(backend, "instant").await;
    let other = arrange(&app, "instant", 2).await;
    let bad = json!({"space_id": b.space, "date": "2020-01-01",
        "option_id": other.options["day"], "guests": 9,
        "booker": {"name": "김", "phone": "02-123-4567", "email": "nope"}});
    let expected = [
        "date",
        "option_id",
        "guests",
        "booker.phone",
        "booker.email",
    ];
    let (status, problem) = order(&app, &b.guest, &bad).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (422, Some("validation_failed"))
    );
    let fields: Vec<&str> = problem["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, expected, "{problem}");
    let (status, problem) = order(&app, &b.host, &b.package(&day(&app, 1), "day")).await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (422, Some("space_id"))
    );
    let (status, problem) = order(&app, &b.guest, &b.hours(&day(&app, 1), 10, 11)).await;
    assert_eq!(
        (status, problem["errors"][0]["field"].as_str()),
        (422, Some("end_hour"))
    );
    let missing = json!({"space_id": b.space});
    let (status, problem) = order(&app, &b.guest, &missing).await;
    assert_eq!(status, 422, "{problem}");
    // Past the booking horizon (365 days), or at the calendar's end with hours into the
    // next day: refused by field, never a panic.
    for date in [
        day(&app, 366),
        "+262142-12-31".to_owned(),
        "9999-12-31".to_owned(),
    ] {
        let far = json!({"space_id": b.space, "date": date, "start_hour": 22, "end_hour": 46,
            "guests": 2, "booker": booker()});
        let (status, problem) = order(&app, &b.guest, &far).await;
        assert_eq!(
            (status, problem["errors"][0]["field"].as_str()),
            (422, Some("date")),
            "{date}: {problem}"
        );
    }
    let unknown = json!({"space_id": 999_999, "date": day(&app, 1), "option_id": 1, "guests": 2, "booker": booker()});
    assert_eq!(
        order(&app, &b.guest, &unknown).await.1["errors"][0]["field"],
        "space_id"
    );
    let response = app
        .post_json("/api/v1/orders", &b.package(&day(&app, 1), "day"))
        .await;
    assert_eq!(response.status().as_u16(), 401);
    let response = app
        .send(Method::POST, "/api/v1/orders/abc/pay", &b.guest, None)
        .await;
    assert_eq!(response.status().as_u16(), 400);
    assert_eq!(app.count("orders").await, 0);
    assert_eq!(app.count("order_slots").await, 0);
}

async fn a_hundred_concurrent_requests_for_one_slot_sell_it_once(backend: Backend) {
    let (app, b) = booking(backend, "instant").await;
    let body = b.package(&day(&app, 10), "all");
    let requests = (0..100).map(|_| order(&app, &b.guest, &body));
    let results = futures_util::future::join_all(requests).await;
    let created = results.iter().filter(|(s, _)| *s == 201).count();
    let taken = results
        .iter()
        .filter(|(s, p)| *s == 409 && p["code"] == "slot_taken")
        .count();
    assert_eq!(
        (created, taken),
        (1, 99),
        "{:?}",
        results.iter().map(|r| r.0).collect::<Vec<_>>()
    );
    assert_eq!(app.count("orders").await, 1);
    let winner = results.iter().find(|(s, _)| *s == 201).unwrap().1["id"]
        .as_i64()
        .unwrap();
    assert_eq!(
        app.scalar_i64(&format!(
            "SELECT COUNT(*) AS n FROM order_slots WHERE order_id = {winner}"
        ))
        .await,
        15
    );
    assert_eq!(app.count("order_slots").await, 15);
}

async fn a_racing_pay_and_cancel_cannot_both_win(backend: Backend) {
    let (app, b) = booking(backend, "instant").await;
    // Points for all five, so every order is payable when placed.
    let (guest, guest_id) = app.new_user_with_points(7_000, 150_000).await;
    let mut paid = 0;
    for n in 0..5 {
        let (_, placed) = order(&app, &guest, &b.package(&day(&app, 3 + n), "day")).await;
        let id = placed["id"].clone();
        let (pay, cancel) = tokio::join!(
            act(&app, &guest, &id, "pay"),
            act(&app, &guest, &id, "cancel")
        );
        let current = app
            .get_as(&format!("/api/v1/orders/{id}"), &guest)
            .await
            .json::<Value>()
            .await
            .unwrap();
        let outcome = ([pay.0, cancel.0], current["status"].as_str().unwrap());
        let charged = match outcome {
            // Both read `pending`: one conditional update won, the other was refused.
            ([200, 409], "confirmed") => 30_000,
            ([409, 200], "cancelled") => 0,
            // The cancel read the order after the payment committed: a refunded cancel.
            ([200, 200], "cancelled") => {
                assert_eq!(current["refunded_amount"], 30000);
                0
            }
            other => panic!("impossible outcome {other:?}"),
        };
        paid += charged;
        assert_eq!(points(&app, guest_id).await, 150_000 - paid);
    }
}

on_both_backends! {
    an_instant_order_is_paid_then_cancelled_with_a_full_refund => |backend: Backend| super::an_instant_order_is_paid_then_cancelled_with_a_full_refund(backend);
    refunds_follow_the_policy_and_the_ledger_says_why => |backend: Backend| super::refunds_follow_the_policy_and_the_ledger_says_why(backend);
    a_guest_cancelling_an_unpaid_order_moves_no_points_and_frees_its_hours => |backend: Backend| super::a_guest_cancelling_an_unpaid_order_moves_no_points_and_frees_its_hours(backend);
    an_approval_order_waits_for_the_host_and_each_party_keeps_to_its_role => |backend: Backend| super::an_approval_order_waits_for_the_host_and_each_party_keeps_to_its_role(backend);
    day_and_night_both_sell_and_all_is_then_refused_without_a_trace => |backend: Backend| super::day_and_night_both_sell_and_all_is_then_refused_without_a_trace(backend);
    a_night_package_crossing_midnight_blocks_the_next_morning => |backend: Backend| super::a_night_package_crossing_midnight_blocks_the_next_morning(backend);
    invalid_orders_are_refused_with_every_field_and_write_nothing => |backend: Backend| super::invalid_orders_are_refused_with_every_field_and_write_nothing(backend);
    a_hundred_concurrent_requests_for_one_slot_sell_it_once => |backend: Backend| super::a_hundred_concurrent_requests_for_one_slot_sell_it_once(backend);
    a_racing_pay_and_cancel_cannot_both_win => |backend: Backend| super::a_racing_pay_and_cancel_cannot_both_win(backend);
}

/// `(amount, reason)` of the point movements of order `id`, in order.
async fn ledger(app: &TestApp, id: &Value) -> Vec<(i64, String)> {
    use sea_orm::ConnectionTrait;
    let db = &app.database.db;
    db.query_all_raw(sea_orm::Statement::from_string(
        db.get_database_backend(),
        format!("SELECT amount, reason FROM point_transactions WHERE order_id = {id} ORDER BY id"),
    ))
    .await
    .unwrap()
    .iter()
    .map(|r| {
        (
            r.try_get("", "amount").unwrap(),
            r.try_get("", "reason").unwrap(),
        )
    })
    .collect()
}

async fn refunds_follow_the_policy_and_the_ledger_says_why(backend: Backend) {
    let (app, mut b) = booking(backend, "instant").await;
    let (d5, d6, d7) = (day(&app, 5), day(&app, 6), day(&app, 7));
    let (day_before_d5, early_on_d6, after_d7) = (
        local_time(&app, 4, 12),
        local_time(&app, 6, 7),
        local_time(&app, 8, 12),
    );
    async fn paid(app: &TestApp, b: &Booking, date: String) -> Value {
        let (status, placed) = order(app, &b.guest, &b.package(&date, "day")).await;
        assert_eq!(status, 201, "{placed}");
        assert_eq!(act(app, &b.guest, &placed["id"], "pay").await.0, 200);
        placed["id"].clone()
    }
    let start = points(&app, b.guest_id).await;
    let payment = (-30_000, "order_payment".to_owned());

    // The day before: half back.
    let a = paid(&app, &b, d5).await;
    app.clock.set(day_before_d5);
    b.sign_in_again(&app);
    let (status, cancelled) = act(&app, &b.guest, &a, "cancel").await;
    assert_eq!(
        (status, cancelled["refunded_amount"].as_i64()),
        (200, Some(15_000)),
        "{cancelled}"
    );
    assert_eq!(points(&app, b.guest_id).await, start - 15_000);
    assert_eq!(
        ledger(&app, &a).await,
        [payment.clone(), (15_000, "order_refund".to_owned())]
    );

    // On the day, before it starts: nothing back, and no refund movement.
    let c = paid(&app, &b, d6).await;
    app.clock.set(early_on_d6);
    b.sign_in_again(&app);
    let (status, cancelled) = act(&app, &b.guest, &c, "cancel").await;
    assert_eq!(status, 200, "{cancelled}");
    assert_eq!(cancelled["refunded_amount"], 0, "{cancelled}");
    assert_eq!(points(&app, b.guest_id).await, start - 45_000);
    assert_eq!(ledger(&app, &c).await, std::slice::from_ref(&payment));

    // After the booked time has ended it can no longer be cancelled; nothing moves.
    let e = paid(&app, &b, d7).await;
    app.clock.set(after_d7);
    b.sign_in_again(&app);
    let (status, answer) = act(&app, &b.guest, &e, "cancel").await;
    assert_eq!(
        (status, answer["code"].as_str()),
        (409, Some("invalid_transition")),
        "{answer}"
    );
    let kept: Value = app
        .get_as(&format!("/api/v1/orders/{e}"), &b.guest)
        .await
        .json()
        .await
        .unwrap();
    assert_eq!(
        (kept["status"].as_str(), kept["is_expired"].as_bool()),
        (Some("confirmed"), Some(true))
    );
    assert_eq!(points(&app, b.guest_id).await, start - 75_000);
    assert_eq!(ledger(&app, &e).await, [payment]);
}

async fn a_guest_cancelling_an_unpaid_order_moves_no_points_and_frees_its_hours(backend: Backend) {
    let (app, b) = booking(backend, "instant").await;
    let date = day(&app, 5);
    let start = points(&app, b.guest_id).await;
    let (status, placed) = order(&app, &b.guest, &b.package(&date, "day")).await;
    assert_eq!(status, 201, "{placed}");
    let (status, cancelled) = act(&app, &b.guest, &placed["id"], "cancel").await;
    assert_eq!(
        (status, cancelled["status"].as_str()),
        (200, Some("cancelled")),
        "{cancelled}"
    );
    assert_eq!(points(&app, b.guest_id).await, start);
    assert!(
        ledger(&app, &placed["id"]).await.is_empty(),
        "no point movement"
    );
    assert_eq!(
        app.count(&format!("order_slots WHERE order_id = {}", placed["id"]))
            .await,
        0
    );
    assert_eq!(
        order(&app, &b.guest, &b.package(&date, "day")).await.0,
        201,
        "the hours are free"
    );
}
