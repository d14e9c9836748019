//! Reviews, keeping the space's review count, rating sum and average in step in the same
//! transaction (the space's row is updated first, so concurrent reviews queue on it).

use super::{Count, exec, is_unique_violation, postings, with_retries};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ourspace_domain::review::{
    NewReview, Rating, Review, ReviewCreation, ReviewDeletion, ReviewRepository, ReviewView,
};
use ourspace_domain::shared::{BoxError, OrderId, Page, Paged, ReviewId, SpaceId, UserId};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult, Statement};

/// Reads and writes reviews.
#[derive(Clone)]
pub struct SeaOrmReviewRepository {
    db: DatabaseConnection,
}

impl SeaOrmReviewRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

const SELECT: &str = "SELECT r.id, r.space_id, r.author_id, r.order_id, r.rating, r.content, \
     r.image_key, r.image_url, r.created_at, u.nickname FROM reviews r JOIN users u ON u.id = r.author_id";

#[derive(FromQueryResult)]
struct ReviewRow {
    id: i64,
    space_id: i64,
    author_id: i64,
    order_id: i64,
    rating: i64,
    content: String,
    image_key: Option<String>,
    image_url: Option<String>,
    created_at: DateTime<Utc>,
    nickname: String,
}

impl ReviewRow {
    fn into_view(self) -> Result<ReviewView, BoxError> {
        Ok(ReviewView {
            review: Review {
                id: ReviewId(self.id),
                space_id: SpaceId(self.space_id),
                author_id: UserId(self.author_id),
                order_id: OrderId(self.order_id),
                rating: Rating::new(self.rating)?,
                content: self.content,
                image_url: self.image_url,
                created_at: self.created_at,
            },
            author_nickname: self.nickname,
        })
    }
}

async fn rows(
    db: &impl ConnectionTrait,
    sql: String,
    values: Vec<sea_orm::Value>,
) -> Result<Vec<ReviewRow>, DbErr> {
    let stmt = Statement::from_sql_and_values(db.get_database_backend(), sql, values);
    ReviewRow::find_by_statement(stmt).all(db).await
}

#[async_trait]
impl ReviewRepository for SeaOrmReviewRepository {
    async fn create(&self, r: &NewReview) -> Result<ReviewCreation, BoxError> {
        let rating = i64::from(r.rating.get());
        let outcome = with_retries(|| async {
            in_transaction!(self.db, txn => {
                // The average first: MySQL evaluates SET left to right with new values.
                let counted = txn
                    .execute_raw(Statement::from_sql_and_values(
                        txn.get_database_backend(),
                        "UPDATE spaces SET \
                         rating_avg = CAST(rating_sum + ? AS DOUBLE) / (review_count + 1), \
                         rating_sum = rating_sum + ?, review_count = review_count + 1 \
                         WHERE id = ? AND deleted_at IS NULL",
                        [rating.into(), rating.into(), r.space_id.get().into()],
                    ))
                    .await?
                    .rows_affected();
                if counted == 0 {
                    return Ok(None);
                }
                postings::follow_space(&txn, r.space_id.get()).await?;
                let inserted = txn
                    .execute_raw(Statement::from_sql_and_values(
                        txn.get_database_backend(),
                        "INSERT INTO reviews (space_id, author_id, order_id, rating, content, \
                         image_key, image_url, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)",
                        [
                            r.space_id.get().into(),
                            r.author_id.get().into(),
                            r.order_id.get().into(),
                            rating.into(),
                            r.content.clone().into(),
                            r.image.as_ref().map(|i| i.key.clone()).into(),
                            r.image.as_ref().map(|i| i.url.clone()).into(),
                            r.created_at.into(),
                        ],
                    ))
                    .await?;
                Ok(Some(inserted.last_insert_id()))
            })
        })
        .await;
        match outcome {
            Ok(Some(id)) => Ok(ReviewCreation::Created(ReviewId(i64::try_from(id)?))),
            Ok(None) => Ok(ReviewCreation::SpaceNotFound),
            // The unique index on `reviews.order_id`.
            Err(e) if is_unique_violation(&e) => Ok(ReviewCreation::AlreadyReviewed),
            Err(e) => Err(e.into()),
        }
    }

    async fn find(&self, id: ReviewId) -> Result<Option<ReviewView>, BoxError> {
        rows(
            &self.db,
            format!("{SELECT} WHERE r.id = ?"),
            vec![id.get().into()],
        )
        .await?
        .into_iter()
        .next()
        .map(ReviewRow::into_view)
        .transpose()
    }

    async fn list(
        &self,
        space: SpaceId,
        page: Page,
    ) -> Result<Option<Paged<ReviewView>>, BoxError> {
        let stmt = Statement::from_sql_and_values(
            self.db.get_database_backend(),
            "SELECT (SELECT COUNT(*) FROM reviews r WHERE r.space_id = s.id) AS n \
             FROM spaces s WHERE s.id = ? AND s.deleted_at IS NULL",
            [space.get().into()],
        );
        let Some(total) = Count::find_by_statement(stmt).one(&self.db).await? else {
            return Ok(None);
        };
        let items = rows(
            &self.db,
            format!("{SELECT} WHERE r.space_id = ? ORDER BY r.created_at DESC, r.id DESC LIMIT ? OFFSET ?"),
            vec![
                space.get().into(),
                i64::from(page.per_page()).into(),
                (page.offset() as i64).into(),
            ],
        )
        .await?
        .into_iter()
        .map(ReviewRow::into_view)
        .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Paged::new(items, page, u64::try_from(total.n)?)))
    }

    async fn delete(&self, id: ReviewId, author: UserId) -> Result<ReviewDeletion, BoxError> {
        let found = rows(
            &self.db,
            format!("{SELECT} WHERE r.id = ?"),
            vec![id.get().into()],
        )
        .await?
        .into_iter()
        .next();
        let Some(row) = found else {
            return Ok(ReviewDeletion::NotFound);
        };
        if row.author_id != author.get() {
            return Ok(ReviewDeletion::NotAuthor);
        }
        let deleted = with_retries(|| async {
            in_transaction!(self.db, txn => {
                let removed = txn
                    .execute_raw(Statement::from_sql_and_values(
                        txn.get_database_backend(),
                        "DELETE FROM reviews WHERE id = ? AND author_id = ?",
                        [id.get().into(), author.get().into()],
                    ))
                    .await?
                    .rows_affected();
                if removed > 0 {
                    exec(
                        &txn,
                        "UPDATE spaces SET rating_avg = CASE WHEN review_count > 1 \
                         THEN CAST(rating_sum - ? AS DOUBLE) / (review_count - 1) ELSE 0 END, \
                         rating_sum = rating_sum - ?, review_count = review_count - 1 WHERE id = ?",
                        vec![row.rating.into(), row.rating.into(), row.space_id.into()],
                    )
                    .await?;
                    postings::follow_space(&txn, row.space_id).await?;
                }
                Ok(removed > 0)
            })
        })
        .await?;
        Ok(if deleted {
            ReviewDeletion::Deleted {
                image_key: row.image_key,
            }
        } else {
            ReviewDeletion::NotFound
        })
    }
}
