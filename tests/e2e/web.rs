//! The web pages (issue #18) over HTTP on the real server: a guest walks from search to a
//! paid and cancelled booking with the session cookie and CSRF tokens a browser would
//! carry; forms from elsewhere are refused; hostile text is inert; the development sign-in
//! exists only in development.

use ourspace_e2e::pages::Visitor as Browser;
use ourspace_e2e::{Backend, db_queries, on_both_backends, spawn_app, spawn_app_with};
use reqwest::header::{COOKIE, LOCATION, ORIGIN, SET_COOKIE};

fn date_in(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

on_both_backends! {
    a_guest_searches_books_pays_and_cancels_through_the_pages => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let mut browser = Browser::new(&app);
        let date = date_in(10);
        let (status, home) = browser.get("/").await;
        assert_eq!(status, 200);
        assert!(home.contains("요즘 인기 있는 공간") && home.contains("파티룸"));
        let (status, list) = browser.get(&format!("/spaces?date={date}&guests=4&sort=price_asc")).await;
        assert_eq!(status, 200);
        assert!(list.contains("검색 결과") && list.contains("href=\"/spaces/"));
        let (status, space) = browser.get(&format!("/spaces/1?date={date}")).await;
        assert_eq!(status, 200);
        assert!(space.contains("예약하기"));
        // Booking needs a user: the form sends the visitor to sign in and back.
        let form = format!("/spaces/1/book?date={date}&option_id=1");
        ourspace_e2e::logs::capture();
        let anonymous = app.client.get(format!("{}{form}", app.address)).send().await.unwrap();
        assert_eq!(anonymous.status().as_u16(), 303);
        assert!(anonymous.headers()[LOCATION].to_str().unwrap().starts_with("/sign-in?next=%2Fspaces%2F1%2Fbook"));
        // Sent to sign in: an answer, not an error in the logs.
        assert!(ourspace_e2e::logs::lines_with("SignInRequired").is_empty());
        browser.sign_in_as("guest").await;
        let token = browser.csrf(&form).await;
        // A refused form names its fields in Korean and keeps what was typed.
        let (status, refused) = browser
            .post("/spaces/1/book", &[("csrf", &token), ("date", &date), ("option_id", "1"), ("guests", "4"), ("name", "홍길동"), ("phone", "12"), ("email", "a@b.kr")])
            .await;
        assert_eq!(status, 400);
        assert!(refused.contains("휴대전화 번호를 입력해 주세요. (예: 010-1234-5678)") && refused.contains("value=\"홍길동\""));
        let (status, to) = browser
            .post("/spaces/1/book", &[("csrf", &token), ("date", &date), ("option_id", "1"), ("guests", "4"), ("name", "홍길동"), ("phone", "010-1234-5678"), ("email", "a@b.kr")])
            .await;
        assert_eq!(status, 303, "{to}");
        assert!(to.starts_with("/me/bookings/"));
        let (_, booking) = browser.get(&to).await;
        assert!(booking.contains("결제 대기") && booking.contains("환불 규정"));
        // The same form sent again (a double click, a reload): the one booking, not a second.
        let (status, again) = browser
            .post("/spaces/1/book", &[("csrf", &token), ("date", &date), ("option_id", "1"), ("guests", "4"), ("name", "홍길동"), ("phone", "010-1234-5678"), ("email", "a@b.kr")])
            .await;
        assert_eq!((status, again.as_str()), (303, to.as_str()));
        assert_eq!(app.count("orders").await, 1);
        // Hours someone else holds: taken, and said so.
        let other_day = date_in(11);
        let (_, other) = app.new_user(9_001).await;
        app.book(1, other, &other_day, (9, 24), "confirmed", None).await;
        let (status, taken) = browser
            .post("/spaces/1/book", &[("csrf", &token), ("date", &other_day), ("option_id", "1"), ("guests", "4"), ("name", "홍길동"), ("phone", "010-1234-5678"), ("email", "a@b.kr")])
            .await;
        assert_eq!(status, 409);
        assert!(taken.contains("이미 예약된 시간"));
        let (status, _) = browser.post(&format!("{to}/pay"), &[("csrf", &token)]).await;
        assert_eq!(status, 303);
        let (_, paid) = browser.get(&to).await;
        assert!(paid.contains("예약 확정") && paid.contains("지금 취소하면 "));
        let (_, mine) = browser.get("/me/bookings").await;
        assert!(mine.contains("예약 확정"));
        let (status, _) = browser.post(&format!("{to}/cancel"), &[("csrf", &token)]).await;
        assert_eq!(status, 303);
        let (_, cancelled) = browser.get(&to).await;
        assert!(cancelled.contains("취소됨"));
        let orders = app.scalar_i64("SELECT COUNT(*) AS n FROM orders WHERE status = 'cancelled'").await;
        assert_eq!(orders, 1);
    };

    a_form_without_this_sessions_token_or_from_another_site_changes_nothing => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let mut browser = Browser::new(&app);
        browser.sign_in_as("guest").await;
        let token = browser.csrf("/spaces/1").await;
        let before = app.count("likes").await;
        for form in [vec![("do", "like")], vec![("csrf", "00"), ("do", "like")]] {
            let (status, _) = browser.post("/spaces/1/like", &form).await;
            assert_eq!(status, 403);
        }
        // Another browser's token does not fit this session.
        let mut other = Browser::new(&app);
        let theirs = other.csrf("/sign-in").await;
        assert_eq!(browser.post("/spaces/1/like", &[("csrf", &theirs)]).await.0, 403);
        // This session's token, sent by another site's page.
        let cross = app
            .client
            .post(format!("{}/spaces/1/like", app.address))
            .header(ORIGIN, "https://evil.example")
            .header(COOKIE, browser.cookie.clone().unwrap())
            .form(&[("csrf", token.as_str())])
            .send()
            .await
            .unwrap();
        assert_eq!(cross.status().as_u16(), 403);
        assert_eq!(app.count("likes").await, before);
        assert_eq!(browser.post("/spaces/1/like", &[("csrf", &token)]).await.0, 303);
        assert_eq!(app.count("likes").await, before + 1);
    };
}

#[tokio::test]
async fn the_session_cookie_is_http_only_and_lax_and_sign_out_ends_it() {
    let app = spawn_app(Backend::Sqlite).await;
    let first = app.get("/").await;
    let cookie = first.headers()[SET_COOKIE].to_str().unwrap().to_owned();
    assert!(
        cookie.contains("; HttpOnly")
            && cookie.contains("; SameSite=Lax")
            && cookie.contains("Path=/"),
        "{cookie}"
    );
    let mut browser = Browser::new(&app);
    browser.sign_in_as("host").await;
    let (_, home) = browser.get("/").await;
    assert!(home.contains("로그아웃"));
    let token = browser.csrf("/").await;
    assert_eq!(
        browser.post("/sign-out", &[("csrf", &token)]).await,
        (303, "/".to_owned())
    );
    let (_, home) = browser.get("/").await;
    assert!(!home.contains("로그아웃") && home.contains("href=\"/sign-in\""));
}

#[tokio::test]
async fn the_development_sign_in_does_not_exist_in_production() {
    let app = spawn_app_with(Backend::Sqlite, &[("OURSPACE_ENV", "production")]).await;
    let mut browser = Browser::new(&app);
    let (status, page) = browser.get("/sign-in").await;
    assert_eq!(status, 200);
    assert!(!page.contains("/sign-in/dev") && !page.contains("개발용 로그인"));
    let token = browser.csrf("/spaces/1").await;
    let (status, _) = browser
        .post("/sign-in/dev", &[("csrf", &token), ("who", "host")])
        .await;
    assert_eq!(status, 404);
}

#[tokio::test]
async fn hostile_text_is_shown_as_text_and_bad_input_is_a_korean_400_not_a_500() {
    let app = spawn_app(Backend::Sqlite).await;
    app.sql("UPDATE spaces SET title = '<script>alert(1)</script>', description = '\"><img src=x onerror=alert(1)>' WHERE id = 1").await;
    let mut browser = Browser::new(&app);
    let (_, space) = browser.get("/spaces/1").await;
    assert!(
        !space.contains("<script>alert(1)")
            && space.contains("&#60;script&#62;alert(1)&#60;/script&#62;")
    );
    assert!(!space.contains("<img src=x"));
    let (status, list) = browser
        .get("/spaces?q=%3Cscript%3Ealert(1)%3C%2Fscript%3E")
        .await;
    assert_eq!(status, 200);
    assert!(!list.contains("<script>alert(1)"));
    for (path, want) in [
        ("/spaces?guests=many", 400),
        ("/spaces?sort=distance", 400),
        ("/spaces?date=2001-01-01", 400),
        ("/spaces?page=0", 400),
        ("/spaces/0", 404),
        ("/spaces/abc", 404),
        ("/spaces/999999", 404),
        ("/spaces/1?date=yesterday", 200),
        ("/me/bookings", 303),
        ("/me/bookings/1", 303),
        ("/static/../Cargo.toml", 404),
    ] {
        let (status, body) = browser.get(path).await;
        assert_eq!(status, want, "{path}");
        if status == 400 {
            assert!(body.contains("role=\"alert\""), "{path}");
        }
    }
}

#[tokio::test]
async fn the_search_page_with_a_date_costs_no_more_statements_than_its_api_twin() {
    let app = spawn_app(Backend::Sqlite).await;
    let date = date_in(5);
    // The first visit reads the catalog for the form; it is kept from then on.
    let _ = app.get("/spaces").await;
    for path in [
        format!("/spaces?date={date}"),
        format!("/spaces?date={date}&category=1&sort=price_asc&page=2"),
    ] {
        let page = app.get(&path).await;
        assert_eq!(page.status().as_u16(), 200);
        let api = app.get(&format!("/api/v1{path}")).await;
        assert!(
            db_queries(&page) <= db_queries(&api),
            "{path}: {} > {}",
            db_queries(&page),
            db_queries(&api)
        );
    }
}

#[tokio::test]
async fn a_space_page_and_the_home_page_cost_no_more_statements_than_their_api_twins() {
    let app = spawn_app(Backend::Sqlite).await;
    let date = date_in(5);
    let _ = app.get("/").await;
    // A space's page shows what three API calls answer: the space, its day and its reviews
    // (similar spaces have their own page, as the API has its own call).
    let page = app.get(&format!("/spaces/3?date={date}")).await;
    assert_eq!(page.status().as_u16(), 200);
    let mut twins = 0;
    for path in [
        "/api/v1/spaces/3".to_owned(),
        format!("/api/v1/spaces/3/availability?date={date}"),
        "/api/v1/spaces/3/reviews".to_owned(),
    ] {
        let api = app.get(&path).await;
        assert_eq!(api.status().as_u16(), 200, "{path}");
        twins += db_queries(&api);
    }
    assert!(
        db_queries(&page) <= twins,
        "{} > {twins}",
        db_queries(&page)
    );
    // The home page: the popular list (the catalog is kept).
    let home = app.get("/").await;
    let popular = app.get("/api/v1/spaces?sort=popular&per_page=8").await;
    assert!(
        db_queries(&home) <= db_queries(&popular),
        "{} > {}",
        db_queries(&home),
        db_queries(&popular)
    );
}

#[tokio::test]
async fn the_search_form_keeps_every_filter_and_unfolds_the_detailed_ones_in_use() {
    let app = spawn_app(Backend::Sqlite).await;
    let mut browser = Browser::new(&app);
    let (_, plain) = browser.get("/spaces").await;
    assert!(plain.contains("<details class=\"more\">"));
    let (status, page) = browser
        .get("/spaces?q=%EB%A3%A8%ED%94%84%ED%83%91&category=1&district=2&guests=4&min_price=10000&facilities=1&facilities=2&lat=37.5&lng=127.0&radius_km=30&sort=distance")
        .await;
    assert_eq!(status, 200);
    assert!(page.contains("<details class=\"more\" open>"));
    for kept in [
        "value=\"루프탑\"",
        "value=\"4\"",
        "value=\"10000\"",
        "value=\"37.5\"",
        "value=\"30\"",
        "<option value=\"distance\" selected>",
    ] {
        assert!(page.contains(kept), "{kept}");
    }
    assert_eq!(
        page.matches("name=\"facilities\" value=\"1\" checked")
            .count(),
        1
    );
    assert_eq!(
        page.matches("name=\"facilities\" value=\"2\" checked")
            .count(),
        1
    );
    assert!(page.contains("name=\"category\" value=\"1\" checked"));
    // Several categories and districts, as the API takes them.
    let (status, several) = browser
        .get("/spaces?category=1&category=2&district=3,4")
        .await;
    assert_eq!(status, 200);
    for kept in [
        "name=\"category\" value=\"1\" checked",
        "name=\"category\" value=\"2\" checked",
        "<option value=\"3\" selected>",
        "<option value=\"4\" selected>",
    ] {
        assert!(several.contains(kept), "{kept}");
    }
}

#[tokio::test]
async fn my_bookings_come_page_by_page() {
    let app = spawn_app(Backend::Sqlite).await;
    let mut browser = Browser::new(&app);
    browser.sign_in_as("guest").await;
    let guest = app
        .scalar_i64("SELECT id AS n FROM users WHERE kakao_id = -2")
        .await;
    for day in 0..25 {
        app.book(1, guest, &date_in(20 + day), (9, 12), "confirmed", None)
            .await;
    }
    let (_, first) = browser.get("/me/bookings").await;
    assert_eq!(first.matches("<li>").count(), 20);
    assert!(first.contains("href=\"/me/bookings?page=2\"") && !first.contains("rel=\"prev\""));
    let (_, second) = browser.get("/me/bookings?page=2").await;
    assert_eq!(second.matches("<li>").count(), 5);
    assert!(second.contains("rel=\"prev\"") && !second.contains("rel=\"next\""));
    // A booking whose time has ended is listed under past ones, marked so.
    app.book(1, guest, &date_in(-3), (9, 12), "confirmed", None)
        .await;
    let (_, past) = browser.get("/me/bookings?when=past").await;
    assert_eq!(past.matches("<li>").count(), 1);
    assert!(past.contains("지난 예약</span>"));
    assert!(!second.contains("지난 예약</span>"));
}
