//! Indexes for search, from the benchmark's plans (docs/performance.md):
//! - `space_grams`: the character bigrams of each space's searchable text, for keyword
//!   search (filled by the space writes of the time; migration `m20261208_000025` drops it);
//! - `idx_spaces_live (deleted_at)`: counting the live spaces reads this narrow index
//!   instead of every (wide) row;
//! - `space_totals`: the number of live spaces, kept in step by space writes, so the
//!   unfiltered list (the home page) needs no count at all.

use crate::support::{create_table, fk, index};
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_grams(manager).await?;
        index(manager, "spaces", "live", &["deleted_at"], false).await?;
        create_totals(manager).await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO space_totals (id, live) \
                 SELECT 1, COUNT(*) FROM spaces WHERE deleted_at IS NULL",
            )
            .await
            .map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("space_totals").if_exists().to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_spaces_live")
                    .table("spaces")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("space_grams").if_exists().to_owned())
            .await
    }
}

/// Creates `space_grams` (keyword postings), empty.
pub(crate) async fn create_grams(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let mut gram = ColumnDef::new("gram");
    gram.string_len(2).not_null();
    if manager.get_database_backend() == DbBackend::MySql {
        // Byte-wise: the text is lower-cased already, and Korean syllables must not
        // fold into each other.
        gram.extra("COLLATE utf8mb4_bin");
    }
    create_table(
        manager,
        Table::create()
            .table("space_grams")
            .col(&mut gram)
            .col(ColumnDef::new("space_id").big_integer().not_null())
            .primary_key(Index::create().col("gram").col("space_id"))
            .foreign_key(&mut fk(
                "space_grams",
                "space_id",
                "spaces",
                ForeignKeyAction::Cascade,
            ))
            .to_owned(),
    )
    .await?;
    index(manager, "space_grams", "space", &["space_id"], false).await
}

/// Creates `space_totals` (the count of live spaces), empty.
pub(crate) async fn create_totals(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    create_table(
        manager,
        Table::create()
            .table("space_totals")
            .col(
                ColumnDef::new("id")
                    .small_integer()
                    .not_null()
                    .primary_key(),
            )
            .col(ColumnDef::new("live").big_integer().not_null())
            .to_owned(),
    )
    .await
}
