//! Writes the search index's change feed (`search_changes`): a row naming each space whose
//! searchable facts a write changes, inside that write's transaction. The feed's reader is
//! `crate::search::feed`.

use sea_orm::sea_query::{Expr, ExprTrait, Query};
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

/// Every space `user` likes changed (their like is about to go).
pub(crate) async fn record_liked_by<C: ConnectionTrait>(db: &C, user: i64) -> Result<(), DbErr> {
    let liked = Query::select()
        .column("space_id")
        .from("likes")
        .and_where(Expr::col("user_id").eq(user))
        .take();
    let insert = Query::insert()
        .into_table("search_changes")
        .columns(["space_id"])
        .select_from(liked)
        .map_err(|e| DbErr::Custom(e.to_string()))?
        .take();
    db.execute(&insert).await.map(|_| ())
}
