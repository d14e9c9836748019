//! Deleting a space: its rows when no order refers to it, otherwise its images and likes,
//! keeping the row hidden for the orders' history.

use super::count;
use super::space_write::{count_live, live_space};
use super::status_sql;
use crate::entity::{space_images, spaces};
use chrono::{DateTime, Days, NaiveDate, Utc};
use ourspace_domain::shared::SpaceId;
use ourspace_domain::space::ports::SpaceDeletion;
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter,
    QuerySelect, Statement,
};

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
    let orders = count(
        txn,
        "SELECT COUNT(*) AS n FROM orders WHERE space_id = ?",
        vec![id.get().into()],
    )
    .await?;
    count_live(txn, -1).await?;
    if orders == 0 {
        spaces::Entity::delete_by_id(id.get()).exec(txn).await?;
    } else {
        let backend = txn.get_database_backend();
        // Grams only for live spaces: a two-character search counts its matches by them.
        for sql in [
            "DELETE FROM space_images WHERE space_id = ?",
            "DELETE FROM likes WHERE space_id = ?",
            "DELETE FROM space_grams WHERE space_id = ?",
        ] {
            txn.execute_raw(Statement::from_sql_and_values(
                backend,
                sql,
                [id.get().into()],
            ))
            .await?;
        }
        txn.execute_raw(Statement::from_sql_and_values(
            backend,
            "UPDATE spaces SET deleted_at = ?, like_count = 0, updated_at = ? WHERE id = ?",
            [now.into(), now.into(), id.get().into()],
        ))
        .await?;
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
    let yesterday = today - Days::new(1);
    let (holding, holding_values) = status_sql::holds_hours_at("", now);
    count(
        txn,
        &format!(
            "SELECT COUNT(*) AS n FROM orders WHERE space_id = ? \
             AND (date >= ? OR (date = ? AND end_hour > 24)) AND {holding}"
        ),
        [id.get().into(), today.into(), yesterday.into()]
            .into_iter()
            .chain(holding_values)
            .collect(),
    )
    .await
}
