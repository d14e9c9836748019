//! Orders and the slots they occupy, point movements, reviews and likes.
//!
//! The unique index on `order_slots(space_id, date, hour)` is what makes double selling an
//! hour impossible, on any number of servers: see docs/architecture.md.

use crate::support::{create_table, drop_tables, fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_table(manager, orders()).await?;
        create_table(manager, order_slots()).await?;
        create_table(manager, point_transactions()).await?;
        create_table(manager, reviews()).await?;
        create_table(manager, likes()).await?;
        create_hour_numbers(manager).await?;
        let o = "orders";
        index(manager, o, "guest_date", &["guest_id", "date"], false).await?;
        index(manager, o, "space_date", &["space_id", "date"], false).await?;
        index(
            manager,
            o,
            "status_expires",
            &["status", "expires_at"],
            false,
        )
        .await?;
        index(
            manager,
            "order_slots",
            "slot",
            &["space_id", "date", "hour"],
            true,
        )
        .await?;
        index(manager, "order_slots", "order", &["order_id"], false).await?;
        index(
            manager,
            "point_transactions",
            "user",
            &["user_id", "id"],
            false,
        )
        .await?;
        index(
            manager,
            "reviews",
            "space_created",
            &["space_id", "created_at"],
            false,
        )
        .await?;
        index(manager, "reviews", "order", &["order_id"], true).await?;
        index(manager, "likes", "space", &["space_id"], false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                "likes",
                "reviews",
                "point_transactions",
                "order_slots",
                "orders",
            ],
        )
        .await
    }
}

fn orders() -> TableCreateStatement {
    use ForeignKeyAction::{Restrict, SetNull};
    Table::create()
        .table("orders")
        .col(big_pk_auto("id"))
        .col(big_integer("space_id"))
        .col(big_integer("guest_id"))
        .col(date("date"))
        .col(big_integer_null("option_id"))
        .col(string_len_null("option_name", 30))
        .col(small_integer("start_hour"))
        .col(small_integer("end_hour"))
        .col(integer("guests"))
        .col(string_len("booker_name", 50))
        .col(string_len("booker_phone", 20))
        .col(string_len("booker_email", 254))
        .col(string_len_null("booker_purpose", 100))
        .col(text_null("booker_request"))
        .col(big_integer("price"))
        .col(string_len("status", 16))
        .col(timestamp_with_time_zone_null("expires_at"))
        .col(integer_null("refund_full_days"))
        .col(integer_null("refund_half_days"))
        .col(big_integer_null("refunded_amount"))
        .col(timestamp_with_time_zone("created_at"))
        .col(timestamp_with_time_zone("updated_at"))
        .col(timestamp_with_time_zone_null("approved_at"))
        .col(timestamp_with_time_zone_null("paid_at"))
        .col(timestamp_with_time_zone_null("cancelled_at"))
        .col(timestamp_with_time_zone_null("rejected_at"))
        .col(timestamp_with_time_zone_null("expired_at"))
        .foreign_key(&mut fk("orders", "space_id", "spaces", Restrict))
        .foreign_key(&mut fk("orders", "guest_id", "users", Restrict))
        .foreign_key(&mut fk("orders", "option_id", "price_options", SetNull))
        .to_owned()
}

fn order_slots() -> TableCreateStatement {
    Table::create()
        .table("order_slots")
        .col(big_pk_auto("id"))
        .col(big_integer("space_id"))
        .col(date("date"))
        .col(small_integer("hour"))
        .col(big_integer("order_id"))
        .foreign_key(&mut fk(
            "order_slots",
            "order_id",
            "orders",
            ForeignKeyAction::Cascade,
        ))
        .to_owned()
}

fn point_transactions() -> TableCreateStatement {
    use ForeignKeyAction::{Cascade, SetNull};
    Table::create()
        .table("point_transactions")
        .col(big_pk_auto("id"))
        .col(big_integer("user_id"))
        .col(big_integer_null("order_id"))
        .col(big_integer("amount"))
        .col(string_len("reason", 32))
        .col(timestamp_with_time_zone("created_at"))
        .foreign_key(&mut fk("point_transactions", "user_id", "users", Cascade))
        .foreign_key(&mut fk("point_transactions", "order_id", "orders", SetNull))
        .to_owned()
}

fn reviews() -> TableCreateStatement {
    use ForeignKeyAction::Cascade;
    Table::create()
        .table("reviews")
        .col(big_pk_auto("id"))
        .col(big_integer("space_id"))
        .col(big_integer("author_id"))
        .col(big_integer("order_id"))
        .col(small_integer("rating"))
        .col(text("content"))
        .col(string_len_null("image_key", 200))
        .col(string_len_null("image_url", 500))
        .col(timestamp_with_time_zone("created_at"))
        .foreign_key(&mut fk("reviews", "space_id", "spaces", Cascade))
        .foreign_key(&mut fk("reviews", "author_id", "users", Cascade))
        .foreign_key(&mut fk("reviews", "order_id", "orders", Cascade))
        .to_owned()
}

fn likes() -> TableCreateStatement {
    use ForeignKeyAction::Cascade;
    Table::create()
        .table("likes")
        .col(big_integer("user_id"))
        .col(big_integer("space_id"))
        .col(timestamp_with_time_zone("created_at"))
        .primary_key(Index::create().col("user_id").col("space_id"))
        .foreign_key(&mut fk("likes", "user_id", "users", Cascade))
        .foreign_key(&mut fk("likes", "space_id", "spaces", Cascade))
        .to_owned()
}

/// The numbers 0–47, one per hour of a booked date and the next: availability queries
/// look for a free block of hours by joining it.
pub(crate) async fn create_hour_numbers(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    create_table(
        manager,
        Table::create()
            .table("hour_numbers")
            .col(small_integer("n").primary_key())
            .to_owned(),
    )
    .await?;
    let mut insert = Query::insert();
    insert.into_table("hour_numbers").columns(["n"]);
    for n in 0..48 {
        insert.values_panic([n.into()]);
    }
    manager.exec_stmt(insert).await
}
