//! Search reads its own index (`ourspace_infrastructure::search`, docs/search.md), so what
//! the database kept only for search goes:
//! - the keyword postings (`space_grams`), the kept count of live spaces (`space_totals`)
//!   and the hours 0–47 that availability statements once joined (`hour_numbers`);
//! - the columns derived for search statements: the grid cell, the unit vector and the
//!   facility bits;
//! - the covering indexes each search shape had, and the plain filter indexes.
//!
//! What stays on `spaces`: the host's index (a host's own list), the two popular indexes
//! the recommendation pools walk, and an index on `district_id` for its foreign key, made
//! first (MySQL keeps a foreign key on an index that leads by its column).
//!
//! Going down restores the schema, not the derived values: the tables come back empty and
//! the columns zero, which no build after this migration reads.

use crate::support::{drop_index, drop_tables, index};
use crate::{
    m20261126_000003_orders_reviews_likes, m20261126_000004_search_indexes,
    m20261128_000006_popular_within_filters, m20261128_000007_ranked_postings,
    m20261130_000014_space_grid_cells, m20261203_000018_district_price_cover,
    m20261205_000023_category_price_cover,
};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// What every search shape filtered on, trailing each sort index.
const FILTERED: [&str; 3] = ["deleted_at", "open_from", "open_until"];

/// The indexes dropped, by name (`idx_spaces_{name}`), with their columns.
const DROPPED: [(&str, &[&str]); 14] = [
    ("category_district", &["category_id", "district_id"]),
    (
        "rating_cover",
        &[
            "rating_avg",
            "review_count",
            "id",
            FILTERED[0],
            FILTERED[1],
            FILTERED[2],
        ],
    ),
    (
        "price_cover",
        &["min_price", "id", FILTERED[0], FILTERED[1], FILTERED[2]],
    ),
    (
        "created_cover",
        &["created_at", "id", FILTERED[0], FILTERED[1], FILTERED[2]],
    ),
    (
        "district_popular_cover",
        &[
            "district_id",
            "like_count",
            "rating_avg",
            "id",
            FILTERED[0],
            FILTERED[1],
            FILTERED[2],
        ],
    ),
    ("location", &["latitude", "longitude"]),
    ("guests", &["max_guests", "min_guests"]),
    ("open_from", &["open_from"]),
    ("open_until", &["open_until"]),
    ("count", &m20261128_000006_popular_within_filters::COUNTED),
    ("cell", m20261130_000014_space_grid_cells::CELL_INDEX),
    (
        "district_price_cover",
        m20261203_000018_district_price_cover::COLUMNS,
    ),
    ("id_live", &["id", "deleted_at"]),
    (
        "category_price_cover",
        m20261205_000023_category_price_cover::COLUMNS,
    ),
];

/// The derived columns dropped, each an integer or a double.
const COLUMNS: [(&str, bool); 5] = [
    ("grid_cell", true),
    ("geo_x", false),
    ("geo_y", false),
    ("geo_z", false),
    ("facility_mask", true),
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(manager, "spaces", "district", &["district_id"], false).await?;
        for (name, _) in DROPPED {
            drop_index(manager, "spaces", name).await?;
        }
        for (column, _) in COLUMNS {
            alter(manager, Table::alter().table("spaces").drop_column(column)).await?;
        }
        drop_tables(manager, &["space_grams", "space_totals", "hour_numbers"]).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        restore_tables(manager).await?;
        for (column, integer) in COLUMNS {
            let mut def = ColumnDef::new(column);
            if integer {
                def.big_integer().not_null().default(0);
            } else {
                def.double().not_null().default(0.0);
            }
            alter(manager, Table::alter().table("spaces").add_column(&mut def)).await?;
        }
        for (name, columns) in DROPPED {
            index(manager, "spaces", name, columns, false).await?;
        }
        drop_index(manager, "spaces", "district").await
    }
}

/// One change of a table per statement: SQLite alters one column at a time.
async fn alter(manager: &SchemaManager<'_>, stmt: &mut TableAlterStatement) -> Result<(), DbErr> {
    manager.alter_table(stmt.to_owned()).await
}

/// `space_grams` and `space_totals` as migrations 4 and 7 left them, empty, and
/// `hour_numbers` as migration 3 made it.
async fn restore_tables(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    m20261126_000004_search_indexes::create_grams(manager).await?;
    m20261128_000007_ranked_postings::rank_grams(manager).await?;
    m20261126_000004_search_indexes::create_totals(manager).await?;
    m20261126_000003_orders_reviews_likes::create_hour_numbers(manager).await
}
