//! The default sort (popular first) within a category or a district read in order from an
//! index, so their first pages stop after a page of rows instead of sorting every space of
//! the category or district (docs/performance.md). The district's own index is the new
//! one's prefix and goes. So does `idx_spaces_live (deleted_at)`: the unfiltered total is
//! kept in `space_totals` now, and with nearly every row live the planner used the index
//! as a "ref" read (a random row lookup per space) or intersected whole of it with another
//! index, which made a count up to the cap ten times slower than reading rows in order.
//! A narrow index of the filter columns lets a count up to the cap read no row at all.

use crate::support::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

const POPULAR: [&str; 3] = ["like_count", "rating_avg", "id"];

pub(crate) const COUNTED: [&str; 9] = [
    "category_id",
    "district_id",
    "deleted_at",
    "min_guests",
    "max_guests",
    "min_price",
    "facility_mask",
    "open_from",
    "open_until",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        for filter in ["category_id", "district_id"] {
            let name = format!("{}_popular", filter.trim_end_matches("_id"));
            let columns: Vec<&'static str> = [filter].into_iter().chain(POPULAR).collect();
            index(manager, "spaces", &name, &columns, false).await?;
        }
        // Counting up to the cap reads this index alone: every filter column but the
        // keyword's and the location's, led by the two most selective.
        index(manager, "spaces", "count", &COUNTED, false).await?;
        drop_index(manager, "idx_spaces_district").await?;
        drop_index(manager, "idx_spaces_live").await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(manager, "spaces", "district", &["district_id"], false).await?;
        index(manager, "spaces", "live", &["deleted_at"], false).await?;
        for name in [
            "idx_spaces_category_popular",
            "idx_spaces_district_popular",
            "idx_spaces_count",
        ] {
            drop_index(manager, name).await?;
        }
        Ok(())
    }
}

async fn drop_index(manager: &SchemaManager<'_>, name: &str) -> Result<(), DbErr> {
    manager
        .drop_index(Index::drop().name(name).table("spaces").to_owned())
        .await
}
