//! Every state-changing form of the web pages (issue #18) refuses a post without this
//! session's token or from another site, and changes nothing; signing in with Kakao goes
//! through the API's code flow and back to the pages; the cookie is `Secure` behind TLS.

use ourspace_e2e::pages::Visitor;
use ourspace_e2e::{Backend, MultipartBody, TestApp, png, spawn_app, spawn_app_with_kakao};
use reqwest::header::{CONTENT_TYPE, COOKIE, LOCATION, ORIGIN, SET_COOKIE};

/// Every form's address, and whether it is multipart.
const FORMS: [(&str, bool); 13] = [
    ("/spaces/1/like", false),
    ("/spaces/1/book", false),
    ("/me/bookings/1/pay", false),
    ("/me/bookings/1/cancel", false),
    ("/host/spaces/new", true),
    ("/host/spaces/1/edit", false),
    ("/host/spaces/1/photos", true),
    ("/host/spaces/1/photos/1/delete", false),
    ("/host/requests/1/approve", false),
    ("/host/requests/1/reject", false),
    ("/sign-in/dev", false),
    ("/sign-in/token", false),
    ("/sign-out", false),
];

/// What any of the forms could change.
async fn footprint(app: &TestApp) -> Vec<i64> {
    let mut counts = Vec::new();
    for table in [
        "likes",
        "orders",
        "spaces",
        "space_images",
        "point_transactions",
    ] {
        counts.push(app.count(table).await);
    }
    counts.push(
        app.scalar_i64("SELECT COUNT(*) AS n FROM orders WHERE status <> 'pending'")
            .await,
    );
    counts
}

/// Posts `path` as the host's browser, with `token` as the form's CSRF token (none when
/// `None`) and `origin` as where the browser says the post comes from.
async fn post(
    app: &TestApp,
    cookie: &str,
    path: &str,
    multipart: bool,
    token: Option<&str>,
    origin: &str,
) -> u16 {
    let mut fields = vec![
        ("title", "바뀐 이름"),
        ("do", "like"),
        ("who", "guest"),
        ("date", "2099-01-01"),
    ];
    fields.extend(token.map(|t| ("csrf", t)));
    let request = app
        .client
        .post(format!("{}{path}", app.address))
        .header(COOKIE, cookie)
        .header(ORIGIN, origin);
    let request = if multipart {
        let mut body = MultipartBody::new();
        for (name, value) in &fields {
            body = body.part(name, None, "text/plain", value.as_bytes());
        }
        let (content_type, bytes) = body.image("a.png", "image/png", &png(3)).finish();
        request.header(CONTENT_TYPE, content_type).body(bytes)
    } else {
        request.form(&fields)
    };
    request.send().await.unwrap().status().as_u16()
}

#[tokio::test]
async fn no_form_changes_anything_without_this_sessions_token_or_from_another_site() {
    let app = spawn_app(Backend::Sqlite).await;
    let mut host = Visitor::new(&app);
    host.sign_in_as("host").await;
    let token = host.csrf("/host/spaces/new").await;
    let cookie = host.cookie.clone().unwrap();
    let before = footprint(&app).await;
    let mut other = Visitor::new(&app);
    let theirs = other.csrf("/spaces/1").await;
    for (path, multipart) in FORMS {
        for (token, origin) in [
            (None, app.address.as_str()),
            (Some("00ff"), app.address.as_str()),
            (Some(theirs.as_str()), app.address.as_str()),
            (Some(token.as_str()), "https://evil.example"),
            (Some(token.as_str()), "null"),
        ] {
            let status = post(&app, &cookie, path, multipart, token, origin).await;
            assert_eq!(status, 403, "{path} {token:?} from {origin}");
        }
    }
    assert_eq!(footprint(&app).await, before);
    // The session is still signed in: nothing signed it out either.
    assert!(host.get("/").await.1.contains("로그아웃"));
}

#[tokio::test]
async fn the_session_cookie_is_secure_when_the_page_is_served_over_https() {
    let app = spawn_app(Backend::Sqlite).await;
    let behind_tls = app
        .client
        .get(format!("{}/", app.address))
        .header("x-forwarded-proto", "https")
        .send()
        .await
        .unwrap();
    let cookie = behind_tls.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .to_owned();
    assert!(
        cookie.ends_with("; Secure") && cookie.contains("; HttpOnly"),
        "{cookie}"
    );
    let plain = app.get("/").await;
    assert!(
        !plain.headers()[SET_COOKIE]
            .to_str()
            .unwrap()
            .contains("Secure")
    );
}

#[tokio::test]
async fn signing_in_with_kakao_goes_through_the_code_flow_and_back_to_the_pages() {
    let (app, kakao) = spawn_app_with_kakao(Backend::Sqlite).await;
    let mut browser = Visitor::new(&app);
    let (_, page) = browser.get("/sign-in").await;
    let start = page
        .find("href=\"/api/v1/auth/kakao/authorize?")
        .expect("a Kakao button")
        + 6;
    let link = &page[start..start + page[start..].find('"').unwrap()];
    assert_eq!(
        link,
        "/api/v1/auth/kakao/authorize?redirect_to=http%3A%2F%2F127.0.0.1%2Fsign-in%2Fdone"
    );
    // The API's code flow: to Kakao, and back with the token in the fragment.
    let started = app
        .client
        .get(format!("{}{link}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(started.status().as_u16(), 302);
    let flow_cookie = started.headers()[SET_COOKIE]
        .to_str()
        .unwrap()
        .split(';')
        .next()
        .unwrap()
        .to_owned();
    let to_kakao = reqwest::Url::parse(started.headers()[LOCATION].to_str().unwrap()).unwrap();
    let q: std::collections::HashMap<_, _> = to_kakao.query_pairs().into_owned().collect();
    kakao
        .accepts_code("web-code", &q["code_challenge"], "web-access")
        .await;
    kakao.knows("web-access", 5151, Some("어피치"), None).await;
    let back = app
        .client
        .get(format!(
            "{}/api/v1/auth/kakao/callback?code=web-code&state={}",
            app.address, q["state"]
        ))
        .header(COOKIE, flow_cookie)
        .send()
        .await
        .unwrap();
    assert_eq!(back.status().as_u16(), 302);
    let location = back.headers()[LOCATION].to_str().unwrap().to_owned();
    let (target, fragment) = location.split_once('#').unwrap();
    assert_eq!(target, "http://127.0.0.1/sign-in/done");
    let fragment: std::collections::HashMap<String, String> =
        serde_urlencoded::from_str(fragment).unwrap();
    // The page's script hands the token to the server; a forged one signs no one in.
    let csrf = browser.csrf("/sign-in/done").await;
    let forged = [
        ("csrf", csrf.as_str()),
        ("access_token", "not.a.token"),
        ("expires_in", "3600"),
    ];
    assert_eq!(browser.post("/sign-in/token", &forged).await.0, 400);
    let form = [
        ("csrf", csrf.as_str()),
        ("access_token", fragment["access_token"].as_str()),
        ("expires_in", fragment["expires_in"].as_str()),
    ];
    assert_eq!(
        browser.post("/sign-in/token", &form).await,
        (303, "/".to_owned())
    );
    let (_, home) = browser.get("/").await;
    assert!(
        home.contains("어피치") && home.contains("로그아웃"),
        "{home}"
    );
}
