//! `signup_grants`: a keyed hash (HMAC-SHA-256) of every Kakao account that has received
//! the sign-up points, kept when the account is deleted, so signing up again with the same
//! Kakao account does not grant them a second time. The hash cannot be reversed to the
//! Kakao id without the server's key. Accounts that exist already are recorded when they
//! are deleted (the key is not the migration's to know).

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
                .table("signup_grants")
                .col(
                    ColumnDef::new("account_hash")
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(timestamp_with_time_zone("granted_at"))
                .to_owned(),
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["signup_grants"]).await
    }
}
