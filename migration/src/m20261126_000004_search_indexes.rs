//! Indexes for search, from the benchmark's plans (docs/performance.md):
//! - `space_grams`: the character bigrams of each space's searchable text, for keyword
//!   search (see `ourspace_domain::space::keyword`), filled for the spaces that already exist;
//! - `idx_spaces_live (deleted_at)`: counting the live spaces reads this narrow index
//!   instead of every (wide) row;
//! - `space_totals`: the number of live spaces, kept in step by space writes, so the
//!   unfiltered list (the home page) needs no count at all.

use crate::support::{create_table, fk, index};
use ourspace_domain::space::keyword::bigrams;
use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::{ConnectionTrait, DbBackend, Statement, Value};

#[derive(DeriveMigrationName)]
pub struct Migration;

#[async_trait::async_trait]
impl MigrationTrait for Migration {
    async fn up(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        let mut gram = ColumnDef::new("gram");
        gram.string_len(2).not_null();
        if manager.get_database_backend() == DbBackend::MySql {
            // Byte-wise: the text is lower-cased already, and Korean syllables must not
            // fold into each other.
            gram.extra("COLLATE utf8mb4_bin");
        }
        create_table(
            manager,
            Table::create()
                .table("space_grams")
                .col(&mut gram)
                .col(ColumnDef::new("space_id").big_integer().not_null())
                .primary_key(Index::create().col("gram").col("space_id"))
                .foreign_key(&mut fk(
                    "space_grams",
                    "space_id",
                    "spaces",
                    ForeignKeyAction::Cascade,
                ))
                .to_owned(),
        )
        .await?;
        index(manager, "space_grams", "space", &["space_id"], false).await?;
        index(manager, "spaces", "live", &["deleted_at"], false).await?;
        create_table(
            manager,
            Table::create()
                .table("space_totals")
                .col(
                    ColumnDef::new("id")
                        .small_integer()
                        .not_null()
                        .primary_key(),
                )
                .col(ColumnDef::new("live").big_integer().not_null())
                .to_owned(),
        )
        .await?;
        manager
            .get_connection()
            .execute_unprepared(
                "INSERT INTO space_totals (id, live) \
                 SELECT 1, COUNT(*) FROM spaces WHERE deleted_at IS NULL",
            )
            .await?;
        backfill(manager).await
    }

    async fn down(&self, manager: &SchemaManager) -> Result<(), DbErr> {
        manager
            .drop_table(Table::drop().table("space_totals").if_exists().to_owned())
            .await?;
        manager
            .drop_index(
                Index::drop()
                    .name("idx_spaces_live")
                    .table("spaces")
                    .to_owned(),
            )
            .await?;
        manager
            .drop_table(Table::drop().table("space_grams").if_exists().to_owned())
            .await
    }
}

/// Fills the grams of every existing space.
async fn backfill(manager: &SchemaManager<'_>) -> Result<(), DbErr> {
    let db = manager.get_connection();
    let backend = manager.get_database_backend();
    let rows = db
        .query_all_raw(Statement::from_string(
            backend,
            "SELECT id, search_text FROM spaces WHERE deleted_at IS NULL",
        ))
        .await?;
    let mut pairs: Vec<(String, i64)> = Vec::new();
    for row in rows {
        let id: i64 = row.try_get("", "id")?;
        let text: String = row.try_get("", "search_text")?;
        pairs.extend(bigrams(&text).into_iter().map(|g| (g, id)));
    }
    insert_grams(db, backend, &pairs).await
}

/// Inserts `(gram, space_id)` rows in batches.
///
/// # Errors
/// The database failure.
async fn insert_grams<C: ConnectionTrait>(
    db: &C,
    backend: DbBackend,
    pairs: &[(String, i64)],
) -> Result<(), DbErr> {
    for chunk in pairs.chunks(500) {
        let rows = vec!["(?, ?)"; chunk.len()].join(", ");
        let values: Vec<Value> = chunk
            .iter()
            .flat_map(|(g, id)| [Value::from(g.clone()), Value::from(*id)])
            .collect();
        db.execute_raw(Statement::from_sql_and_values(
            backend,
            format!("INSERT INTO space_grams (gram, space_id) VALUES {rows}"),
            values,
        ))
        .await?;
    }
    Ok(())
}
