//! The offline documentation page in a real browser: headless Chromium opens `/docs/` on a
//! running server with every outside host unresolvable, and the operations of spaces,
//! orders and sign-in are rendered on the page, under the page's content security policy.

use ourspace_e2e::{Backend, spawn_app};
use std::time::Duration;

/// The browser: `OURSPACE_CHROMIUM`, or `chromium` on the PATH (`scripts/ensure-chromium`
/// installs it; the test command runs that first).
fn chromium() -> String {
    std::env::var("OURSPACE_CHROMIUM").unwrap_or_else(|_| "chromium".to_owned())
}

#[tokio::test]
async fn the_docs_page_renders_the_operations_offline_in_headless_chromium() {
    let app = spawn_app(Backend::Sqlite).await;
    // The page the browser renders below is served under this policy (no inline script).
    let page = app.get("/docs/").await;
    assert_eq!(
        page.headers()["content-security-policy"],
        ourspace_api::limits::DOCS_CSP
    );
    let profile = tempfile::tempdir().unwrap();
    let run = tokio::process::Command::new(chromium())
        .args([
            "--headless",
            "--no-sandbox",
            "--disable-gpu",
            "--disable-background-networking",
            // Any host but this machine fails to resolve: the page must need no internet.
            "--host-resolver-rules=MAP * ~NOTFOUND, EXCLUDE 127.0.0.1",
            "--virtual-time-budget=15000",
            "--dump-dom",
        ])
        .arg(format!("--user-data-dir={}", profile.path().display()))
        .arg(format!("{}/docs/", app.address))
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(120), run)
        .await
        .expect("Chromium finished within two minutes")
        .unwrap_or_else(|e| panic!("cannot run {} (scripts/ensure-chromium): {e}", chromium()));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let dom = String::from_utf8_lossy(&output.stdout);
    for path in [
        "/api/v1/spaces",
        "/api/v1/spaces/{id}",
        "/api/v1/orders",
        "/api/v1/orders/{id}/pay",
        "/api/v1/auth/kakao/token",
    ] {
        assert!(
            dom.contains(&format!("data-path=\"{path}\"")),
            "{path} is not rendered; the page was:\n{}",
            &dom[..dom.len().min(2_000)]
        );
    }
    for tag in ["spaces", "orders", "auth"] {
        assert!(dom.contains(&format!("data-tag=\"{tag}\"")), "tag {tag}");
    }
}
