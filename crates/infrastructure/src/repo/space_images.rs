//! A space's photos: appending within the limit, deleting one, and which stored keys rows
//! still refer to.

use super::detail_cache::raise_versions;
use super::search_changes;
use super::space_write::live_space;
use crate::entity::space_images;
use chrono::{DateTime, Utc};
use ourspace_domain::shared::{ImageId, SpaceId};
use ourspace_domain::space::NewImage;
use ourspace_domain::space::ports::{ImageDeletion, ImagesAdded};
use sea_orm::sea_query::{Expr, ExprTrait, Query, UnionType};
use sea_orm::{
    ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set,
};

/// Appends images after the existing ones, unless the total would pass `max`.
pub(super) async fn add_images(
    txn: &DatabaseTransaction,
    id: SpaceId,
    images: &[NewImage],
    max: usize,
    now: DateTime<Utc>,
) -> Result<ImagesAdded, DbErr> {
    // Locks the space row on MySQL, so two uploads cannot both pass the count.
    if live_space(id).lock_exclusive().one(txn).await?.is_none() {
        return Ok(ImagesAdded::NotFound);
    }
    let existing = space_images::Entity::find()
        .filter(space_images::Column::SpaceId.eq(id.get()))
        .order_by_desc(space_images::Column::Position)
        .all(txn)
        .await?;
    if existing.len() + images.len() > max {
        return Ok(ImagesAdded::TooMany);
    }
    let next = existing.first().map_or(0, |i| i.position + 1);
    space_images::Entity::insert_many(images.iter().enumerate().map(|(i, img)| {
        space_images::ActiveModel {
            space_id: Set(id.get()),
            object_key: Set(img.key.clone()),
            url: Set(img.url.clone()),
            thumbnail_url: Set(Some(img.thumbnail_url.clone())),
            position: Set(next + i32::try_from(i).unwrap_or(i32::MAX)),
            created_at: Set(now),
            ..Default::default()
        }
    }))
    .exec(txn)
    .await?;
    raise_versions(txn, Expr::col("id").eq(id.get())).await?;
    search_changes::record(txn, id.get()).await?;
    Ok(ImagesAdded::Added)
}

/// Removes one image row, unless it is the space's last.
pub(super) async fn delete_image(
    txn: &DatabaseTransaction,
    id: SpaceId,
    image: ImageId,
) -> Result<ImageDeletion, DbErr> {
    if live_space(id).lock_exclusive().one(txn).await?.is_none() {
        return Ok(ImageDeletion::NotFound);
    }
    let Some(row) = space_images::Entity::find_by_id(image.get())
        .filter(space_images::Column::SpaceId.eq(id.get()))
        .one(txn)
        .await?
    else {
        return Ok(ImageDeletion::NotFound);
    };
    let total = space_images::Entity::find()
        .filter(space_images::Column::SpaceId.eq(id.get()))
        .count(txn)
        .await?;
    if total <= 1 {
        return Ok(ImageDeletion::LastImage);
    }
    space_images::Entity::delete_by_id(row.id).exec(txn).await?;
    raise_versions(txn, Expr::col("id").eq(id.get())).await?;
    search_changes::record(txn, id.get()).await?;
    Ok(ImageDeletion::Deleted {
        key: row.object_key,
    })
}

/// Which of `keys` an image row refers to.
pub(super) async fn image_keys_in_use(
    db: &DatabaseConnection,
    keys: &[String],
) -> Result<Vec<String>, DbErr> {
    if keys.is_empty() {
        return Ok(Vec::new());
    }
    let keys = || keys.iter().map(String::as_str);
    let in_use = Query::select()
        .column("object_key")
        .from("space_images")
        .and_where(Expr::col("object_key").is_in(keys()))
        .union(
            UnionType::Distinct,
            Query::select()
                .expr_as(Expr::col("image_key"), "object_key")
                .from("reviews")
                .and_where(Expr::col("image_key").is_in(keys()))
                .take(),
        )
        .take();
    let rows = db.query_all(&in_use).await?;
    rows.iter()
        .map(|r| r.try_get::<String>("", "object_key"))
        .collect()
}
