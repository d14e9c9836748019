//! MariaDB's plan for the page statement of each list line of the matrix.

use crate::matrix::{Kind, lines};
use chrono::{Days, Utc};
use ourspace_domain::shared::BoxError;
use ourspace_infrastructure::db::{DbConfig, connect};
use ourspace_infrastructure::repo::statements;
use sea_orm::{ConnectionTrait, DbBackend};

/// Prints MariaDB's plan for the page statement of each list scenario.
///
/// # Errors
/// The database failing.
pub async fn explain(url: &str) -> Result<(), BoxError> {
    let db = connect(&DbConfig::new(url, 1)).await?;
    let now = Utc::now();
    let today = now.date_naive();
    for line in lines(today + Days::new(3), today, now)? {
        let Kind::List(query) = line.kind else {
            continue;
        };
        let mut stmt = statements::list(DbBackend::MySql, &query, &[]).remove(0);
        stmt.sql = format!("EXPLAIN {}", stmt.sql);
        println!("\n{} (`{}`)\n", line.name, line.query);
        println!("| id | select_type | table | type | key | rows | Extra |");
        println!("|---|---|---|---|---|---:|---|");
        for row in db.query_all_raw(stmt).await? {
            let text = |c: &str| {
                row.try_get::<Option<String>>("", c)
                    .ok()
                    .flatten()
                    .or_else(|| {
                        row.try_get::<Option<u64>>("", c)
                            .ok()
                            .flatten()
                            .map(|v| v.to_string())
                    })
                    .or_else(|| {
                        row.try_get::<Option<i64>>("", c)
                            .ok()
                            .flatten()
                            .map(|v| v.to_string())
                    })
                    .unwrap_or_default()
            };
            println!(
                "| {} | {} | {} | {} | {} | {} | {} |",
                text("id"),
                text("select_type"),
                text("table"),
                text("type"),
                text("key"),
                text("rows"),
                text("Extra")
            );
        }
    }
    Ok(())
}
