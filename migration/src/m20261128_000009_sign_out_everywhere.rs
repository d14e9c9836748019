//! `users.tokens_valid_after`: signing out everywhere sets it, and a bearer token issued
//! before it is refused. Read with the user on every authenticated request, so the check
//! costs no query.

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
                    .add_column(timestamp_with_time_zone_null("tokens_valid_after"))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("users")
                    .drop_column("tokens_valid_after")
                    .to_owned(),
            )
            .await
    }
}
