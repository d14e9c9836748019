//! The web pages in a real browser (issue #18): headless Chromium, driven through
//! ChromeDriver, walks as a guest — search with a date, open a space, book, pay, see it in
//! my bookings, cancel — and as a host — register a space with a photo, approve a request —
//! on SQLite, clicking and typing as a person would. The main pages' screenshots are saved
//! to `docs/screenshots/` (the README shows them).

use ourspace_e2e::webdriver::Browser;
use ourspace_e2e::{Backend, TestApp, png, spawn_app};
use std::path::{Path, PathBuf};

fn shots() -> PathBuf {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("../docs/screenshots");
    std::fs::create_dir_all(&dir).expect("the screenshots folder");
    dir
}

fn date_in(days: i64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Duration::days(days)).to_string()
}

async fn sign_in(browser: &Browser, app: &TestApp, who: &str) {
    browser.open(&format!("{}/sign-in", app.address)).await;
    browser
        .click(&format!("button[name=who][value={who}]"))
        .await;
    browser.wait_for("로그아웃").await;
    assert_eq!(browser.url().await, format!("{}/", app.address));
}

async fn sign_out(browser: &Browser) {
    browser.click("form[action='/sign-out'] button").await;
    browser.wait_for("href=\"/sign-in\"").await;
}

/// Fills the booking form on the page and sends it; answers the booking's address.
async fn book(browser: &Browser, guests: &str) -> String {
    browser.fill("input[name=guests]", guests).await;
    browser.fill("input[name=name]", "김게스트").await;
    browser.fill("input[name=phone]", "010-1234-5678").await;
    browser.fill("input[name=email]", "guest@example.com").await;
    assert!(browser.source().await.contains("환불 규정"));
    browser.click("form.stack button[type=submit]").await;
    browser.wait_for("예약 상세").await;
    let url = browser.url().await;
    assert!(url.contains("/me/bookings/"), "{url}");
    url
}

async fn guest_walk(app: &TestApp, browser: &Browser, date: &str) {
    let shots = shots();
    sign_in(browser, app, "guest").await;
    browser.screenshot(&shots.join("home.png")).await;
    // Party rooms free that day for four, cheapest first; the demo's first space is one.
    browser
        .open(&format!(
            "{}/spaces?q=파티룸&date={date}&guests=4&sort=price_asc",
            app.address
        ))
        .await;
    assert!(browser.source().await.contains("검색 결과"));
    browser.screenshot(&shots.join("search.png")).await;
    browser.click(".cards .card a[href='/spaces/1']").await;
    browser.wait_for("공간 소개").await;
    assert_eq!(browser.url().await, format!("{}/spaces/1", app.address));
    // The date picker asks the page for its day (typing a date is the browser's own UI).
    browser
        .open(&format!("{}/spaces/1?date={date}#day", app.address))
        .await;
    // The page's script pulls in the similar spaces.
    browser.wait_for("id=\"similar\"").await;
    browser.screenshot(&shots.join("space.png")).await;
    browser.click("table.packages a.button").await;
    browser.wait_for("예약자 이름").await;
    browser.screenshot(&shots.join("booking-form.png")).await;
    let booking = book(browser, "4").await;
    browser.click("form[action$='/pay'] button").await;
    browser.wait_for("예약 확정").await;
    browser.screenshot(&shots.join("booking.png")).await;
    browser.open(&format!("{}/me/bookings", app.address)).await;
    assert!(browser.source().await.contains("예약 확정"));
    browser.screenshot(&shots.join("my-bookings.png")).await;
    browser.open(&booking).await;
    assert!(browser.source().await.contains("지금 취소하면"));
    browser.click("form[action$='/cancel'] button").await;
    browser.wait_for("취소됨").await;
}

async fn host_registers(app: &TestApp, browser: &Browser) {
    let photo = tempfile::Builder::new().suffix(".png").tempfile().unwrap();
    std::fs::write(photo.path(), png(7)).unwrap();
    browser
        .open(&format!("{}/host/spaces/new", app.address))
        .await;
    browser
        .fill("input[name=title]", "브라우저로 등록한 연습실")
        .await;
    browser
        .click("select[name=category_id] option[value='2']")
        .await;
    browser
        .click("select[name=district_id] option[value='3']")
        .await;
    browser
        .fill("input[name=address]", "서울 마포구 월드컵로 1")
        .await;
    browser.fill("input[name=latitude]", "37.556").await;
    browser.fill("input[name=longitude]", "126.91").await;
    browser.fill("input[name=max_guests]", "6").await;
    browser.fill("input[name=option_name_0]", "저녁").await;
    browser.fill("input[name=option_start_0]", "18").await;
    browser.fill("input[name=option_end_0]", "22").await;
    browser.fill("input[name=option_price_0]", "40000").await;
    browser.screenshot(&shots().join("host-new.png")).await;
    browser.attach("input[name=images]", photo.path()).await;
    browser.click("form.stack button[type=submit]").await;
    let page = browser.wait_for("예약 가능 시간").await;
    assert!(
        page.contains("브라우저로 등록한 연습실") && page.contains("저녁"),
        "{page}"
    );
    let stored = app
        .scalar_i64("SELECT COUNT(*) AS n FROM spaces WHERE title = '브라우저로 등록한 연습실'")
        .await;
    assert_eq!(stored, 1);
}

#[tokio::test]
async fn a_guest_and_a_host_walk_the_pages_in_headless_chromium() {
    let app = spawn_app(Backend::Sqlite).await;
    let browser = Browser::start().await;
    let date = date_in(12);
    guest_walk(&app, &browser, &date).await;
    // The guest asks for an approval space; the host approves it.
    let approval = app
        .scalar_i64("SELECT MIN(id) AS n FROM spaces s WHERE booking_mode = 'approval' AND EXISTS (SELECT 1 FROM price_options o WHERE o.space_id = s.id)")
        .await;
    browser
        .open(&format!("{}/spaces/{approval}?date={date}", app.address))
        .await;
    browser.click("table.packages a.button").await;
    browser.wait_for("예약자 이름").await;
    let request = book(&browser, "3").await;
    browser.wait_for("승인 대기").await;
    sign_out(&browser).await;
    sign_in(&browser, &app, "host").await;
    host_registers(&app, &browser).await;
    browser
        .open(&format!("{}/host/requests", app.address))
        .await;
    browser.screenshot(&shots().join("host-requests.png")).await;
    let id = request.rsplit('/').next().unwrap();
    browser
        .click(&format!(
            "form[action='/host/requests/{id}/approve'] button"
        ))
        .await;
    browser.wait_for("승인을 기다리는 요청이 없습니다").await;
    let status = app
        .scalar_i64(&format!(
            "SELECT COUNT(*) AS n FROM orders WHERE id = {id} AND status = 'pending'"
        ))
        .await;
    assert_eq!(status, 1, "the request was approved and waits for payment");
}
