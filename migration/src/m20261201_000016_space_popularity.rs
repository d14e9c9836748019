//! `space_popularity`: each space's bookings of the last 30 days, what "popular now" ranks
//! by. Derived data like `space_pairs`, rebuilt with it by `ourspace recommendations
//! refresh` (and by `serve` on a schedule); a space without recent bookings has no row.

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
                .table("space_popularity")
                .col(big_integer("space_id").primary_key())
                .col(integer("recent_bookings"))
                .to_owned(),
        )
        .await?;
        // The most booked first, read from the index alone.
        index(
            manager,
            "space_popularity",
            "ranked",
            &["recent_bookings", "space_id"],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["space_popularity"]).await
    }
}
