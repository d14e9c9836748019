//! The popular index within a category holds what a recommendation pool tests. A similar
//! space's pool takes content from one category (the space's): walking the category's
//! popular index in order reads only that category's spaces, and testing district and
//! group size on each entry (those columns appended here) reads no row, so the source
//! costs its limit over the share of the category's spaces in the asked districts instead
//! of over the share of all spaces (docs/performance.md). It keeps its leading
//! columns and the ones lists filter on, so the list's popular order within a category walks
//! it as before; it is created under a new name before the old one is dropped (MySQL keeps
//! the category's foreign key on an index that leads by it).

use crate::support::{drop_index, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The category's popular index as migration `m20261128_000013` left it.
const BEFORE: &[&str] = &[
    "category_id",
    "like_count",
    "rating_avg",
    "id",
    "deleted_at",
    "open_from",
    "open_until",
];

/// What a pool's sources test besides the category, appended.
const POOL: &[&str] = &["district_id", "min_guests", "max_guests"];

/// Creates `create` with `columns`, then drops `drop`.
async fn replace(
    manager: &SchemaManager<'_>,
    create: &str,
    columns: &[&'static str],
    drop: &str,
) -> Result<(), DbErr> {
    index(manager, "spaces", create, columns, false).await?;
    drop_index(manager, "spaces", drop).await
}

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let columns: Vec<&'static str> = BEFORE.iter().chain(POOL).copied().collect();
        replace(
            manager,
            "category_pool_cover",
            &columns,
            "category_popular_cover",
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        replace(
            manager,
            "category_popular_cover",
            BEFORE,
            "category_pool_cover",
        )
        .await
    }
}
