//! Likes: the space's row is locked first (by updating its count), so concurrent likes of
//! one space queue up instead of deadlocking, and the count follows the rows exactly.

use super::{exec, is_unique_violation, postings, with_retries};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ourspace_domain::review::LikeRepository;
use ourspace_domain::shared::{BoxError, SpaceId, UserId};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult, Statement};

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
    let stmt = Statement::from_sql_and_values(
        db.get_database_backend(),
        "SELECT like_count FROM spaces WHERE id = ? AND deleted_at IS NULL",
        [space.get().into()],
    );
    Ok(LikeCount::find_by_statement(stmt)
        .one(db)
        .await?
        .map(|r| u32::try_from(r.like_count).unwrap_or(0)))
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
                let counted = txn
                    .execute_raw(Statement::from_sql_and_values(
                        txn.get_database_backend(),
                        "UPDATE spaces SET like_count = like_count + 1 \
                         WHERE id = ? AND deleted_at IS NULL",
                        [space.get().into()],
                    ))
                    .await?
                    .rows_affected();
                if counted == 0 {
                    return Ok(None);
                }
                postings::follow_space(&txn, space.get()).await?;
                exec(
                    &txn,
                    "INSERT INTO likes (user_id, space_id, created_at) VALUES (?, ?, ?)",
                    vec![user.get().into(), space.get().into(), at.into()],
                )
                .await?;
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
                let removed = txn
                    .execute_raw(Statement::from_sql_and_values(
                        txn.get_database_backend(),
                        "DELETE FROM likes WHERE user_id = ? AND space_id = ?",
                        [user.get().into(), space.get().into()],
                    ))
                    .await?
                    .rows_affected();
                if removed > 0 {
                    exec(
                        &txn,
                        "UPDATE spaces SET like_count = like_count - 1 WHERE id = ?",
                        vec![space.get().into()],
                    )
                    .await?;
                    postings::follow_space(&txn, space.get()).await?;
                }
                like_count(&txn, space).await
            })
        })
        .await?;
        Ok(count)
    }
}
