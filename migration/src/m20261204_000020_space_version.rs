//! `spaces.version`: raised in the transaction of every write that changes what a space's
//! page shows (the space, its photos, packages and facilities, its likes and reviews, its
//! host's nickname). A server keeps spaces' details in memory and serves one only while
//! its version is still the stored one: one primary-key read instead of the two
//! statements a detail costs, and never an answer older than the last committed write,
//! whichever server made it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("spaces")
                    .add_column(big_integer("version").default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("spaces")
                    .drop_column("version")
                    .to_owned(),
            )
            .await
    }
}
