//! Guests booking and paying a few hot slots through nginx, every answer recorded with
//! the moment it came.

use crate::nodes::Nodes;
use chrono::{Days, Utc};
use ourspace_domain::auth::TokenIssuer;
use ourspace_domain::shared::UserId;
use ourspace_infrastructure::jwt::JwtTokenIssuer;
use sea_orm::ConnectionTrait as _;
use serde_json::{Value, json};
use std::sync::atomic::{AtomicBool, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

const POINTS: i64 = 10_000_000;

/// The guests' tokens and the order bodies they choose from.
pub struct Load {
    base: String,
    client: reqwest::Client,
    guests: Vec<String>,
    slots: Vec<Value>,
}

/// One answer: when, to what, with which status (0: no answer at all).
pub struct Answer {
    at: Duration,
    status: u16,
}

impl Load {
    /// Creates `n` guests with points (and the ledger rows that give them) and picks the
    /// hot slots: every package of three instant spaces on three dates (at least 3 days
    /// ahead, where a cancellation is refunded in full).
    pub async fn prepare(base: &str, nodes: &Nodes, n: usize) -> Self {
        let secret = std::env::var("OURSPACE_CLUSTER_JWT_SECRET")
            .unwrap_or_else(|_| "cluster-secret-cluster-secret-cluster-00".to_owned());
        let issuer = JwtTokenIssuer::new(secret.as_bytes(), 3600);
        let guests = create_guests(nodes, n)
            .await
            .into_iter()
            .map(|id| issuer.issue(UserId(id)).expect("a token").token)
            .collect();
        Self {
            base: base.to_owned(),
            client: reqwest::Client::builder()
                .timeout(Duration::from_secs(10))
                .build()
                .expect("client"),
            guests,
            slots: hot_slots(nodes).await,
        }
    }

    /// Starts every guest.
    pub fn start(self) -> Running {
        let load = Arc::new(self);
        let stop = Arc::new(AtomicBool::new(false));
        let started = Instant::now();
        let tasks = (0..load.guests.len())
            .map(|g| tokio::spawn(guest(load.clone(), g, stop.clone(), started)))
            .collect();
        Running {
            stop,
            tasks,
            started,
            marks: Mutex::new(Vec::new()),
        }
    }
}

async fn create_guests(nodes: &Nodes, n: usize) -> Vec<i64> {
    let base = 7_000_000_000 + i64::from(rand_seed() % 1_000_000) * 1_000;
    let now = Utc::now().format("%Y-%m-%d %H:%M:%S");
    let db = nodes.writer();
    let mut ids = Vec::new();
    for k in 0..n as i64 {
        let kakao = base + k;
        let insert = format!(
            "INSERT INTO users (kakao_id, nickname, points, created_at, updated_at) \
             VALUES ({kakao}, 'cluster{k}', {POINTS}, '{now}', '{now}')"
        );
        db.execute_unprepared(&insert).await.expect("a guest");
        let id = Nodes::scalar(
            db,
            &format!("SELECT id FROM users WHERE kakao_id = {kakao}"),
        )
        .await;
        let ledger = format!(
            "INSERT INTO point_transactions (user_id, order_id, amount, reason, created_at) \
             VALUES ({id}, NULL, {POINTS}, 'signup_bonus', '{now}')"
        );
        db.execute_unprepared(&ledger).await.expect("its points");
        ids.push(id);
    }
    ids
}

fn rand_seed() -> u32 {
    std::time::SystemTime::now()
        .duration_since(std::time::UNIX_EPOCH)
        .map_or(0, |d| d.subsec_nanos())
}

async fn hot_slots(nodes: &Nodes) -> Vec<Value> {
    let db = nodes.writer();
    let sql = "SELECT s.id, s.min_guests, p.id FROM spaces s JOIN price_options p ON p.space_id = s.id \
               WHERE s.booking_mode = 'instant' AND s.deleted_at IS NULL \
               AND s.id IN (SELECT * FROM (SELECT id FROM spaces WHERE booking_mode = 'instant' \
               AND deleted_at IS NULL ORDER BY id LIMIT 3) AS three) ORDER BY s.id, p.id";
    let rows = db
        .query_all_raw(sea_orm::Statement::from_string(
            db.get_database_backend(),
            sql,
        ))
        .await
        .expect("the demo spaces");
    let today = Utc::now().date_naive();
    let mut slots = Vec::new();
    // Dates of their own for each run on one cluster: three in a row, 3 to 330 days ahead.
    let first = 3 + u64::from(rand_seed() % 328);
    for days in first..first + 3 {
        let date = (today + Days::new(days)).to_string();
        for row in &rows {
            let (space, guests, option): (i64, i64, i64) = (
                row.try_get_by_index(0).unwrap(),
                row.try_get_by_index(1).unwrap(),
                row.try_get_by_index(2).unwrap(),
            );
            slots.push(json!({"space_id": space, "date": date, "option_id": option,
                "guests": guests, "booker": {"name": "클러스터", "phone": "010-1234-5678",
                "email": "cluster@example.kr"}}));
        }
    }
    assert!(
        slots.len() >= 6,
        "the demo data has instant spaces with packages"
    );
    slots
}

/// Guest `g` books a slot, pays what it got, and again, until told to stop.
async fn guest(
    load: Arc<Load>,
    g: usize,
    stop: Arc<AtomicBool>,
    started: Instant,
) -> (Vec<Answer>, Vec<i64>) {
    let (mut answers, mut placed) = (Vec::new(), Vec::new());
    let token = &load.guests[g];
    let mut pick = g * 7919;
    while !stop.load(Ordering::Relaxed) {
        pick = pick.wrapping_mul(1_103_515_245).wrapping_add(12_345) % 1_000_003;
        let slot = &load.slots[pick % load.slots.len()];
        let (status, body) = send(&load, token, "/api/v1/orders", Some(slot)).await;
        answers.push(Answer {
            at: started.elapsed(),
            status,
        });
        let Some(id) = (status == 201).then(|| body["id"].as_i64()).flatten() else {
            tokio::time::sleep(Duration::from_millis(20)).await;
            continue;
        };
        placed.push(id);
        let (status, _) = send(&load, token, &format!("/api/v1/orders/{id}/pay"), None).await;
        answers.push(Answer {
            at: started.elapsed(),
            status,
        });
        // Every other booking is cancelled again (a full refund this far ahead), so the
        // hot slots are fought over for the whole run.
        if pick % 2 == 0 {
            let path = format!("/api/v1/orders/{id}/cancel");
            let (status, _) = send(&load, token, &path, None).await;
            answers.push(Answer {
                at: started.elapsed(),
                status,
            });
        }
    }
    (answers, placed)
}

async fn send(load: &Load, token: &str, path: &str, body: Option<&Value>) -> (u16, Value) {
    let mut request = load
        .client
        .post(format!("{}{path}", load.base))
        .bearer_auth(token);
    if let Some(body) = body {
        request = request.json(body);
    }
    match request.send().await {
        Ok(response) => {
            let status = response.status().as_u16();
            (status, response.json().await.unwrap_or(Value::Null))
        }
        Err(_) => (0, Value::Null),
    }
}

/// The guests at work.
pub struct Running {
    stop: Arc<AtomicBool>,
    tasks: Vec<tokio::task::JoinHandle<(Vec<Answer>, Vec<i64>)>>,
    started: Instant,
    marks: Mutex<Vec<(Duration, String)>>,
}

impl Running {
    /// Notes what happens now, for the report.
    pub fn mark(&self, what: &str) {
        let at = self.started.elapsed();
        println!("{:>6.1} s  {what}", at.as_secs_f64());
        self.marks.lock().unwrap().push((at, what.to_owned()));
    }

    pub async fn stop(self) -> Answers {
        self.stop.store(true, Ordering::Relaxed);
        let mut all = Answers {
            answers: Vec::new(),
            placed: Vec::new(),
            marks: self.marks.into_inner().unwrap(),
        };
        for task in self.tasks {
            let (answers, placed) = task.await.expect("a guest finished");
            all.answers.extend(answers);
            all.placed.extend(placed);
        }
        all.answers.sort_by_key(|a| a.at);
        all
    }
}

/// Every answer of the run.
pub struct Answers {
    answers: Vec<Answer>,
    pub placed: Vec<i64>,
    marks: Vec<(Duration, String)>,
}

impl Answers {
    fn failed(a: &Answer) -> bool {
        a.status == 0 || a.status >= 500
    }

    /// The longest time without an answer that was not a failure.
    fn longest_silence(&self) -> Duration {
        let good: Vec<Duration> = self
            .answers
            .iter()
            .filter(|a| !Self::failed(a))
            .map(|a| a.at)
            .collect();
        let end = self.answers.last().map_or(Duration::ZERO, |a| a.at);
        let mut edges = vec![Duration::ZERO];
        edges.extend(good);
        edges.push(end);
        edges
            .windows(2)
            .map(|w| w[1].saturating_sub(w[0]))
            .max()
            .unwrap_or_default()
    }

    pub fn report(&self) -> String {
        let mut by_status = std::collections::BTreeMap::new();
        for a in &self.answers {
            *by_status.entry(a.status).or_insert(0_usize) += 1;
        }
        let failed: Vec<&Answer> = self.answers.iter().filter(|a| Self::failed(a)).collect();
        let span = match (failed.first(), failed.last()) {
            (Some(f), Some(l)) => format!("{:.1}-{:.1} s", f.at.as_secs_f64(), l.at.as_secs_f64()),
            _ => "none".to_owned(),
        };
        let mut out = format!(
            "answers {} by status {by_status:?}; bookings 201: {}; failures (5xx or none) {} within {span}; longest time without a good answer {:.1} s\n",
            self.answers.len(),
            self.placed.len(),
            failed.len(),
            self.longest_silence().as_secs_f64()
        );
        let mut per_second = std::collections::BTreeMap::new();
        for a in &failed {
            *per_second.entry(a.at.as_secs()).or_insert(0_usize) += 1;
        }
        out.push_str(&format!("failures by second of the run: {per_second:?}\n"));
        for (at, what) in &self.marks {
            let after = failed
                .iter()
                .filter(|a| a.at >= *at && a.at < *at + Duration::from_secs(5))
                .count();
            out.push_str(&format!(
                "{:>6.1} s {what}: {after} failures in the next 5 s\n",
                at.as_secs_f64()
            ));
        }
        out
    }

    /// No answer was a 500: losing a node or an instance is "try again" (502 from nginx
    /// for a request an instance died with, 503 with `Retry-After` from an instance),
    /// never "something broke".
    pub fn assert_no_internal_errors(&self) {
        assert!(
            self.answers.iter().all(|a| a.status != 500),
            "{}",
            self.report()
        );
    }

    /// The survivors kept answering: never more than 10 s without a good answer.
    pub fn assert_survivors_kept_answering(&self) {
        assert!(
            self.longest_silence() <= Duration::from_secs(10),
            "{}",
            self.report()
        );
    }
}
