//! `users.taste_version`: raised in the transaction of every write that changes what a
//! guest's recommendations are drawn from (an order placed, an order refused, a like or
//! unlike, a review written or deleted). A server keeps each guest's taste in memory and
//! uses it only while that version is still the stored one, which the bearer token's read
//! of the user already returns: the guest's history is then not read again, and no answer
//! is drawn from a history older than the last committed choice, whichever server took it.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .add_column(big_integer("taste_version").default(0))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .drop_column("taste_version")
                    .to_owned(),
            )
            .await
    }
}
