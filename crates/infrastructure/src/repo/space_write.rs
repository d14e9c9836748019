//! Space writes: each runs inside one transaction the caller opened.

use super::calendar;
use super::detail_cache::raise_versions;
use super::search_changes;
use crate::entity::{categories, districts, price_options, space_facilities, space_images, spaces};
use chrono::{DateTime, Utc};
use ourspace_domain::shared::{SpaceId, UserId};
use ourspace_domain::space::{NewImage, SpaceDraft};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter, Set,
};

/// What keyword search looks through: the text fields and the category and district
/// names, lower-cased (the keyword is lower-cased too, so matching ignores case).
async fn search_text(txn: &DatabaseTransaction, draft: &SpaceDraft) -> Result<String, DbErr> {
    let category = categories::Entity::find_by_id(draft.category_id.get())
        .one(txn)
        .await?;
    let district = districts::Entity::find_by_id(draft.district_id.get())
        .one(txn)
        .await?;
    Ok(search_text_of(
        draft,
        category.map(|c| c.name).as_deref().unwrap_or_default(),
        district.map(|d| d.name).as_deref().unwrap_or_default(),
    ))
}

/// The searchable text of a space, given its category and district names.
#[must_use]
pub fn search_text_of(draft: &SpaceDraft, category: &str, district: &str) -> String {
    searchable_text([
        draft.title.as_str(),
        &draft.subtitle,
        &draft.description,
        &draft.address,
        category,
        district,
    ])
}

/// What `spaces.search_text` holds for a space's title, subtitle, description, address,
/// category name and district name (one line each, lower-cased).
#[must_use]
pub fn searchable_text(fields: [&str; 6]) -> String {
    fields.join("\n").to_lowercase()
}

/// Writes a space with its packages, facilities and images inside `txn`.
pub(super) async fn insert_space(
    txn: &DatabaseTransaction,
    host: UserId,
    draft: &SpaceDraft,
    images: &[NewImage],
    now: DateTime<Utc>,
) -> Result<SpaceId, DbErr> {
    let mut row = spaces::ActiveModel {
        host_id: Set(host.get()),
        like_count: Set(0),
        review_count: Set(0),
        rating_sum: Set(0),
        rating_avg: Set(0.0),
        created_at: Set(now),
        ..Default::default()
    };
    set_draft(&mut row, draft, search_text(txn, draft).await?, now);
    let space = row.insert(txn).await?;
    search_changes::record(txn, space.id).await?;
    insert_children(txn, space.id, draft).await?;
    let image_rows = images
        .iter()
        .enumerate()
        .map(|(i, img)| space_images::ActiveModel {
            space_id: Set(space.id),
            object_key: Set(img.key.clone()),
            url: Set(img.url.clone()),
            thumbnail_url: Set(Some(img.thumbnail_url.clone())),
            position: Set(i32::try_from(i).unwrap_or(i32::MAX)),
            created_at: Set(now),
            ..Default::default()
        });
    if !images.is_empty() {
        space_images::Entity::insert_many(image_rows)
            .exec(txn)
            .await?;
    }
    Ok(SpaceId(space.id))
}

pub(super) fn live_space(id: SpaceId) -> sea_orm::Select<spaces::Entity> {
    spaces::Entity::find_by_id(id.get()).filter(spaces::Column::DeletedAt.is_null())
}

/// Replaces the packages and facilities of space `id` with the draft's.
async fn replace_children(
    txn: &DatabaseTransaction,
    id: i64,
    draft: &SpaceDraft,
) -> Result<(), DbErr> {
    price_options::Entity::delete_many()
        .filter(price_options::Column::SpaceId.eq(id))
        .exec(txn)
        .await?;
    space_facilities::Entity::delete_many()
        .filter(space_facilities::Column::SpaceId.eq(id))
        .exec(txn)
        .await?;
    insert_children(txn, id, draft).await
}

/// Writes the draft's packages and facilities for space `id`.
async fn insert_children(
    txn: &DatabaseTransaction,
    id: i64,
    draft: &SpaceDraft,
) -> Result<(), DbErr> {
    if !draft.options.is_empty() {
        price_options::Entity::insert_many(draft.options.iter().map(|o| {
            price_options::ActiveModel {
                space_id: Set(id),
                name: Set(o.name.clone()),
                start_hour: Set(i16::from(o.hours.start())),
                end_hour: Set(i16::from(o.hours.end())),
                price: Set(o.price.get()),
                ..Default::default()
            }
        }))
        .exec(txn)
        .await?;
    }
    if !draft.facility_ids.is_empty() {
        space_facilities::Entity::insert_many(draft.facility_ids.iter().map(|f| {
            space_facilities::ActiveModel {
                space_id: Set(id),
                facility_id: Set(f.get()),
            }
        }))
        .exec(txn)
        .await?;
    }
    Ok(())
}

/// Sets every column the draft decides (and the search text made from it), updated `now`.
fn set_draft(
    row: &mut spaces::ActiveModel,
    draft: &SpaceDraft,
    search_text: String,
    now: DateTime<Utc>,
) {
    row.search_text = Set(search_text);
    row.category_id = Set(draft.category_id.get());
    row.district_id = Set(draft.district_id.get());
    row.title = Set(draft.title.clone());
    row.subtitle = Set(draft.subtitle.clone());
    row.description = Set(draft.description.clone());
    row.address = Set(draft.address.clone());
    row.latitude = Set(draft.coordinates.latitude());
    row.longitude = Set(draft.coordinates.longitude());
    row.min_guests = Set(i32::from(draft.guests.min()));
    row.max_guests = Set(i32::from(draft.guests.max()));
    row.booking_mode = Set(draft.booking_mode.as_str().to_owned());
    row.open_from = Set(draft.open_period.from());
    row.open_until = Set(draft.open_period.until());
    row.hourly_rate = Set(draft.hourly_rate.map(|r| r.price.get()));
    row.min_hours = Set(draft.hourly_rate.map(|r| i32::from(r.min_hours)));
    row.min_price = Set(draft.min_price().get());
    row.updated_at = Set(now);
}

/// Overwrites the space's fields and replaces its packages and facilities.
pub(super) async fn update(
    txn: &DatabaseTransaction,
    id: SpaceId,
    draft: &SpaceDraft,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let Some(space) = live_space(id).one(txn).await? else {
        return Err(DbErr::RecordNotFound(format!("space {id}")));
    };
    let mut row: spaces::ActiveModel = space.into();
    set_draft(&mut row, draft, search_text(txn, draft).await?, now);
    row.update(txn).await?;
    replace_children(txn, id.get(), draft).await?;
    raise_versions(txn, Expr::col("id").eq(id.get())).await?;
    search_changes::record(txn, id.get()).await?;
    // The row's update locked the space, as every calendar writer does.
    calendar::refresh(txn, id.get(), &draft.offers()).await
}
