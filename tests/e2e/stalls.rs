//! Request bodies that stall (issue #12, row 5): a client that announces a body and then
//! sends part of it, or nothing, is answered 408 once the body's idle time passes, and a
//! slow but steady body within its deadlines is served as usual.

use ourspace_e2e::{Backend, TestApp, on_both_backends, spawn_app_with};
use std::time::Duration;
use tokio::io::{AsyncReadExt, AsyncWriteExt};
use tokio::net::TcpStream;

/// Sends the head of `POST path` announcing `length` bytes of JSON, then `sent`, and reads
/// the answer (at most 20 s: a hang fails the test instead of stalling it).
async fn post_partly(
    app: &TestApp,
    path: &str,
    token: &str,
    length: usize,
    sent: &[&[u8]],
) -> String {
    let host = app.address.trim_start_matches("http://");
    let mut stream = TcpStream::connect(host).await.unwrap();
    let head = format!(
        "POST {path} HTTP/1.1\r\nHost: {host}\r\nAuthorization: Bearer {token}\r\n\
         Content-Type: application/json\r\nContent-Length: {length}\r\n\r\n"
    );
    stream.write_all(head.as_bytes()).await.unwrap();
    for part in sent {
        // Once the server has answered and closed, the rest cannot be sent.
        if stream.write_all(part).await.is_err() {
            break;
        }
        tokio::time::sleep(Duration::from_millis(300)).await;
    }
    let mut answer = vec![0u8; 4096];
    let read = tokio::time::timeout(Duration::from_secs(20), stream.read(&mut answer))
        .await
        .expect("an answer, not a hang")
        .unwrap();
    String::from_utf8_lossy(&answer[..read]).into_owned()
}

on_both_backends! {
    a_stalled_body_is_answered_408_and_a_slow_steady_one_is_served => |backend: Backend| async move {
        let app = spawn_app_with(backend, &[("OURSPACE_SEED_DEMO", "0"), ("OURSPACE_BODY_IDLE_SECONDS", "1"), ("OURSPACE_BODY_TOTAL_SECONDS", "5")]).await;
        let (token, _) = app.new_user(4_000).await;
        // Ten bytes of a hundred, then silence.
        let started = std::time::Instant::now();
        let answer = post_partly(&app, "/api/v1/orders", &token, 100, &[b"{\"space_id\""]).await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        assert!(answer.contains("application/problem+json") && answer.contains("request_timeout"), "{answer}");
        assert!(started.elapsed() < Duration::from_secs(10));
        // The head alone, no body at all.
        let answer = post_partly(&app, "/api/v1/orders", &token, 50, &[]).await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        // Dribbling a byte just inside the idle time still runs into the whole body's
        // deadline.
        let dribble: Vec<&[u8]> = std::iter::repeat_n(&b" "[..], 25).collect();
        let answer = post_partly(&app, "/api/v1/orders", &token, 100, &dribble).await;
        assert!(answer.starts_with("HTTP/1.1 408"), "{answer}");
        // A body sent in pieces within both deadlines is read and judged as usual.
        let body = br#"{"space_id": 999999}"#;
        let (first, rest) = body.split_at(8);
        let answer = post_partly(&app, "/api/v1/orders", &token, body.len(), &[first, rest]).await;
        assert!(answer.starts_with("HTTP/1.1 422"), "{answer}");
    };
}
