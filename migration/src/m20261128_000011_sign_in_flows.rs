//! `sign_in_flows`: started Kakao sign-ins waiting for their callback (RFC 9700). The PKCE
//! verifier and `redirect_to` stay here instead of travelling in the `state`; the row is
//! keyed by a SHA-256 of the state and removed by the callback that uses it, so a state
//! works once on any instance; `browser` binds it to the browser's cookie.

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
                .table("sign_in_flows")
                .col(
                    ColumnDef::new("state_hash")
                        .string_len(64)
                        .not_null()
                        .primary_key(),
                )
                .col(string_len("browser", 64))
                .col(string_len("pkce_verifier", 128))
                .col(string_len_null("redirect_to", 2048))
                .col(timestamp_with_time_zone("expires_at"))
                .to_owned(),
        )
        .await?;
        index(manager, "sign_in_flows", "expires", &["expires_at"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["sign_in_flows"]).await
    }
}
