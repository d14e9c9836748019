//! `search_changes`: the change feed of the search index. Every write that changes what a
//! search answers about a space (the space and its photos, packages and facilities, its
//! deletion, an order's hours, a like, a review) adds a row naming the space in its own
//! transaction, so a rolled-back write adds none and a committed one is never missed. Each
//! server follows the rows in `seq` order and reads the named spaces afresh; rows older
//! than the feed's retention are deleted by `serve`.

use crate::support::{create_table, drop_tables};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_table(
            manager,
            Table::create()
                .table("search_changes")
                .col(big_integer("seq").auto_increment().primary_key())
                .col(big_integer("space_id"))
                .col(timestamp("created_at").default(Expr::current_timestamp()))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["search_changes"]).await
    }
}
