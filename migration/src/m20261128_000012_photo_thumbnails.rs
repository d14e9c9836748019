//! `space_images.thumbnail_url`: the list-size thumbnail made from every photo uploaded from
//! now on (stored beside the photo, `….thumb.<ext>`). Photos from before have none; lists
//! show the photo itself for them.

use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("space_images")
                    .add_column(string_len_null("thumbnail_url", 500))
                    .to_owned(),
            )
            .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("space_images")
                    .drop_column("thumbnail_url")
                    .to_owned(),
            )
            .await
    }
}
