//! Prometheus metrics through the `metrics` facade and its Prometheus exporter, rendered as
//! text at `GET /metrics`: requests by route template and status, a latency histogram, the
//! database pool, orders placed and slot conflicts.
//!
//! Each server keeps its own recorder (used through `metrics::with_local_recorder`), so
//! servers in one process (the tests start many) never share counters, and nothing is
//! installed globally.

use metrics::{Unit, counter, describe_counter, describe_gauge, describe_histogram, gauge};
use metrics::{histogram, with_local_recorder};
use metrics_exporter_prometheus::PrometheusRecorder;
use metrics_exporter_prometheus::{Matcher, PrometheusBuilder, PrometheusHandle};
use ourspace_infrastructure::DatabaseConnection;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::Duration;

const REQUESTS: &str = "ourspace_http_requests_total";
const LATENCY: &str = "ourspace_http_request_duration_seconds";
const CONNECTIONS: &str = "ourspace_db_connections";
const ORDERS_PLACED: &str = "ourspace_orders_placed_total";
const SLOT_CONFLICTS: &str = "ourspace_slot_conflicts_total";

/// Upper bounds of the latency buckets, in seconds.
const BUCKETS: [f64; 11] = [
    0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1.0, 2.5, 5.0, 10.0,
];

/// Latency samples wait in the recorder until folded into their buckets: every this many
/// requests (and at every scrape) they are, so an unscraped server holds a bounded number.
const UPKEEP_EVERY: u64 = 4_096;

/// The server's metrics. Routes are templates (`/api/v1/spaces/{id}`), never raw paths, so
/// the number of series stays small.
pub struct Metrics {
    recorder: PrometheusRecorder,
    handle: PrometheusHandle,
    since_upkeep: AtomicU64,
}

impl Default for Metrics {
    fn default() -> Self {
        let recorder = PrometheusBuilder::new()
            .set_buckets_for_metric(Matcher::Full(LATENCY.into()), &BUCKETS)
            .expect("the latency buckets are not empty")
            .build_recorder();
        let handle = recorder.handle();
        with_local_recorder(&recorder, || {
            describe_counter!(REQUESTS, "Requests answered, by route template and status.");
            describe_histogram!(LATENCY, Unit::Seconds, "Time to answer, by route template.");
            describe_gauge!(CONNECTIONS, "Database pool connections by state.");
            describe_counter!(ORDERS_PLACED, "Orders placed.");
            describe_counter!(SLOT_CONFLICTS, "Orders refused because an hour was taken.");
            // Shown from the start, at zero.
            counter!(ORDERS_PLACED).absolute(0);
            counter!(SLOT_CONFLICTS).absolute(0);
        });
        Self {
            recorder,
            handle,
            since_upkeep: AtomicU64::new(0),
        }
    }
}

impl Metrics {
    /// Records one answered request.
    pub fn record(&self, method: &str, route: &str, status: u16, elapsed: Duration) {
        let (method, route) = (method.to_owned(), route.to_owned());
        with_local_recorder(&self.recorder, || {
            let labels = [("method", method), ("route", route)];
            histogram!(LATENCY, &labels).record(elapsed.as_secs_f64());
            let [method, route] = labels;
            counter!(REQUESTS, &[method, route, ("status", status.to_string())]).increment(1);
        });
        if self.since_upkeep.fetch_add(1, Ordering::Relaxed) % UPKEEP_EVERY == UPKEEP_EVERY - 1 {
            self.handle.run_upkeep();
        }
    }

    /// Counts an order placed.
    pub fn order_placed(&self) {
        with_local_recorder(&self.recorder, || counter!(ORDERS_PLACED).increment(1));
    }

    /// Counts an order refused because an hour was taken.
    pub fn slot_conflict(&self) {
        with_local_recorder(&self.recorder, || counter!(SLOT_CONFLICTS).increment(1));
    }

    /// The Prometheus text exposition of every metric, with the pool read now.
    #[must_use]
    pub fn render(&self, db: &DatabaseConnection) -> String {
        let (size, idle) = ourspace_infrastructure::db::pool_state(db);
        with_local_recorder(&self.recorder, || {
            let in_use = size.saturating_sub(idle);
            gauge!(CONNECTIONS, "state" => "in_use").set(f64::from(in_use));
            gauge!(CONNECTIONS, "state" => "idle").set(f64::from(idle));
        });
        self.handle.render()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_server_counts_its_own_requests_in_the_text_format() {
        let (one, other) = (Metrics::default(), Metrics::default());
        for _ in 0..3 {
            one.record("GET", "/api/v1/spaces/{id}", 200, Duration::from_millis(7));
        }
        one.slot_conflict();
        let text = one.handle.render();
        let series = r#"ourspace_http_requests_total{method="GET",route="/api/v1/spaces/{id}",status="200"} 3"#;
        assert!(text.contains(series), "{text}");
        assert!(text.contains("# TYPE ourspace_http_request_duration_seconds histogram"));
        let bucket = r#"ourspace_http_request_duration_seconds_bucket{method="GET",route="/api/v1/spaces/{id}",le="0.01"} 3"#;
        assert!(text.contains(bucket), "{text}");
        assert!(text.contains("ourspace_slot_conflicts_total 1"), "{text}");
        assert!(text.contains("ourspace_orders_placed_total 0"), "{text}");
        let text = other.handle.render();
        assert!(!text.contains("ourspace_http_requests_total{"), "{text}");
        assert!(text.contains("ourspace_slot_conflicts_total 0"), "{text}");
    }

    #[test]
    fn label_values_are_escaped() {
        let m = Metrics::default();
        m.record("GET", r#"/a"b\c"#, 404, Duration::ZERO);
        let text = m.handle.render();
        assert!(text.contains(r#"route="/a\"b\\c""#), "{text}");
    }
}
