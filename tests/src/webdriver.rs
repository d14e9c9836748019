//! A small WebDriver client (the W3C protocol is JSON over HTTP) driving headless Chromium
//! through ChromeDriver, for the tests that walk the web pages as a person would.

use serde_json::{Value, json};
use std::time::Duration;

/// The key under which WebDriver names an element.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

/// A running ChromeDriver with one headless Chromium session.
pub struct Browser {
    client: reqwest::Client,
    /// `http://127.0.0.1:PORT/session/ID`
    session: String,
    _driver: tokio::process::Child,
    _profile: tempfile::TempDir,
}

/// An element of the current page.
pub struct Element(String);

fn free_port() -> u16 {
    std::net::TcpListener::bind("127.0.0.1:0")
        .and_then(|l| l.local_addr())
        .map(|a| a.port())
        .expect("a free port")
}

impl Browser {
    /// Starts ChromeDriver (`OURSPACE_CHROMEDRIVER`, or `chromedriver` on the PATH) and a
    /// headless Chromium (`OURSPACE_CHROMIUM`, or `chromium`) as wide as a phone.
    ///
    /// # Panics
    /// When either cannot be started (`scripts/ensure-chromium` installs both).
    pub async fn start() -> Self {
        let driver =
            std::env::var("OURSPACE_CHROMEDRIVER").unwrap_or_else(|_| "chromedriver".into());
        let chromium = std::env::var("OURSPACE_CHROMIUM").unwrap_or_else(|_| "chromium".into());
        let chromium = which(&chromium);
        let port = free_port();
        let child = tokio::process::Command::new(&driver)
            .arg(format!("--port={port}"))
            .kill_on_drop(true)
            .stdout(std::process::Stdio::null())
            .spawn()
            .unwrap_or_else(|e| panic!("cannot run {driver} (scripts/ensure-chromium): {e}"));
        let client = reqwest::Client::new();
        let base = format!("http://127.0.0.1:{port}");
        for _ in 0..100 {
            if client.get(format!("{base}/status")).send().await.is_ok() {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let profile = tempfile::tempdir().expect("a profile folder");
        let options = json!({
            "binary": chromium,
            "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-dev-shm-usage",
                     "--window-size=412,915", "--lang=ko-KR",
                     format!("--user-data-dir={}", profile.path().display())],
        });
        let capabilities = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome", "goog:chromeOptions": options}}});
        let created: Value = client
            .post(format!("{base}/session"))
            .json(&capabilities)
            .send()
            .await
            .expect("ChromeDriver answers")
            .json()
            .await
            .expect("a JSON answer");
        let id = created["value"]["sessionId"]
            .as_str()
            .unwrap_or_else(|| panic!("no session: {created}"));
        Self {
            session: format!("{base}/session/{id}"),
            client,
            _driver: child,
            _profile: profile,
        }
    }

    async fn command(&self, method: reqwest::Method, path: &str, body: Value) -> Value {
        let url = format!("{}{path}", self.session);
        let request = self.client.request(method.clone(), &url);
        let request = if method == reqwest::Method::GET {
            request
        } else {
            request.json(&body)
        };
        let answer: Value = request
            .send()
            .await
            .expect("ChromeDriver answers")
            .json()
            .await
            .expect("JSON");
        assert!(
            answer["value"].get("error").is_none(),
            "{method} {path} {body}: {answer}"
        );
        answer["value"].clone()
    }

    /// Opens `url` and waits for it to load.
    pub async fn open(&self, url: &str) {
        self.command(reqwest::Method::POST, "/url", json!({"url": url}))
            .await;
    }

    /// The current address.
    pub async fn url(&self) -> String {
        self.command(reqwest::Method::GET, "/url", json!({}))
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The page's HTML as the browser holds it now.
    pub async fn source(&self) -> String {
        self.command(reqwest::Method::GET, "/source", json!({}))
            .await
            .as_str()
            .unwrap_or_default()
            .to_owned()
    }

    /// The page's HTML once it contains `text` (a click's navigation may still be under way
    /// when the click returns); panics after ten seconds without it.
    pub async fn wait_for(&self, text: &str) -> String {
        for _ in 0..100 {
            let source = self.source().await;
            if source.contains(text) {
                return source;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        panic!("no `{text}` in {}", self.source().await);
    }

    /// The first element `css` selects (panics when there is none).
    pub async fn find(&self, css: &str) -> Element {
        let found = self
            .command(
                reqwest::Method::POST,
                "/element",
                json!({"using": "css selector", "value": css}),
            )
            .await;
        Element(
            found[ELEMENT]
                .as_str()
                .unwrap_or_else(|| panic!("no {css}"))
                .to_owned(),
        )
    }

    /// Clicks the first element `css` selects.
    pub async fn click(&self, css: &str) {
        let Element(id) = self.find(css).await;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{id}/click"),
            json!({}),
        )
        .await;
    }

    /// Types `text` into the first element `css` selects, after clearing it.
    pub async fn fill(&self, css: &str, text: &str) {
        let Element(id) = self.find(css).await;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{id}/clear"),
            json!({}),
        )
        .await;
        self.command(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            json!({"text": text}),
        )
        .await;
    }

    /// Chooses a file for the file input `css` selects.
    pub async fn attach(&self, css: &str, path: &std::path::Path) {
        let Element(id) = self.find(css).await;
        let text = path.display().to_string();
        self.command(
            reqwest::Method::POST,
            &format!("/element/{id}/value"),
            json!({"text": text}),
        )
        .await;
    }

    /// Saves a PNG of what the browser shows now (the whole page's height) to `path`.
    pub async fn screenshot(&self, path: &std::path::Path) {
        let height = self
            .command(
                reqwest::Method::POST,
                "/execute/sync",
                json!({"script": "return document.documentElement.scrollHeight", "args": []}),
            )
            .await
            .as_u64()
            .unwrap_or(915)
            .min(4000);
        self.command(
            reqwest::Method::POST,
            "/window/rect",
            json!({"width": 412, "height": height + 120}),
        )
        .await;
        // The window now shows the whole page: wait for its lazy photos to arrive.
        let loaded = json!({"script": "return Array.from(document.images).every(i => i.complete)", "args": []});
        for _ in 0..50 {
            let answer = self
                .command(reqwest::Method::POST, "/execute/sync", loaded.clone())
                .await;
            if answer.as_bool() == Some(true) {
                break;
            }
            tokio::time::sleep(Duration::from_millis(100)).await;
        }
        let png = self
            .command(reqwest::Method::GET, "/screenshot", json!({}))
            .await;
        use base64::Engine as _;
        let bytes = base64::engine::general_purpose::STANDARD
            .decode(png.as_str().expect("base64"))
            .expect("a PNG");
        std::fs::write(path, bytes).expect("the screenshot is written");
        self.command(
            reqwest::Method::POST,
            "/window/rect",
            json!({"width": 412, "height": 915}),
        )
        .await;
    }
}

/// The full path of `program` (ChromeDriver wants one).
fn which(program: &str) -> String {
    if program.contains('/') {
        return program.to_owned();
    }
    std::env::var("PATH")
        .unwrap_or_default()
        .split(':')
        .map(|dir| format!("{dir}/{program}"))
        .find(|path| std::path::Path::new(path).exists())
        .unwrap_or_else(|| program.to_owned())
}
