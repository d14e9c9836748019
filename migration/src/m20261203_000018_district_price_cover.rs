//! A district's spaces by price, holding what a list's count tests beside them. A search
//! by district and price range (with a keyword, a date or neither) counts its matches by
//! walking the district's spaces: through the district's popular index each entry cost a
//! read of the space's row for its price, 4,000 rows for one district at 100,000 spaces
//! (docs/performance.md). This index reads only the district's spaces in the
//! price range and no row, and holds the group size and facilities too, so a district's
//! count with those reads no row either.

use crate::support::{drop_index, index};
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

pub(crate) const COLUMNS: &[&str] = &[
    "district_id",
    "min_price",
    "deleted_at",
    "open_from",
    "open_until",
    "min_guests",
    "max_guests",
    "facility_mask",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        index(manager, "spaces", "district_price_cover", COLUMNS, false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        drop_index(manager, "spaces", "district_price_cover").await
    }
}
