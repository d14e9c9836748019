//! The `ourspace` binary as an operator runs it: JSON request logs in production that carry
//! the request and the user but never the token, and a SIGTERM that lets the request in
//! flight finish before the process exits cleanly.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpStream;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

const SECRET: &str = "binary-test-secret-binary-test-secret-0123";

struct Server {
    child: Child,
    port: u16,
    lines: mpsc::Receiver<String>,
    seen: Vec<String>,
    _dir: tempfile::TempDir,
    env: Vec<(String, String)>,
}

impl Server {
    /// Starts `ourspace serve` in production mode on a fresh SQLite file with demo data.
    fn start() -> Self {
        let dir = tempfile::tempdir().unwrap();
        let env: Vec<(String, String)> = [
            ("OURSPACE_ENV", "production"),
            ("OURSPACE_JWT_SECRET", SECRET),
            ("OURSPACE_BIND", "127.0.0.1:0"),
            ("OURSPACE_METRICS_BIND", "127.0.0.1:0"),
            ("OURSPACE_SEED_DEMO", "true"),
            ("RUST_LOG", "info"),
        ]
        .into_iter()
        .map(|(k, v)| (k.to_owned(), v.to_owned()))
        .chain([
            (
                "DATABASE_URL".to_owned(),
                format!("sqlite://{}/o.db?mode=rwc", dir.path().display()),
            ),
            (
                "OURSPACE_MEDIA_DIR".to_owned(),
                dir.path().join("media").display().to_string(),
            ),
        ])
        .collect();
        let mut child = Command::new(env!("CARGO_BIN_EXE_ourspace"))
            .arg("serve")
            .envs(env.iter().cloned())
            .current_dir(dir.path())
            .stdout(Stdio::piped())
            .stderr(Stdio::piped())
            .spawn()
            .unwrap();
        let (tx, lines) = mpsc::channel();
        for stream in [
            Box::new(child.stdout.take().unwrap()) as Box<dyn Read + Send>,
            Box::new(child.stderr.take().unwrap()),
        ] {
            let tx = tx.clone();
            std::thread::spawn(move || {
                for line in BufReader::new(stream).lines().map_while(Result::ok) {
                    let _ = tx.send(line);
                }
            });
        }
        let mut server = Self {
            child,
            port: 0,
            lines,
            seen: Vec::new(),
            _dir: dir,
            env,
        };
        let serving = server.wait_for("ourspace is serving");
        let json: serde_json::Value = serde_json::from_str(&serving).expect("a JSON log line");
        server.port = u16::try_from(json["port"].as_u64().expect("the port")).unwrap();
        server
    }

    /// The next output line containing `needle` (within 60 s), keeping every line seen.
    fn wait_for(&mut self, needle: &str) -> String {
        let deadline = Instant::now() + Duration::from_secs(60);
        while let Some(left) = deadline.checked_duration_since(Instant::now()) {
            match self.lines.recv_timeout(left) {
                Ok(line) => {
                    self.seen.push(line.clone());
                    if line.contains(needle) {
                        return line;
                    }
                }
                Err(_) => break,
            }
        }
        panic!(
            "no line with {needle:?}; output was:\n{}",
            self.seen.join("\n")
        );
    }

    fn token(&self, user: i64) -> String {
        let out = Command::new(env!("CARGO_BIN_EXE_ourspace"))
            .args(["token", "--user-id", &user.to_string()])
            .envs(self.env.iter().cloned())
            .output()
            .unwrap();
        assert!(
            out.status.success(),
            "{}",
            String::from_utf8_lossy(&out.stderr)
        );
        String::from_utf8(out.stdout).unwrap().trim().to_owned()
    }

    fn connect(&self) -> TcpStream {
        let stream = TcpStream::connect(("127.0.0.1", self.port)).unwrap();
        stream
            .set_read_timeout(Some(Duration::from_secs(30)))
            .unwrap();
        stream
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        let _ = self.child.kill();
    }
}

fn request_head(method: &str, path: &str, token: &str, body_len: usize) -> String {
    format!(
        "{method} {path} HTTP/1.1\r\nhost: localhost\r\nauthorization: Bearer {token}\r\n\
         content-type: application/json\r\ncontent-length: {body_len}\r\nconnection: close\r\n\r\n"
    )
}

fn read_all(mut stream: TcpStream) -> String {
    let mut answer = String::new();
    stream.read_to_string(&mut answer).unwrap();
    answer
}

#[test]
fn production_logs_one_json_line_per_request_with_its_user_and_never_the_token() {
    let mut server = Server::start();
    let token = server.token(1);
    let mut stream = server.connect();
    stream
        .write_all(request_head("GET", "/api/v1/users/me", &token, 0).as_bytes())
        .unwrap();
    let answer = read_all(stream);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    let line = server.wait_for("\"route\":\"/api/v1/users/me\"");
    let log: serde_json::Value = serde_json::from_str(&line).expect("JSON");
    assert_eq!(log["status"], 200, "{line}");
    assert_eq!(log["user_id"], 1, "{line}");
    assert_eq!(log["method"], "GET");
    assert!(log["latency_ms"].is_number(), "{line}");
    let request_id = log["request_id"].as_str().unwrap();
    assert!(
        answer.contains(request_id),
        "the answer's x-request-id is the logged one"
    );
    let mut stream = server.connect();
    stream
        .write_all(request_head("GET", "/api/v1/users/me", "not-a-token", 0).as_bytes())
        .unwrap();
    assert!(read_all(stream).starts_with("HTTP/1.1 401"));
    server.wait_for("\"status\":401");
    let output = server.seen.join("\n");
    assert!(!output.contains(&token), "a token was logged");
    assert!(!output.contains("not-a-token"), "a token was logged");
    assert!(!output.contains(SECRET), "the secret was logged");
}

#[test]
fn sigterm_lets_the_request_in_flight_finish_and_the_process_exits_cleanly() {
    let mut server = Server::start();
    let token = server.token(1);
    let body = br#"{"nickname": "SIGTERM"}"#;
    let mut stream = server.connect();
    let head = request_head("PATCH", "/api/v1/users/me", &token, body.len()).replace(
        "connection: close",
        "expect: 100-continue\r\nconnection: close",
    );
    stream.write_all(head.as_bytes()).unwrap();
    // The server's "100 Continue" says it holds the request: it is in flight.
    let mut interim = Vec::new();
    let mut byte = [0u8];
    while !interim.ends_with(b"\r\n\r\n") {
        stream.read_exact(&mut byte).unwrap();
        interim.push(byte[0]);
    }
    assert!(interim.starts_with(b"HTTP/1.1 100"), "{interim:?}");
    stream.write_all(&body[..4]).unwrap();
    let killed = Command::new("kill")
        .args(["-TERM", &server.child.id().to_string()])
        .status()
        .unwrap();
    assert!(killed.success());
    server.wait_for("SIGTERM received");
    stream.write_all(&body[4..]).unwrap();
    let answer = read_all(stream);
    assert!(answer.starts_with("HTTP/1.1 200"), "{answer}");
    assert!(answer.contains("SIGTERM"), "{answer}");
    let deadline = Instant::now() + Duration::from_secs(35);
    let status = loop {
        if let Some(status) = server.child.try_wait().unwrap() {
            break status;
        }
        assert!(
            Instant::now() < deadline,
            "still running 35 s after SIGTERM"
        );
        std::thread::sleep(Duration::from_millis(100));
    };
    assert!(status.success(), "{status}");
    server.wait_for("ourspace stopped");
}
