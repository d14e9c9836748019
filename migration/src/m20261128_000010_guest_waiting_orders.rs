//! A guest's waiting orders counted from an index (placing an order checks the guest's
//! cap on them, `OURSPACE_MAX_WAITING_ORDERS`), instead of reading every order the guest
//! ever placed.

use crate::support::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(
            manager,
            "orders",
            "guest_waiting",
            &["guest_id", "status", "expires_at"],
            false,
        )
        .await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_orders_guest_waiting")
                    .table("orders")
                    .to_owned(),
            )
            .await
    }
}
