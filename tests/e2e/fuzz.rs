//! Schema fuzzing: schemathesis drives every operation of `/openapi.json` on a running
//! server with demo data, a valid token and a fake Kakao, with a fixed seed and a bounded
//! number of examples: no 5xx, and no answer that contradicts the document.

use ourspace_e2e::{Backend, spawn_app_with_kakao_and};
use std::time::Duration;

/// The schemathesis command: `OURSPACE_SCHEMATHESIS`, or where `scripts/ensure-schemathesis`
/// installs it (the test command runs that first).
fn schemathesis() -> String {
    std::env::var("OURSPACE_SCHEMATHESIS").unwrap_or_else(|_| {
        let home = std::env::var("HOME").unwrap_or_default();
        format!("{home}/.cache/ourspace/schemathesis-venv/bin/st")
    })
}

/// What schemathesis checks: server errors, and answers (status, content type, headers,
/// body) against the document; invalid input must be refused, undeclared methods answered
/// 405, secured operations refused without the token. Not `positive_data_acceptance`:
/// some rules cannot be written in a schema (a date not in the past, a range inside the
/// space's open period), so a schema-valid request may rightly get its documented 4xx.
const CHECKS: &str = "not_a_server_error,status_code_conformance,content_type_conformance,\
response_headers_conformance,response_schema_conformance,negative_data_rejection,\
unsupported_method,ignored_auth,missing_required_header";

#[tokio::test]
async fn schemathesis_finds_no_server_error_and_no_answer_contradicting_the_document() {
    // The shipped settings: the sign-in rate limit too (its 429 is documented).
    let (app, fake) = spawn_app_with_kakao_and(Backend::Sqlite, &[]).await;
    fake.rejects_other_codes().await;
    fake.rejects_every_token().await;
    // The demo host: hosting spaces, the account cannot be deleted from under the run.
    // A token lives an hour at most (a longer one is refused); the run takes under a minute.
    let token = app.forge_token(serde_json::json!({"sub": "1"}));
    let reports = tempfile::tempdir().unwrap();
    let run = tokio::process::Command::new(schemathesis())
        .arg("run")
        .arg(format!("{}/openapi.json", app.address))
        .args(["--header", &format!("Authorization: Bearer {token}")])
        .args(["--checks", CHECKS])
        // Signing out everywhere would end the run's token for every later operation; it
        // is tested in tests/e2e/sign_out.rs.
        .args(["--exclude-operation-id", "signOutEverywhere"])
        .args([
            "--seed",
            "20261126",
            "--max-examples",
            "25",
            "--workers",
            "2",
        ])
        .args([
            "--max-redirects",
            "0",
            "--no-color",
            "--generation-database",
            "none",
        ])
        .args(["--report", "junit", "--report-dir"])
        .arg(reports.path())
        // Its caches go to the temporary directory too, not into the repository.
        .current_dir(reports.path())
        .kill_on_drop(true)
        .output();
    let output = tokio::time::timeout(Duration::from_secs(900), run)
        .await
        .expect("the fuzz run finished within 15 minutes")
        .unwrap_or_else(|e| {
            panic!(
                "cannot run {} (scripts/ensure-schemathesis): {e}",
                schemathesis()
            )
        });
    let stdout = String::from_utf8_lossy(&output.stdout);
    let summary: Vec<&str> = stdout
        .lines()
        .filter(|l| l.contains("generated") || l.contains("Tested:") || l.contains("Selected:"))
        .collect();
    println!("schemathesis: {}", summary.join(" | "));
    assert!(
        output.status.success(),
        "schemathesis failed:\n{stdout}\n{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let doc = app.get_json("/openapi.json", 200).await;
    let operations: usize = doc["paths"]
        .as_object()
        .unwrap()
        .values()
        .map(|item| item.as_object().unwrap().len())
        .sum();
    // Every operation but signing out everywhere.
    let tested = operations - 1;
    assert!(
        stdout.contains(&format!("Tested: {tested}\n")),
        "every one of the {tested} operations is tested:\n{stdout}"
    );
    // Signed-in operations were reached with the token, not only refused.
    assert!(
        !stdout.contains("Authentication failed"),
        "the run's token was refused:\n{stdout}"
    );
}
