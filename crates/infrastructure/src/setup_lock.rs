//! One instance at a time sets the database up (migrations, catalog, demo data), however
//! many start together. The lock is a row in `ourspace_setup_lock`, taken by inserting it:
//! that works alike on SQLite, MySQL, MariaDB and a Galera cluster (which does not
//! replicate `GET_LOCK`). The holder renews its lease while it works; a lease left by a
//! crashed instance is taken over once it has run out. Work already done is skipped by the
//! steps themselves (applied migrations, present catalog rows, existing spaces).

use chrono::Utc;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};
use std::future::Future;
use std::time::Duration;

const TABLE: &str = "ourspace_setup_lock";
const NAME: &str = "setup";
/// How long a lease lasts unless renewed.
const LEASE: Duration = Duration::from_secs(30);
/// How often the holder renews it.
const RENEW_EVERY: Duration = Duration::from_secs(10);
/// How often a waiting instance tries again.
const POLL: Duration = Duration::from_millis(200);

/// The wall clock, not the service's `Clock`: a lease is renewed by real timers and judged
/// by other processes starting up, so it must run out in real time even where a test has
/// moved the service's clock. It is the one time written that is not the service's.
fn now_ms() -> i64 {
    Utc::now().timestamp_millis()
}

fn lease_end() -> i64 {
    now_ms() + i64::try_from(LEASE.as_millis()).unwrap_or(30_000)
}

async fn run(db: &DatabaseConnection, stmt: &impl sea_orm::StatementBuilder) -> Result<u64, DbErr> {
    let backend = db.get_database_backend();
    Ok(db.execute_raw(backend.build(stmt)).await?.rows_affected())
}

async fn create_table(db: &DatabaseConnection) -> Result<(), DbErr> {
    let backend = db.get_database_backend();
    let create = sea_orm::sea_query::Table::create()
        .table(TABLE)
        .if_not_exists()
        .col(
            sea_orm::sea_query::ColumnDef::new("name")
                .string_len(32)
                .not_null()
                .primary_key(),
        )
        .col(
            sea_orm::sea_query::ColumnDef::new("holder")
                .string_len(64)
                .not_null(),
        )
        .col(
            sea_orm::sea_query::ColumnDef::new("expires_at")
                .big_integer()
                .not_null(),
        )
        .to_owned();
    db.execute_raw(backend.build(&create)).await.map(|_| ())
}

/// Takes the lock for `holder`: true when taken (inserted, or taken over after its lease
/// ran out), false when another instance holds it.
async fn try_take(db: &DatabaseConnection, holder: &str) -> Result<bool, DbErr> {
    let mut insert = Query::insert();
    insert
        .into_table(TABLE)
        .columns(["name", "holder", "expires_at"])
        .values([NAME.into(), holder.into(), lease_end().into()])
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    if run(db, &insert).await.is_ok() {
        return Ok(true);
    }
    let take_over = Query::update()
        .table(TABLE)
        .values([
            ("holder", holder.into()),
            ("expires_at", lease_end().into()),
        ])
        .and_where(Expr::col("name").eq(NAME))
        .and_where(Expr::col("expires_at").lt(now_ms()))
        .to_owned();
    Ok(run(db, &take_over).await? == 1)
}

async fn renew(db: &DatabaseConnection, holder: &str) -> Result<u64, DbErr> {
    let update = Query::update()
        .table(TABLE)
        .values([("expires_at", lease_end().into())])
        .and_where(Expr::col("name").eq(NAME))
        .and_where(Expr::col("holder").eq(holder))
        .to_owned();
    run(db, &update).await
}

async fn release(db: &DatabaseConnection, holder: &str) -> Result<u64, DbErr> {
    let delete = Query::delete()
        .from_table(TABLE)
        .and_where(Expr::col("name").eq(NAME))
        .and_where(Expr::col("holder").eq(holder))
        .to_owned();
    run(db, &delete).await
}

/// Runs `work` holding the setup lock, waiting at most `wait` for it.
///
/// # Errors
/// The lock not taken within `wait`, the database's failure, or `work`'s.
pub async fn with_setup_lock<T, E, F>(
    db: &DatabaseConnection,
    wait: Duration,
    work: F,
) -> Result<T, E>
where
    F: Future<Output = Result<T, E>>,
    E: From<DbErr>,
{
    create_table(db).await?;
    let holder = uuid::Uuid::new_v4().simple().to_string();
    let deadline = tokio::time::Instant::now() + wait;
    while !try_take(db, &holder).await? {
        if tokio::time::Instant::now() >= deadline {
            return Err(DbErr::Custom(format!(
                "another instance has been setting up the database for over {} s",
                wait.as_secs()
            ))
            .into());
        }
        tokio::time::sleep(POLL).await;
    }
    let renewing = {
        let (db, holder) = (db.clone(), holder.clone());
        tokio::spawn(async move {
            loop {
                tokio::time::sleep(RENEW_EVERY).await;
                if let Err(e) = renew(&db, &holder).await {
                    tracing::warn!(error = %e, "renewing the setup lock");
                }
            }
        })
    };
    let outcome = work.await;
    renewing.abort();
    if let Err(e) = release(db, &holder).await {
        tracing::warn!(error = %e, "releasing the setup lock; it runs out by itself");
    }
    outcome
}
