//! Radius searches read the circle, not its latitude band: each space keeps the number of
//! the grid cell its coordinates fall in (`Coordinates::grid_cell`, the domain's rule,
//! written with every change of coordinates), and an index led by the cell carries what a
//! radius search with a date filters on — live, open period, the unit vector of the exact
//! distance test and the guest limits — so the count of a circle is read from the index
//! alone (docs/performance.md).

use crate::support::index;
use ourspace_domain::shared::Coordinates;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, FromQueryResult};

#[derive(DeriveMigrationName)]
pub struct Migration;

/// The cell index's columns, the cell first.
const CELL_INDEX: &[&str] = &[
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

/// Rows written per backfill statement.
const BATCH: usize = 500;

#[derive(FromQueryResult)]
struct Located {
    id: i64,
    latitude: f64,
    longitude: f64,
}

/// Writes every existing space's cell, `BATCH` spaces per statement.
async fn backfill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let select = Query::select()
        .columns(["id", "latitude", "longitude"])
        .from("spaces")
        .to_owned();
    let rows = Located::find_by_statement(backend.build(&select))
        .all(db)
        .await?;
    for batch in rows.chunks(BATCH) {
        let mut cell = Expr::case(Expr::col("id").eq(batch[0].id), cell_of(&batch[0])?);
        for row in &batch[1..] {
            cell = cell.case(Expr::col("id").eq(row.id), cell_of(row)?);
        }
        let update = Query::update()
            .table("spaces")
            .value("grid_cell", cell.finally(0))
            .and_where(Expr::col("id").is_in(batch.iter().map(|r| r.id)))
            .to_owned();
        db.execute(&update).await?;
    }
    Ok(())
}

fn cell_of(row: &Located) -> Result<i64, DbErr> {
    Coordinates::new(row.latitude, row.longitude)
        .map(Coordinates::grid_cell)
        .map_err(|e| DbErr::Migration(format!("space {}: {e}", row.id)))
}

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
        backfill(manager).await?;
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
