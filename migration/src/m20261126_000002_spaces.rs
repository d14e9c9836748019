//! Spaces with their facilities, images and price packages.
//!
//! `min_price`, `like_count`, `review_count` and `rating_sum` are kept in step on write so
//! lists sort and filter on plain indexed columns.

use crate::support::{create_table, drop_tables, fk, index};
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        use ForeignKeyAction::{Cascade, Restrict};
        // Lower-cased searchable text; compared byte-wise on MySQL, which keyword search
        // scans far faster than the case-insensitive collation.
        let mut search_text = text("search_text");
        if manager.get_database_backend() == sea_orm_migration::sea_orm::DbBackend::MySql {
            search_text.extra("COLLATE utf8mb4_bin");
        }
        create_table(
            manager,
            Table::create()
                .table("spaces")
                .col(big_pk_auto("id"))
                .col(big_integer("host_id"))
                .col(big_integer("category_id"))
                .col(big_integer("district_id"))
                .col(string_len("title", 100))
                .col(string_len("subtitle", 200))
                .col(text("description"))
                .col(search_text)
                .col(string_len("address", 200))
                .col(double("latitude"))
                .col(double("longitude"))
                // The location as a unit vector: great-circle filters and sorts with plain
                // arithmetic on both backends (see Coordinates::unit_vector).
                .col(double("geo_x"))
                .col(double("geo_y"))
                .col(double("geo_z"))
                .col(integer("min_guests"))
                .col(integer("max_guests"))
                .col(string_len("booking_mode", 16))
                .col(date_null("open_from"))
                .col(date_null("open_until"))
                .col(big_integer_null("hourly_rate"))
                .col(integer_null("min_hours"))
                .col(big_integer("min_price"))
                .col(integer("like_count").default(0))
                .col(integer("review_count").default(0))
                .col(big_integer("rating_sum").default(0))
                // rating_sum / review_count, kept in step with reviews so lists sort on an index.
                .col(double("rating_avg").default(0.0))
                .col(timestamp_with_time_zone("created_at"))
                .col(timestamp_with_time_zone("updated_at"))
                // Set when a space with past orders is deleted: the row stays for their history.
                .col(timestamp_with_time_zone_null("deleted_at"))
                .foreign_key(&mut fk("spaces", "host_id", "users", Restrict))
                .foreign_key(&mut fk("spaces", "category_id", "categories", Restrict))
                .foreign_key(&mut fk("spaces", "district_id", "districts", Restrict))
                .to_owned(),
        )
        .await?;
        create_table(
            manager,
            Table::create()
                .table("space_facilities")
                .col(big_integer("space_id"))
                .col(big_integer("facility_id"))
                .primary_key(Index::create().col("space_id").col("facility_id"))
                .foreign_key(&mut fk("space_facilities", "space_id", "spaces", Cascade))
                .foreign_key(&mut fk(
                    "space_facilities",
                    "facility_id",
                    "facilities",
                    Restrict,
                ))
                .to_owned(),
        )
        .await?;
        create_table(
            manager,
            Table::create()
                .table("space_images")
                .col(big_pk_auto("id"))
                .col(big_integer("space_id"))
                .col(string_len_uniq("object_key", 200))
                .col(string_len("url", 500))
                .col(integer("position"))
                .col(timestamp_with_time_zone("created_at"))
                .foreign_key(&mut fk("space_images", "space_id", "spaces", Cascade))
                .to_owned(),
        )
        .await?;
        create_table(
            manager,
            Table::create()
                .table("price_options")
                .col(big_pk_auto("id"))
                .col(big_integer("space_id"))
                .col(string_len("name", 30))
                .col(small_integer("start_hour"))
                .col(small_integer("end_hour"))
                .col(big_integer("price"))
                .foreign_key(&mut fk("price_options", "space_id", "spaces", Cascade))
                .to_owned(),
        )
        .await?;
        create_indexes(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_tables(
            manager,
            &[
                "price_options",
                "space_images",
                "space_facilities",
                "spaces",
            ],
        )
        .await
    }
}

async fn create_indexes(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let s = "spaces";
    index(manager, s, "host", &["host_id", "id"], false).await?;
    index(
        manager,
        s,
        "category_district",
        &["category_id", "district_id"],
        false,
    )
    .await?;
    index(manager, s, "district", &["district_id"], false).await?;
    // Every sort of the list walks one of these backwards. `deleted_at` stays out of them:
    // nearly every row is live, and an index led by it tempts the planner into a range
    // read with a row lookup per space where a plain scan is far cheaper.
    let sorts: [(&str, &[&'static str]); 4] = [
        ("popular", &["like_count", "rating_avg", "id"]),
        ("rating", &["rating_avg", "review_count", "id"]),
        ("price", &["min_price", "id"]),
        ("created", &["created_at", "id"]),
    ];
    for (name, columns) in sorts {
        index(manager, s, name, columns, false).await?;
    }
    index(manager, s, "location", &["latitude", "longitude"], false).await?;
    index(manager, s, "guests", &["max_guests", "min_guests"], false).await?;
    index(
        manager,
        "space_facilities",
        "facility",
        &["facility_id", "space_id"],
        false,
    )
    .await?;
    index(
        manager,
        "space_images",
        "space",
        &["space_id", "position"],
        false,
    )
    .await?;
    index(
        manager,
        "price_options",
        "space_name",
        &["space_id", "name"],
        true,
    )
    .await
}
