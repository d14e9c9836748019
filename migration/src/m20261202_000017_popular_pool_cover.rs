//! The popular index holds what a recommendation pool tests. Each "most liked" source of a
//! pool (in the guest's categories and districts, in any of them, anywhere) walks
//! `idx_spaces_popular_cover` in order until its limit, testing category, district and
//! group size on each entry; with those columns in the index the walk reads no row, so a
//! source costs its limit over the share of spaces that pass, whatever the catalogue's
//! size (docs/performance.md, recommendations). The index keeps its name and leading
//! columns: the list's popular sort walks it as before.

use crate::support::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The popular index's columns before this migration.
const BEFORE: &[&str] = &[
    "like_count",
    "rating_avg",
    "id",
    "deleted_at",
    "open_from",
    "open_until",
];

/// What a pool's sources test, appended.
const POOL: &[&str] = &["category_id", "district_id", "min_guests", "max_guests"];

/// Replaces the popular index by one with `columns`.
async fn rebuild(manager: &SchemaManager<'_>, columns: &[&'static str]) -> Result<(), DbErr> {
    manager
        .drop_index(
            Index::drop()
                .name("idx_spaces_popular_cover")
                .table("spaces")
                .to_owned(),
        )
        .await?;
    index(manager, "spaces", "popular_cover", columns, false).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns: Vec<&'static str> = BEFORE.iter().chain(POOL).copied().collect();
        rebuild(manager, &columns).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        rebuild(manager, BEFORE).await
    }
}
