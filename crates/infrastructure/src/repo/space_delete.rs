//! Deleting a space: its rows when no order refers to it, otherwise its images and likes,
//! keeping the row hidden for the orders' history.

use super::count;
use super::count_all;
use super::search_changes;
use super::space_write::live_space;
use super::status_sql;
use crate::entity::{space_images, spaces};
use chrono::{DateTime, NaiveDate, Utc};
use ourspace_domain::shared::SpaceId;
use ourspace_domain::space::ports::SpaceDeletion;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, QuerySelect,
};

/// `SELECT COUNT(*) AS n FROM orders WHERE space_id = …`.
fn orders_of(id: SpaceId) -> SelectStatement {
    Query::select()
        .expr_as(count_all(), "n")
        .from("orders")
        .and_where(Expr::col("space_id").eq(id.get()))
        .take()
}

/// Deletes the space: its rows when no order refers to it, otherwise its images and likes,
/// keeping the row hidden for the orders' history.
pub(super) async fn delete(
    txn: &DatabaseTransaction,
    id: SpaceId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<SpaceDeletion, DbErr> {
    if live_space(id).one(txn).await?.is_none() {
        return Ok(SpaceDeletion::NotFound);
    }
    let active = active_orders(txn, id, today, now).await?;
    if active > 0 {
        return Ok(SpaceDeletion::HasActiveOrders);
    }
    let image_keys: Vec<String> = space_images::Entity::find()
        .select_only()
        .column(space_images::Column::ObjectKey)
        .filter(space_images::Column::SpaceId.eq(id.get()))
        .into_tuple()
        .all(txn)
        .await?;
    let orders = count(txn, &orders_of(id)).await?;
    search_changes::record(txn, id.get()).await?;
    if orders == 0 {
        spaces::Entity::delete_by_id(id.get()).exec(txn).await?;
    } else {
        for table in ["space_images", "likes"] {
            let rows = Query::delete()
                .from_table(table)
                .and_where(Expr::col("space_id").eq(id.get()))
                .take();
            txn.execute(&rows).await?;
        }
        let hide = Query::update()
            .table("spaces")
            .values([
                ("deleted_at", now.into()),
                ("like_count", 0.into()),
                ("updated_at", now.into()),
            ])
            .and_where(Expr::col("id").eq(id.get()))
            .take();
        txn.execute(&hide).await?;
    }
    Ok(SpaceDeletion::Deleted { image_keys })
}

/// Orders that still hold the space, for today or later (a night package from yesterday may
/// still be running).
async fn active_orders(
    txn: &DatabaseTransaction,
    id: SpaceId,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<i64, DbErr> {
    let holding = orders_of(id)
        .and_where(status_sql::runs_on_or_after("orders", today))
        .and_where(status_sql::holding_at("orders", now))
        .take();
    count(txn, &holding).await
}
