//! Keyword search's postings carry what the relevance order sorts by: whether the gram is
//! in the title, and the space's like count and average rating (kept in step by likes and
//! reviews). A keyword's first page is then a walk of one index range per probe gram in
//! order, stopping after a page, instead of reading and sorting every space that has the
//! gram. (Migration `m20261208_000025` drops the postings: search reads its own index.)

use crate::support::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The rank index: a gram's postings in relevance order (title first, then popular).
const RANK: [&str; 5] = ["gram", "in_title", "like_count", "rating_avg", "space_id"];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rank_grams(manager).await
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

/// Adds the title flag and sort keys to `space_grams`, with its rank index.
pub(crate) async fn rank_grams(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
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
    index(manager, "space_grams", "rank", &RANK, false).await
}
