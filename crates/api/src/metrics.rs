//! Prometheus metrics, kept in memory and rendered as text at `GET /metrics`: requests by
//! route template and status, a latency histogram, the database pool, orders placed and
//! slot conflicts.

use ourspace_infrastructure::DatabaseConnection;
use std::collections::BTreeMap;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Mutex, PoisonError};
use std::time::Duration;

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

#[derive(Default)]
struct Histogram {
    counts: [u64; BUCKETS.len()],
    count: u64,
    sum: f64,
}

/// The server's counters. Routes are templates (`/api/v1/spaces/{id}`), never raw paths,
/// so the number of series stays small.
#[derive(Default)]
pub struct Metrics {
    requests: Mutex<BTreeMap<(String, String, u16), u64>>,
    latency: Mutex<BTreeMap<(String, String), Histogram>>,
    orders_placed: AtomicU64,
    slot_conflicts: AtomicU64,
}

impl Metrics {
    /// Records one answered request.
    pub fn record(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let key = (method.to_owned(), route.to_owned());
        *self
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .entry((key.0.clone(), key.1.clone(), status))
            .or_default() += 1;
        let seconds = elapsed.as_secs_f64();
        let mut latency = self.latency.lock().unwrap_or_else(PoisonError::into_inner);
        let h = latency.entry(key).or_default();
        for (i, bound) in BUCKETS.iter().enumerate() {
            if seconds <= *bound {
                h.counts[i] += 1;
            }
        }
        h.count += 1;
        h.sum += seconds;
    }

    pub fn order_placed(&self) {
        self.orders_placed.fetch_add(1, Ordering::Relaxed);
    }

    pub fn slot_conflict(&self) {
        self.slot_conflicts.fetch_add(1, Ordering::Relaxed);
    }

    /// The Prometheus text exposition of every metric.
    #[must_use]
    pub fn render(&self, db: &DatabaseConnection) -> String {
        let mut out = String::new();
        out.push_str("# HELP ourspace_http_requests_total Requests answered, by route template and status.\n");
        out.push_str("# TYPE ourspace_http_requests_total counter\n");
        for ((method, route, status), n) in self
            .requests
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
        {
            let _ = writeln!(
                out,
                "ourspace_http_requests_total{{method=\"{method}\",route=\"{}\",status=\"{status}\"}} {n}",
                escape(route)
            );
        }
        out.push_str(
            "# HELP ourspace_http_request_duration_seconds Time to answer, by route template.\n",
        );
        out.push_str("# TYPE ourspace_http_request_duration_seconds histogram\n");
        for ((method, route), h) in self
            .latency
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
            .iter()
        {
            let labels = format!("method=\"{method}\",route=\"{}\"", escape(route));
            for (bound, n) in BUCKETS.iter().zip(h.counts) {
                let _ = writeln!(
                    out,
                    "ourspace_http_request_duration_seconds_bucket{{{labels},le=\"{bound}\"}} {n}"
                );
            }
            let _ = writeln!(
                out,
                "ourspace_http_request_duration_seconds_bucket{{{labels},le=\"+Inf\"}} {}",
                h.count
            );
            let _ = writeln!(
                out,
                "ourspace_http_request_duration_seconds_sum{{{labels}}} {}",
                h.sum
            );
            let _ = writeln!(
                out,
                "ourspace_http_request_duration_seconds_count{{{labels}}} {}",
                h.count
            );
        }
        let (size, idle) = ourspace_infrastructure::db::pool_state(db);
        out.push_str("# HELP ourspace_db_connections Database pool connections by state.\n");
        out.push_str("# TYPE ourspace_db_connections gauge\n");
        let _ = writeln!(
            out,
            "ourspace_db_connections{{state=\"in_use\"}} {}",
            size.saturating_sub(idle)
        );
        let _ = writeln!(out, "ourspace_db_connections{{state=\"idle\"}} {idle}");
        for (name, help, value) in [
            (
                "ourspace_orders_placed_total",
                "Orders placed.",
                &self.orders_placed,
            ),
            (
                "ourspace_slot_conflicts_total",
                "Orders refused because an hour was taken.",
                &self.slot_conflicts,
            ),
        ] {
            let _ = writeln!(out, "# HELP {name} {help}\n# TYPE {name} counter");
            let _ = writeln!(out, "{name} {}", value.load(Ordering::Relaxed));
        }
        out
    }
}

fn escape(label: &str) -> String {
    label.replace('\\', "\\\\").replace('"', "\\\"")
}
