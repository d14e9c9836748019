//! Deep pages read from the sort index alone. Each sort's index (and the popular order
//! within a category or a district) ends with the columns every list filters on —
//! `deleted_at` and the open period — so the page's ids are picked by walking the index
//! without a row lookup per skipped space; only the page's own rows are read after (the
//! list's deferred join, docs/performance.md). They trail the sort columns, so the walk
//! keeps the sort's order. (The location index was tried the same way and left as it
//! was: docs/performance.md.)

use crate::support::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What every list filters on, appended to each sort index.
const FILTERED: &[&str] = &["deleted_at", "open_from", "open_until"];

/// The indexes made covering: name, columns as they were, columns appended.
const COVERED: [(&str, &[&str], &[&str]); 6] = [
    ("popular", &["like_count", "rating_avg", "id"], FILTERED),
    ("rating", &["rating_avg", "review_count", "id"], FILTERED),
    ("price", &["min_price", "id"], FILTERED),
    ("created", &["created_at", "id"], FILTERED),
    (
        "category_popular",
        &["category_id", "like_count", "rating_avg", "id"],
        FILTERED,
    ),
    (
        "district_popular",
        &["district_id", "like_count", "rating_avg", "id"],
        FILTERED,
    ),
];

/// Creates each index with (`covering`) or without its appended columns, then drops the
/// other form. Created first: MySQL keeps the category's and district's foreign keys on
/// whichever index leads by them.
async fn rebuild(manager: &SchemaManager<'_>, covering: bool) -> Result<(), DbErr> {
    for (name, columns, appended) in COVERED {
        let (new, old) = (format!("{name}_cover"), name.to_owned());
        let (create, drop) = if covering { (new, old) } else { (old, new) };
        let extra: &[&'static str] = if covering { appended } else { &[] };
        let columns: Vec<&'static str> = columns.iter().chain(extra).copied().collect();
        index(manager, "spaces", &create, &columns, false).await?;
        manager
            .drop_index(
                Index::drop()
                    .name(format!("idx_spaces_{drop}"))
                    .table("spaces")
                    .to_owned(),
            )
            .await?;
    }
    Ok(())
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, true).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, false).await
    }
}
