//! Likes: the space's row is locked first (by updating its count), so concurrent likes of
//! one space queue up instead of deadlocking, and the count follows the rows exactly. A
//! like or unlike raises the user's taste version.

use super::detail_cache::raise_version;
use super::taste_version::raise_taste_version;
use super::{is_unique_violation, search_changes, with_retries};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ourspace_domain::review::LikeRepository;
use ourspace_domain::shared::{BoxError, SpaceId, UserId};
use sea_orm::sea_query::{Expr, ExprTrait, Query, UpdateStatement};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};

/// `UPDATE spaces SET like_count = like_count + by` of `space` (and its version).
fn count_by(space: SpaceId, by: i32) -> UpdateStatement {
    let mut update = Query::update();
    update
        .table("spaces")
        .value("like_count", Expr::col("like_count").add(by))
        .and_where(Expr::col("id").eq(space.get()));
    raise_version(&mut update).take()
}

/// Reads and writes likes.
#[derive(Clone)]
pub struct SeaOrmLikeRepository {
    db: DatabaseConnection,
}

impl SeaOrmLikeRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

#[derive(FromQueryResult)]
struct LikeCount {
    like_count: i64,
}

/// The like count of a live space.
async fn like_count(db: &impl ConnectionTrait, space: SpaceId) -> Result<Option<u32>, DbErr> {
    let query = Query::select()
        .column("like_count")
        .from("spaces")
        .and_where(Expr::col("id").eq(space.get()))
        .and_where(Expr::col("deleted_at").is_null())
        .take();
    Ok(
        LikeCount::find_by_statement(db.get_database_backend().build(&query))
            .one(db)
            .await?
            .map(|r| u32::try_from(r.like_count).unwrap_or(0)),
    )
}

#[async_trait]
impl LikeRepository for SeaOrmLikeRepository {
    async fn like(
        &self,
        user: UserId,
        space: SpaceId,
        at: DateTime<Utc>,
    ) -> Result<Option<u32>, BoxError> {
        let outcome = with_retries(|| async {
            in_transaction!(self.db, txn => {
                let live = count_by(space, 1)
                    .and_where(Expr::col("deleted_at").is_null())
                    .take();
                let counted = txn.execute(&live).await?.rows_affected();
                if counted == 0 {
                    return Ok(None);
                }
                search_changes::record(&txn, space.get()).await?;
                let like = Query::insert()
                    .into_table("likes")
                    .columns(["user_id", "space_id", "created_at"])
                    .values([user.get().into(), space.get().into(), at.into()])
                    .map_err(|e| DbErr::Custom(e.to_string()))?
                    .take();
                txn.execute(&like).await?;
                raise_taste_version(&txn, user.get()).await?;
                like_count(&txn, space).await
            })
        })
        .await;
        match outcome {
            Ok(count) => Ok(count),
            // Liked already: the count went back with the rollback.
            Err(e) if is_unique_violation(&e) => Ok(like_count(&self.db, space).await?),
            Err(e) => Err(e.into()),
        }
    }

    async fn unlike(&self, user: UserId, space: SpaceId) -> Result<Option<u32>, BoxError> {
        let count = with_retries(|| async {
            in_transaction!(self.db, txn => {
                let like = Query::delete()
                    .from_table("likes")
                    .and_where(Expr::col("user_id").eq(user.get()))
                    .and_where(Expr::col("space_id").eq(space.get()))
                    .take();
                let removed = txn.execute(&like).await?.rows_affected();
                if removed > 0 {
                    txn.execute(&count_by(space, -1)).await?;
                    search_changes::record(&txn, space.get()).await?;
                    raise_taste_version(&txn, user.get()).await?;
                }
                like_count(&txn, space).await
            })
        })
        .await?;
        Ok(count)
    }
}
