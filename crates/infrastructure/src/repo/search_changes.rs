//! Writes the search index's change feed (`search_changes`): a row naming each space whose
//! searchable facts a write changes, inside that write's transaction. The feed's reader is
//! `crate::search::feed`.

use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ConnectionTrait, DbErr};

/// Space `space` changed in what a search answers.
pub(crate) async fn record<C: ConnectionTrait>(db: &C, space: i64) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("search_changes")
        .columns(["space_id"])
        .values_panic([space.into()])
        .take();
    db.execute(&insert).await.map(|_| ())
}

/// Every space `spaces` selects (one column, the space's id) changed.
async fn record_selected<C: ConnectionTrait>(db: &C, spaces: SelectStatement) -> Result<(), DbErr> {
    let insert = Query::insert()
        .into_table("search_changes")
        .columns(["space_id"])
        .select_from(spaces)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .take();
    db.execute(&insert).await.map(|_| ())
}

/// Every space `user` likes changed (their like is about to go).
pub(crate) async fn record_liked_by<C: ConnectionTrait>(db: &C, user: i64) -> Result<(), DbErr> {
    let liked = Query::select()
        .column("space_id")
        .from("likes")
        .and_where(Expr::col("user_id").eq(user))
        .take();
    record_selected(db, liked).await
}

/// Every space changed (what searches read was rebuilt).
pub(crate) async fn record_every_space<C: ConnectionTrait>(db: &C) -> Result<(), DbErr> {
    record_selected(db, Query::select().column("id").from("spaces").take()).await
}
