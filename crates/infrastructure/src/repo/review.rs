//! Reviews, keeping the space's review count, rating sum and average in step in the same
//! transaction (the space's row is updated first, so concurrent reviews queue on it), and
//! raising the author's taste version.

use super::count_all;
use super::detail_cache::raise_version;
use super::taste_version::raise_taste_version;
use super::{Count, is_unique_violation, search_changes, with_retries};
use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ourspace_domain::review::{
    NewReview, Rating, Review, ReviewCreation, ReviewDeletion, ReviewRepository, ReviewView,
};
use ourspace_domain::shared::{BoxError, OrderId, Page, Paged, ReviewId, SpaceId, UserId};
use sea_orm::sea_query::{
    Expr, ExprTrait, JoinType, Order, Query, SelectStatement, UpdateStatement,
};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr, FromQueryResult};

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

/// The columns a review is written with (beside its id).
const WRITTEN: [&str; 8] = [
    "space_id",
    "author_id",
    "order_id",
    "rating",
    "content",
    "image_key",
    "image_url",
    "created_at",
];

/// Reviews `r` with their author's nickname.
fn reviews() -> SelectStatement {
    Query::select()
        .column(("r", "id"))
        .columns(WRITTEN.map(|c| ("r", c)))
        .column(("u", "nickname"))
        .from_as("reviews", "r")
        .join_as(
            JoinType::InnerJoin,
            "users",
            "u",
            Expr::col(("u", "id")).equals(("r", "author_id")),
        )
        .take()
}

/// Adds a review of `rating` to the space's count, sum and average (`by` = 1), or takes
/// one away (`by` = -1). The average first: MySQL evaluates `SET` left to right with new
/// values.
fn rating_change(space: i64, rating: i64, by: i32) -> UpdateStatement {
    let col = Expr::col;
    let count = col("review_count").add(by);
    let average = col("rating_sum")
        .add(rating * i64::from(by))
        .cast_as("DOUBLE")
        .div(count.clone());
    let mut update = Query::update();
    update
        .table("spaces")
        .value(
            "rating_avg",
            Expr::case(count.clone().gt(0), average).finally(0),
        )
        .value("rating_sum", col("rating_sum").add(rating * i64::from(by)))
        .value("review_count", count)
        .and_where(col("id").eq(space));
    raise_version(&mut update).take()
}

/// The review `id`.
fn review(id: ReviewId) -> SelectStatement {
    reviews()
        .and_where(Expr::col(("r", "id")).eq(id.get()))
        .take()
}

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

async fn rows(db: &impl ConnectionTrait, query: &SelectStatement) -> Result<Vec<ReviewRow>, DbErr> {
    ReviewRow::find_by_statement(db.get_database_backend().build(query))
        .all(db)
        .await
}

#[async_trait]
impl ReviewRepository for SeaOrmReviewRepository {
    async fn create(&self, r: &NewReview) -> Result<ReviewCreation, BoxError> {
        let rating = i64::from(r.rating.get());
        let outcome = with_retries(|| async {
            in_transaction!(self.db, txn => {
                let live = rating_change(r.space_id.get(), rating, 1)
                    .and_where(Expr::col("deleted_at").is_null())
                    .take();
                let counted = txn.execute(&live).await?.rows_affected();
                if counted == 0 {
                    return Ok(None);
                }
                search_changes::record(&txn, r.space_id.get()).await?;
                let review = Query::insert()
                    .into_table("reviews")
                    .columns(WRITTEN)
                    .values([
                        r.space_id.get().into(),
                        r.author_id.get().into(),
                        r.order_id.get().into(),
                        rating.into(),
                        r.content.clone().into(),
                        r.image.as_ref().map(|i| i.key.clone()).into(),
                        r.image.as_ref().map(|i| i.url.clone()).into(),
                        r.created_at.into(),
                    ])
                    .map_err(|e| DbErr::Custom(e.to_string()))?
                    .take();
                let inserted = txn.execute(&review).await?;
                raise_taste_version(&txn, r.author_id.get()).await?;
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
        rows(&self.db, &review(id))
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
        let reviews_of_space = Query::select()
            .expr(count_all())
            .from_as("reviews", "r")
            .and_where(Expr::col(("r", "space_id")).equals(("s", "id")))
            .take();
        let total = Query::select()
            .expr_as(reviews_of_space, "n")
            .from_as("spaces", "s")
            .and_where(Expr::col(("s", "id")).eq(space.get()))
            .and_where(Expr::col(("s", "deleted_at")).is_null())
            .take();
        let total = self.db.get_database_backend().build(&total);
        let Some(total) = Count::find_by_statement(total).one(&self.db).await? else {
            return Ok(None);
        };
        let newest_first = reviews()
            .and_where(Expr::col(("r", "space_id")).eq(space.get()))
            .order_by(("r", "created_at"), Order::Desc)
            .order_by(("r", "id"), Order::Desc)
            .limit(u64::from(page.per_page()))
            .offset(page.offset())
            .take();
        let items = rows(&self.db, &newest_first)
            .await?
            .into_iter()
            .map(ReviewRow::into_view)
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Some(Paged::new(items, page, u64::try_from(total.n)?)))
    }

    async fn delete(&self, id: ReviewId, author: UserId) -> Result<ReviewDeletion, BoxError> {
        let found = rows(&self.db, &review(id)).await?.into_iter().next();
        let Some(row) = found else {
            return Ok(ReviewDeletion::NotFound);
        };
        if row.author_id != author.get() {
            return Ok(ReviewDeletion::NotAuthor);
        }
        let deleted = with_retries(|| async {
            in_transaction!(self.db, txn => {
                let review = Query::delete()
                    .from_table("reviews")
                    .and_where(Expr::col("id").eq(id.get()))
                    .and_where(Expr::col("author_id").eq(author.get()))
                    .take();
                let removed = txn.execute(&review).await?.rows_affected();
                if removed > 0 {
                    txn.execute(&rating_change(row.space_id, row.rating, -1))
                        .await?;
                    search_changes::record(&txn, row.space_id).await?;
                    raise_taste_version(&txn, author.get()).await?;
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
