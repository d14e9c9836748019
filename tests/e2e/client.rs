//! A client generated from the document by openapi-python-client walks the booking flow
//! against the real server; every answer parses into its declared type.

use ourspace_domain::shared::Clock;
use ourspace_e2e::{Backend, spawn_app};
use std::time::Duration;

/// The generator: `OURSPACE_CLIENT_GENERATOR`, or where `scripts/ensure-client-generator`
/// installs it (the test command runs that first).
fn generator() -> std::path::PathBuf {
    std::env::var("OURSPACE_CLIENT_GENERATOR").map_or_else(
        |_| {
            let home = std::env::var("HOME").unwrap_or_default();
            format!("{home}/.cache/ourspace/client-venv/bin/openapi-python-client").into()
        },
        Into::into,
    )
}

#[tokio::test]
async fn a_generated_python_client_walks_the_booking_flow() {
    let app = spawn_app(Backend::Sqlite).await;
    let (token, _) = app.new_user_with_points(9101, 1_000_000).await;
    let dir = tempfile::tempdir().unwrap();
    let doc = app.get("/openapi.json").await.bytes().await.unwrap();
    std::fs::write(dir.path().join("openapi.json"), &doc).unwrap();
    let bin = generator().parent().unwrap().to_path_buf();
    let path = format!(
        "{}:{}",
        bin.display(),
        std::env::var("PATH").unwrap_or_default()
    );
    let generated = tokio::process::Command::new(generator())
        .args(["generate", "--path", "openapi.json", "--meta", "none"])
        .args(["--output-path", "ourspace_client"])
        .current_dir(dir.path())
        .env("PATH", &path)
        .output()
        .await
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (scripts/ensure-client-generator): {e}",
                generator().display()
            )
        });
    assert!(
        generated.status.success(),
        "{}{}",
        String::from_utf8_lossy(&generated.stdout),
        String::from_utf8_lossy(&generated.stderr)
    );
    std::fs::write(dir.path().join("walk.py"), include_str!("client_walk.py")).unwrap();
    let day = (app.clock.today() + chrono::Duration::days(40)).to_string();
    let walk = tokio::process::Command::new(bin.join("python"))
        .args(["walk.py", &app.address, &token, &day])
        .current_dir(dir.path())
        .kill_on_drop(true)
        .output();
    let walked = tokio::time::timeout(Duration::from_secs(120), walk)
        .await
        .unwrap()
        .unwrap();
    let out = String::from_utf8_lossy(&walked.stdout);
    assert!(
        walked.status.success(),
        "{out}{}",
        String::from_utf8_lossy(&walked.stderr)
    );
    assert!(out.contains("walked:"), "{out}");
}
