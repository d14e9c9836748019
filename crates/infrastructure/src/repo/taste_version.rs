//! `users.taste_version` (migration 21): raised in the transaction of every write that
//! changes what a guest's recommendations are drawn from — an order placed, an order moved
//! into or out of being a choice (`recommend::is_choice`: refused), a like or unlike, a
//! review written or deleted. A server keeps a guest's taste only at the version it read
//! it at (`recommend::RecommendationService`), so a choice made on any server is seen by
//! the next request on every server.

use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DbErr};

/// Raises `user`'s taste version inside the caller's transaction.
pub(crate) async fn raise_taste_version(db: &impl ConnectionTrait, user: i64) -> Result<(), DbErr> {
    let update = Query::update()
        .table("users")
        .value("taste_version", Expr::col("taste_version").add(1))
        .and_where(Expr::col("id").eq(user))
        .take();
    db.execute(&update).await.map(|_| ())
}
