//! The Galera nodes, each read on its own (127.0.0.1:3311-3313), and the writer through
//! HAProxy (127.0.0.1:3320) for setting the test up.

use ourspace_domain::order::OrderStatus;
use sea_orm::{ConnectOptions, ConnectionTrait, Database, DatabaseConnection, Statement};
use std::time::Duration;

pub struct Nodes {
    nodes: Vec<(u8, DatabaseConnection)>,
    writer: DatabaseConnection,
}

async fn open(port: u16) -> DatabaseConnection {
    let mut options = ConnectOptions::new(format!("mysql://root@127.0.0.1:{port}/ourspace"));
    options
        .max_connections(2)
        .connect_timeout(Duration::from_secs(3))
        .acquire_timeout(Duration::from_secs(5))
        .sqlx_logging(false);
    Database::connect(options)
        .await
        .unwrap_or_else(|e| panic!("the cluster answers on {port} (scripts/cluster start): {e}"))
}

/// The statuses whose orders hold their hours, as the domain says.
fn holding() -> String {
    OrderStatus::ALL
        .iter()
        .filter(|s| s.holds_slots())
        .map(|s| format!("'{}'", s.as_str()))
        .collect::<Vec<_>>()
        .join(", ")
}

impl Nodes {
    pub async fn connect() -> Self {
        let mut nodes = Vec::new();
        for n in 1..=3_u8 {
            nodes.push((n, open(3310 + u16::from(n)).await));
        }
        Self {
            nodes,
            writer: open(3320).await,
        }
    }

    pub fn writer(&self) -> &DatabaseConnection {
        &self.writer
    }

    pub fn all(&self) -> impl Iterator<Item = &(u8, DatabaseConnection)> {
        self.nodes.iter()
    }

    /// The number `sql` answers in its first column.
    pub async fn scalar(db: &DatabaseConnection, sql: &str) -> i64 {
        let row = db
            .query_one_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
            .expect("a row");
        row.try_get_by_index::<i64>(0)
            .unwrap_or_else(|e| panic!("{sql}: {e}"))
    }

    async fn checksums(db: &DatabaseConnection) -> Option<Vec<String>> {
        let sql = "CHECKSUM TABLE orders, order_slots, users, point_transactions, space_calendar";
        let rows = db
            .query_all_raw(Statement::from_string(db.get_database_backend(), sql))
            .await
            .ok()?;
        rows.iter()
            .map(|r| {
                r.try_get_by_index::<Option<i64>>(1)
                    .ok()
                    .flatten()
                    .map(|c| c.to_string())
            })
            .collect()
    }

    /// Waits (up to a minute) until every node answers and holds the same rows.
    pub async fn wait_until_alike(&self) {
        let mut last = Vec::new();
        for _ in 0..120 {
            last.clear();
            for (_, db) in &self.nodes {
                last.push(Self::checksums(db).await);
            }
            if last[0].is_some() && last.iter().all(|c| *c == last[0]) {
                return;
            }
            tokio::time::sleep(Duration::from_millis(500)).await;
        }
        panic!("the nodes never held the same rows: {last:?}");
    }

    pub async fn assert_no_hour_sold_twice(&self, (n, db): &(u8, DatabaseConnection)) {
        let twice = "SELECT COUNT(*) FROM (SELECT 1 FROM order_slots \
                     GROUP BY space_id, date, hour HAVING COUNT(*) > 1) AS d";
        assert_eq!(
            Self::scalar(db, twice).await,
            0,
            "node {n}: a slot row twice"
        );
        let holding = holding();
        let overlapping = format!(
            "SELECT COUNT(*) FROM orders a JOIN orders b ON b.space_id = a.space_id \
             AND b.date = a.date AND b.id > a.id AND a.start_hour < b.end_hour \
             AND b.start_hour < a.end_hour \
             WHERE a.status IN ({holding}) AND b.status IN ({holding})"
        );
        assert_eq!(
            Self::scalar(db, &overlapping).await,
            0,
            "node {n}: an hour sold twice"
        );
        let stray = format!(
            "SELECT COUNT(*) FROM order_slots s JOIN orders o ON o.id = s.order_id \
             WHERE o.status NOT IN ({holding})"
        );
        assert_eq!(
            Self::scalar(db, &stray).await,
            0,
            "node {n}: hours held by no order"
        );
    }

    pub async fn assert_orders_present(&self, (n, db): &(u8, DatabaseConnection), ids: &[i64]) {
        for chunk in ids.chunks(500) {
            let list = chunk
                .iter()
                .map(i64::to_string)
                .collect::<Vec<_>>()
                .join(",");
            let sql = format!("SELECT COUNT(*) FROM orders WHERE id IN ({list})");
            assert_eq!(
                Self::scalar(db, &sql).await,
                chunk.len() as i64,
                "node {n}: a booking answered 201 is missing"
            );
        }
    }

    pub async fn assert_points_equal_their_ledger(&self, (n, db): &(u8, DatabaseConnection)) {
        let sql = "SELECT COUNT(*) FROM users u WHERE u.points <> \
                   (SELECT COALESCE(SUM(t.amount), 0) FROM point_transactions t WHERE t.user_id = u.id)";
        assert_eq!(
            Self::scalar(db, sql).await,
            0,
            "node {n}: points differ from the ledger"
        );
    }
}
