//! A transaction that loses a race for rows is told apart from a database that is away:
//! a real deadlock on MariaDB is "contended" (the API answers 503 `database_busy`), not
//! "unavailable" and not a timeout.

use ourspace_infrastructure::db::{is_contended, is_timeout, is_unavailable};
use ourspace_infrastructure::testing::{Backend, TestDatabase};
use sea_orm::{ConnectionTrait, DbErr, TransactionTrait};

#[tokio::test]
async fn a_deadlock_victim_is_contended_not_unavailable() {
    let t = TestDatabase::new(Backend::MySql).await;
    t.db.execute_unprepared("CREATE TABLE race (id INT PRIMARY KEY, v INT NOT NULL)")
        .await
        .unwrap();
    t.db.execute_unprepared("INSERT INTO race VALUES (1, 0), (2, 0)")
        .await
        .unwrap();
    let (a, b) = (t.db.begin().await.unwrap(), t.db.begin().await.unwrap());
    a.execute_unprepared("UPDATE race SET v = 1 WHERE id = 1")
        .await
        .unwrap();
    b.execute_unprepared("UPDATE race SET v = 2 WHERE id = 2")
        .await
        .unwrap();
    // Each now wants the row the other holds: InnoDB rolls one of them back.
    let (on_a, on_b) = tokio::join!(
        a.execute_unprepared("UPDATE race SET v = 1 WHERE id = 2"),
        b.execute_unprepared("UPDATE race SET v = 2 WHERE id = 1"),
    );
    let victim: DbErr = match (on_a, on_b) {
        (Err(e), Ok(_)) | (Ok(_), Err(e)) => e,
        other => panic!("exactly one deadlock victim: {other:?}"),
    };
    let boxed: Box<dyn std::error::Error + Send + Sync> = Box::new(victim);
    assert!(is_contended(boxed.as_ref()), "{boxed}");
    assert!(!is_unavailable(boxed.as_ref()));
    assert!(!is_timeout(boxed.as_ref()));
    let _ = a.rollback().await;
    let _ = b.rollback().await;

    let other: Box<dyn std::error::Error + Send + Sync> =
        Box::new(DbErr::Custom("not a race".to_owned()));
    assert!(!is_contended(other.as_ref()));
}
