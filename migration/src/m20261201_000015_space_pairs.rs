//! `space_pairs`: for each space, the other spaces chosen (booked or liked) by the same
//! guests, and by how many of them: what "guests who chose this also chose …" reads. It is
//! derived data, rebuilt as a whole by `ourspace recommendations refresh` (and by `serve`
//! on a schedule), so it has no foreign keys; a deleted space is left out when read.

use crate::support::{create_table, drop_tables, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_table(
            manager,
            Table::create()
                .table("space_pairs")
                .col(big_integer("space_id"))
                .col(big_integer("other_id"))
                .col(integer("chosen"))
                .primary_key(Index::create().col("space_id").col("other_id"))
                .to_owned(),
        )
        .await?;
        // A space's pairs, most chosen first, read from the index alone.
        index(
            manager,
            "space_pairs",
            "ranked",
            &["space_id", "chosen", "other_id"],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["space_pairs"]).await
    }
}
