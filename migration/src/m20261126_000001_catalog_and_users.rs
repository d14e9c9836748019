//! Users and the catalog (categories, districts, facilities).

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
                .table("users")
                .col(big_pk_auto("id"))
                // Null once the account is deleted, so the same Kakao account can sign up anew.
                .col(big_integer_null("kakao_id").unique_key().take())
                .col(string_len("nickname", 30))
                .col(string_len_null("email", 254))
                .col(big_integer("points").default(0))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                .col(timestamp_with_time_zone_null("deleted_at"))
                .to_owned(),
        )
        .await?;
        create_table(
            manager,
            Table::create()
                .table("categories")
                .col(big_pk_auto("id"))
                .col(string_len_uniq("code", 40))
                .col(string_len("name", 40))
                .col(integer("position"))
                .to_owned(),
        )
        .await?;
        create_table(
            manager,
            Table::create()
                .table("districts")
                .col(big_pk_auto("id"))
                .col(string_len_uniq("name", 40))
                .col(double("latitude"))
                .col(double("longitude"))
                .to_owned(),
        )
        .await?;
        create_table(
            manager,
            Table::create()
                .table("facilities")
                .col(big_pk_auto("id"))
                .col(string_len_uniq("code", 40))
                .col(string_len("name", 40))
                .col(integer("position"))
                .to_owned(),
        )
        .await?;
        index(manager, "categories", "position", &["position"], false).await?;
        index(manager, "facilities", "position", &["position"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(manager, &["facilities", "districts", "categories", "users"]).await
    }
}
