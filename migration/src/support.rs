//! Helpers the migrations share: backend-aware table creation, foreign keys, indexes.

use sea_orm_migration::prelude::*;
use sea_orm_migration::sea_orm::DbBackend;

/// Creates `table`, in UTF-8 (utf8mb4) on MySQL so Korean text round-trips whatever the
/// server's default charset.
pub async fn create_table(
    manager: &SchemaManager<'_>,
    mut table: TableCreateStatement,
) -> Result<(), DbErr> {
    if manager.get_database_backend() == DbBackend::MySql {
        table
            .engine("InnoDB")
            .character_set("utf8mb4")
            .collate("utf8mb4_unicode_ci");
    }
    manager.create_table(table).await
}

/// A foreign key from `table.column` to `target.id`.
pub fn fk(
    table: &'static str,
    column: &'static str,
    target: &'static str,
    on_delete: ForeignKeyAction,
) -> ForeignKeyCreateStatement {
    ForeignKey::create()
        .name(format!("fk_{table}_{column}"))
        .from(table, column)
        .to(target, "id")
        .on_delete(on_delete)
        .to_owned()
}

/// An index named `idx_{table}_{name}` over `columns`.
pub async fn index(
    manager: &SchemaManager<'_>,
    table: &'static str,
    name: &str,
    columns: &[&'static str],
    unique: bool,
) -> Result<(), DbErr> {
    let mut stmt = Index::create();
    stmt.name(format!("idx_{table}_{name}")).table(table);
    for c in columns {
        stmt.col(*c);
    }
    if unique {
        stmt.unique();
    }
    manager.create_index(stmt).await
}

/// Drops the index `idx_{table}_{name}` made by [`index`].
pub async fn drop_index(
    manager: &SchemaManager<'_>,
    table: &'static str,
    name: &str,
) -> Result<(), DbErr> {
    let stmt = Index::drop()
        .name(format!("idx_{table}_{name}"))
        .table(table)
        .to_owned();
    manager.drop_index(stmt).await
}

/// Drops the tables in the order given.
pub async fn drop_tables(
    manager: &SchemaManager<'_>,
    tables: &[&'static str],
) -> Result<(), DbErr> {
    for t in tables {
        manager
            .drop_table(Table::drop().table(*t).if_exists().to_owned())
            .await?;
    }
    Ok(())
}
