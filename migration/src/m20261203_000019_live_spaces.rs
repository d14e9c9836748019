//! Which spaces are live, by id, without reading their rows. An exact count of a search
//! by date (alone or with a two-character keyword) subtracts from the live total the live
//! spaces the date hides; telling a hidden space live read its whole row through the
//! primary key, about 1,400 rows for an evening's hours at 100,000 spaces and most of
//! the count's time (docs/performance.md). This narrow index answers it.
//! (Not the `idx_spaces_live` of migration 4, on `deleted_at` alone, which migration 6
//! dropped.)

use crate::support::{drop_index, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(manager, "spaces", "id_live", &["id", "deleted_at"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, "spaces", "id_live").await
    }
}
