//! A category's spaces in price order, holding what a list filters on beside them. A
//! category's list sorted by price (with a date, a price range, or neither) read every
//! space of the category through the count index and sorted them: 1,250 entries and a
//! sort for a page of 100 at 10,000 spaces, ten times that at 100,000. Walking this index
//! reads the page's entries in order and no row for the filters it holds (the open period
//! with the date, district, group size, facilities); a price range narrows the walk
//! (docs/performance.md).

use crate::support::{drop_index, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) const COLUMNS: &[&str] = &[
    "category_id",
    "min_price",
    "id",
    "deleted_at",
    "open_from",
    "open_until",
    "district_id",
    "min_guests",
    "max_guests",
    "facility_mask",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(manager, "spaces", "category_price_cover", COLUMNS, false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, "spaces", "category_price_cover").await
    }
}
