//! Radius searches read the circle, not its latitude band: each space keeps the number of
//! the grid cell its coordinates fall in (`Coordinates::grid_cell`, the domain's rule,
//! written with every change of coordinates), and an index led by the cell carries what a
//! radius search with a date filters on — live, open period, the unit vector of the exact
//! distance test and the guest limits — so the count of a circle is read from the index
//! alone. (The cells were filled by the space writes of the time; migration
//! `m20261208_000025` drops them: search reads its own index.)

use crate::support::index;
use sea_orm_migration::prelude::*;

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The cell index's columns, the cell first.
pub(crate) const CELL_INDEX: &[&str] = &[
    "grid_cell",
    "deleted_at",
    "open_from",
    "open_until",
    "geo_x",
    "geo_y",
    "geo_z",
    "min_guests",
    "max_guests",
];

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("spaces")
                    .add_column(
                        ColumnDef::new("grid_cell")
                            .big_integer()
                            .not_null()
                            .default(0),
                    )
                    .to_owned(),
            )
            .await?;
        index(manager, "spaces", "cell", CELL_INDEX, false).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_index(
                Index::drop()
                    .name("idx_spaces_cell")
                    .table("spaces")
                    .to_owned(),
            )
            .await?;
        manager
            .alter_table(
                Table::alter()
                    .table("spaces")
                    .drop_column("grid_cell")
                    .to_owned(),
            )
            .await
    }
}
