//! Keyword search's postings carry what the relevance order sorts by: whether the gram is
//! in the title, and the space's like count and average rating (kept in step by likes and
//! reviews). A keyword's first page is then a walk of one index range per probe gram in
//! order, stopping after a page, instead of reading and sorting every space that has the
//! gram (docs/performance.md). The postings of every live space are rewritten.

use crate::support::index;
use ourspace_domain::space::keyword::postings;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The rank index: a gram's postings in relevance order (title first, then popular).
const RANK: [&str; 5] = ["gram", "in_title", "like_count", "rating_avg", "space_id"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns = [
            ColumnDef::new("in_title")
                .boolean()
                .not_null()
                .default(false)
                .to_owned(),
            ColumnDef::new("like_count")
                .big_integer()
                .not_null()
                .default(0)
                .to_owned(),
            ColumnDef::new("rating_avg")
                .double()
                .not_null()
                .default(0.0)
                .to_owned(),
        ];
        // One column per statement: SQLite adds one at a time.
        for mut column in columns {
            manager
                .alter_table(
                    Table::alter()
                        .table("space_grams")
                        .add_column(&mut column)
                        .to_owned(),
                )
                .await?;
        }
        index(manager, "space_grams", "rank", &RANK, false).await?;
        rewrite(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_space_grams_rank")
                    .table("space_grams")
                    .to_owned(),
            )
            .await?;
        for column in ["rating_avg", "like_count", "in_title"] {
            manager
                .alter_table(
                    Table::alter()
                        .table("space_grams")
                        .drop_column(column)
                        .to_owned(),
                )
                .await?;
        }
        Ok(())
    }
}

/// Rewrites the postings of every live space with their title flag and sort keys.
async fn rewrite(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    db.execute_unprepared("DELETE FROM space_grams").await?;
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, title, search_text, like_count, rating_avg FROM spaces \
             WHERE deleted_at IS NULL",
        ))
        .await?;
    let mut batch = Vec::new();
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let title: String = row.try_get("", "title")?;
        let text: String = row.try_get("", "search_text")?;
        let likes: i64 = row.try_get("", "like_count")?;
        let rating: f64 = row.try_get("", "rating_avg")?;
        for p in postings(&title, &text) {
            batch.push((p.gram, id, p.in_title, likes, rating));
        }
        if batch.len() >= 500 {
            insert(db, backend, &std::mem::take(&mut batch)).await?;
        }
    }
    insert(db, backend, &batch).await
}

async fn insert<C: ConnectionTrait>(
    db: &C,
    backend: DbBackend,
    rows: &[(String, i64, bool, i64, f64)],
) -> Result<(), DbErr> {
    if rows.is_empty() {
        return Ok(());
    }
    let mut insert = Query::insert();
    insert.into_table("space_grams").columns(RANK_COLUMNS);
    for (gram, id, in_title, likes, rating) in rows {
        insert
            .values([
                gram.as_str().into(),
                (*id).into(),
                (*in_title).into(),
                (*likes).into(),
                (*rating).into(),
            ])
            .map_err(|e| DbErr::Custom(e.to_string()))?;
    }
    db.execute_raw(backend.build(&insert)).await.map(|_| ())
}

const RANK_COLUMNS: [&str; 5] = ["gram", "space_id", "in_title", "like_count", "rating_avg"];
