//! `space_calendar`: per space and date with a held hour, the hours (0–47 from that date's
//! midnight) held by confirmed and by waiting orders, the latest waiting deadline, and
//! whether nothing is left to book (with confirmed hours alone, and with waiting ones too).
//! Written with every change to `order_slots`; date and hour searches exclude the few rows
//! that conflict instead of testing every space against the slots. Filled from the slots
//! that already exist. With it, `spaces.facility_mask` (see below). Indexes on the open period's ends let a date search's count take
//! away the spaces closed on the date without reading every space.

use crate::support::{create_table, drop_tables, fk, index};
use ourspace_calendar::rebuild_calendar;
use sea_orm_migration::{prelude::*, schema::*};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        create_table(
            manager,
            Table::create()
                .table("space_calendar")
                .col(big_integer("space_id"))
                .col(date("date"))
                .col(big_integer("confirmed_hours"))
                .col(big_integer("waiting_hours"))
                .col(timestamp_with_time_zone_null("waiting_until"))
                .col(boolean("closed_confirmed"))
                .col(boolean("closed_any"))
                .primary_key(Index::create().col("space_id").col("date"))
                .foreign_key(&mut fk(
                    "space_calendar",
                    "space_id",
                    "spaces",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        // A search reads a date's rows from this index alone (flags, deadline and masks).
        index(
            manager,
            "space_calendar",
            "date",
            &[
                "date",
                "closed_confirmed",
                "closed_any",
                "waiting_until",
                "confirmed_hours",
                "waiting_hours",
            ],
            false,
        )
        .await?;
        add_facility_mask(manager).await?;
        // A date search's count takes away the spaces closed on the date: few, by index.
        index(manager, "spaces", "open_from", &["open_from"], false).await?;
        index(manager, "spaces", "open_until", &["open_until"], false).await?;
        rebuild_calendar(manager.get_connection()).await.map(|_| ())
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .alter_table(
                Table::alter()
                    .table("spaces")
                    .drop_column("facility_mask")
                    .to_owned(),
            )
            .await?;
        for name in ["idx_spaces_open_from", "idx_spaces_open_until"] {
            manager
                .drop_index(Index::drop().name(name).table("spaces").to_owned())
                .await?;
        }
        drop_tables(manager, &["space_calendar"]).await
    }
}

/// `spaces.facility_mask`: bit `id - 1` for each of the space's facilities with an id up to
/// 63, kept with the facilities, so "has all of these" is one test on the row instead of a
/// join; filled for the spaces that exist.
async fn add_facility_mask(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    manager
        .alter_table(
            Table::alter()
                .table("spaces")
                .add_column(big_integer("facility_mask").default(0))
                .to_owned(),
        )
        .await?;
    manager
        .get_connection()
        .execute_unprepared(
            "UPDATE spaces SET facility_mask = (SELECT COALESCE(SUM(1 << (sf.facility_id - 1)), 0) \
             FROM space_facilities sf WHERE sf.space_id = spaces.id AND sf.facility_id BETWEEN 1 AND 63)",
        )
        .await
        .map(|_| ())
}
