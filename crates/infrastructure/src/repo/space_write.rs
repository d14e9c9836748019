//! Space writes: each runs inside one transaction the caller opened.

use super::calendar;
use super::{count, facility_mask, placeholders};
use crate::entity::{
    categories, districts, facilities, price_options, space_facilities, space_images, spaces,
};
use chrono::{Days, NaiveDate, Utc};
use ourspace_domain::shared::{BoxError, ImageId, SpaceId, UserId};
use ourspace_domain::space::ports::{
    ImageDeletion, ImagesAdded, MissingReferences, SpaceDeletion, StoredSpace,
};
use ourspace_domain::space::{NewImage, OptionInput, SpaceDraft, SpaceInput};
use ourspace_migration::insert_grams;
use ourspace_migration::search_grams::bigrams;
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, PaginatorTrait, QueryFilter, QueryOrder, QuerySelect, Set, Statement,
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
    [
        draft.title.as_str(),
        &draft.subtitle,
        &draft.description,
        &draft.address,
        category,
        district,
    ]
    .join("\n")
    .to_lowercase()
}

/// Keeps `space_totals.live` (the unfiltered list's total) in step.
async fn count_live(txn: &DatabaseTransaction, by: i64) -> Result<(), DbErr> {
    txn.execute_raw(Statement::from_sql_and_values(
        txn.get_database_backend(),
        "UPDATE space_totals SET live = live + ? WHERE id = 1",
        [by.into()],
    ))
    .await
    .map(|_| ())
}

/// Records the bigrams of the space's searchable text for keyword search.
async fn write_grams(txn: &DatabaseTransaction, space: i64, text: &str) -> Result<(), DbErr> {
    let pairs: Vec<(String, i64)> = bigrams(text).into_iter().map(|g| (g, space)).collect();
    insert_grams(txn, txn.get_database_backend(), &pairs).await
}

/// Writes a space with its packages, facilities and images inside `txn`.
pub(super) async fn insert_space(
    txn: &DatabaseTransaction,
    host: UserId,
    draft: &SpaceDraft,
    images: &[NewImage],
) -> Result<SpaceId, DbErr> {
    let now = Utc::now();
    let search_text = search_text(txn, draft).await?;
    let space = spaces::ActiveModel {
        search_text: Set(search_text.clone()),
        host_id: Set(host.get()),
        category_id: Set(draft.category_id.get()),
        district_id: Set(draft.district_id.get()),
        title: Set(draft.title.clone()),
        subtitle: Set(draft.subtitle.clone()),
        description: Set(draft.description.clone()),
        address: Set(draft.address.clone()),
        latitude: Set(draft.coordinates.latitude()),
        longitude: Set(draft.coordinates.longitude()),
        geo_x: Set(draft.coordinates.unit_vector().0),
        geo_y: Set(draft.coordinates.unit_vector().1),
        geo_z: Set(draft.coordinates.unit_vector().2),
        min_guests: Set(i32::from(draft.guests.min())),
        max_guests: Set(i32::from(draft.guests.max())),
        booking_mode: Set(draft.booking_mode.as_str().to_owned()),
        open_from: Set(draft.open_period.from()),
        open_until: Set(draft.open_period.until()),
        hourly_rate: Set(draft.hourly_rate.map(|r| r.price.get())),
        min_hours: Set(draft.hourly_rate.map(|r| i32::from(r.min_hours))),
        min_price: Set(draft.min_price().get()),
        facility_mask: Set(facility_mask(&draft.facility_ids)),
        like_count: Set(0),
        review_count: Set(0),
        rating_sum: Set(0),
        rating_avg: Set(0.0),
        created_at: Set(now),
        updated_at: Set(now),
        ..Default::default()
    }
    .insert(txn)
    .await?;
    write_grams(txn, space.id, &search_text).await?;
    count_live(txn, 1).await?;
    let options = draft.options.iter().map(|o| price_options::ActiveModel {
        space_id: Set(space.id),
        name: Set(o.name.clone()),
        start_hour: Set(i16::from(o.hours.start())),
        end_hour: Set(i16::from(o.hours.end())),
        price: Set(o.price.get()),
        ..Default::default()
    });
    if !draft.options.is_empty() {
        price_options::Entity::insert_many(options)
            .exec(txn)
            .await?;
    }
    let facilities = draft
        .facility_ids
        .iter()
        .map(|f| space_facilities::ActiveModel {
            space_id: Set(space.id),
            facility_id: Set(f.get()),
        });
    if !draft.facility_ids.is_empty() {
        space_facilities::Entity::insert_many(facilities)
            .exec(txn)
            .await?;
    }
    let image_rows = images
        .iter()
        .enumerate()
        .map(|(i, img)| space_images::ActiveModel {
            space_id: Set(space.id),
            object_key: Set(img.key.clone()),
            url: Set(img.url.clone()),
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

fn live_space(id: SpaceId) -> sea_orm::Select<spaces::Entity> {
    spaces::Entity::find_by_id(id.get()).filter(spaces::Column::DeletedAt.is_null())
}

/// The space's editable fields, rebuilt into a draft (the stored data passed every rule
/// when written; the open period's start is not re-checked against today).
pub(super) async fn find_stored(
    db: &DatabaseConnection,
    id: SpaceId,
) -> Result<Option<StoredSpace>, BoxError> {
    let Some(space) = live_space(id).one(db).await? else {
        return Ok(None);
    };
    let options = price_options::Entity::find()
        .filter(price_options::Column::SpaceId.eq(space.id))
        .order_by_asc(price_options::Column::StartHour)
        .order_by_asc(price_options::Column::Id)
        .all(db)
        .await?;
    let facility_ids = space_facilities::Entity::find()
        .filter(space_facilities::Column::SpaceId.eq(space.id))
        .all(db)
        .await?
        .into_iter()
        .map(|f| f.facility_id)
        .collect();
    let image_count = space_images::Entity::find()
        .filter(space_images::Column::SpaceId.eq(space.id))
        .count(db)
        .await?;
    let input = SpaceInput {
        category_id: Some(space.category_id),
        district_id: Some(space.district_id),
        title: Some(space.title),
        subtitle: space.subtitle,
        description: space.description,
        address: Some(space.address),
        latitude: Some(space.latitude),
        longitude: Some(space.longitude),
        min_guests: Some(i64::from(space.min_guests)),
        max_guests: Some(i64::from(space.max_guests)),
        facility_ids,
        booking_mode: Some(space.booking_mode),
        open_from: space.open_from,
        open_until: space.open_until,
        options: options
            .into_iter()
            .map(|o| OptionInput {
                name: o.name,
                start_hour: i64::from(o.start_hour),
                end_hour: i64::from(o.end_hour),
                price: o.price,
            })
            .collect(),
        hourly_rate: space.hourly_rate,
        min_hours: space.min_hours.map(i64::from),
    };
    let draft = input.parse(NaiveDate::MIN)?;
    Ok(Some(StoredSpace {
        host_id: UserId(space.host_id),
        draft,
        image_count: usize::try_from(image_count)?,
    }))
}

/// Which catalog ids of `draft` do not exist.
pub(super) async fn missing_references(
    db: &DatabaseConnection,
    draft: &SpaceDraft,
) -> Result<MissingReferences, DbErr> {
    let category = categories::Entity::find_by_id(draft.category_id.get())
        .one(db)
        .await?
        .is_none();
    let district = districts::Entity::find_by_id(draft.district_id.get())
        .one(db)
        .await?
        .is_none();
    let wanted: Vec<i64> = draft.facility_ids.iter().map(|f| f.get()).collect();
    let found: Vec<i64> = if wanted.is_empty() {
        Vec::new()
    } else {
        facilities::Entity::find()
            .select_only()
            .column(facilities::Column::Id)
            .filter(facilities::Column::Id.is_in(wanted.clone()))
            .into_tuple()
            .all(db)
            .await?
    };
    let facilities = draft
        .facility_ids
        .iter()
        .copied()
        .filter(|f| !found.contains(&f.get()))
        .collect();
    Ok(MissingReferences {
        category,
        district,
        facilities,
    })
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

/// Overwrites the space's fields and replaces its packages and facilities.
pub(super) async fn update(
    txn: &DatabaseTransaction,
    id: SpaceId,
    draft: &SpaceDraft,
) -> Result<(), DbErr> {
    let Some(space) = live_space(id).one(txn).await? else {
        return Err(DbErr::RecordNotFound(format!("space {id}")));
    };
    let mut row: spaces::ActiveModel = space.into();
    let text = search_text(txn, draft).await?;
    txn.execute_raw(Statement::from_sql_and_values(
        txn.get_database_backend(),
        "DELETE FROM space_grams WHERE space_id = ?",
        [id.get().into()],
    ))
    .await?;
    write_grams(txn, id.get(), &text).await?;
    row.search_text = Set(text);
    row.category_id = Set(draft.category_id.get());
    row.district_id = Set(draft.district_id.get());
    row.title = Set(draft.title.clone());
    row.subtitle = Set(draft.subtitle.clone());
    row.description = Set(draft.description.clone());
    row.address = Set(draft.address.clone());
    row.latitude = Set(draft.coordinates.latitude());
    row.longitude = Set(draft.coordinates.longitude());
    let (x, y, z) = draft.coordinates.unit_vector();
    row.geo_x = Set(x);
    row.geo_y = Set(y);
    row.geo_z = Set(z);
    row.min_guests = Set(i32::from(draft.guests.min()));
    row.max_guests = Set(i32::from(draft.guests.max()));
    row.booking_mode = Set(draft.booking_mode.as_str().to_owned());
    row.open_from = Set(draft.open_period.from());
    row.open_until = Set(draft.open_period.until());
    row.hourly_rate = Set(draft.hourly_rate.map(|r| r.price.get()));
    row.min_hours = Set(draft.hourly_rate.map(|r| i32::from(r.min_hours)));
    row.min_price = Set(draft.min_price().get());
    row.facility_mask = Set(facility_mask(&draft.facility_ids));
    row.updated_at = Set(Utc::now());
    row.update(txn).await?;
    replace_children(txn, id.get(), draft).await?;
    // The row's update locked the space, as every calendar writer does.
    calendar::refresh(txn, id.get(), &draft.offers()).await
}

/// Orders that still hold the space: confirmed, or waiting and not yet run out, for today or
/// later (a night package from yesterday may still be running).
const ACTIVE_ORDERS: &str = "SELECT COUNT(*) AS n FROM orders WHERE space_id = ? \
     AND (date >= ? OR (date = ? AND end_hour > 24)) \
     AND (status = 'confirmed' OR (status IN ('requested', 'pending') AND (expires_at IS NULL OR expires_at > ?)))";

/// Deletes the space: its rows when no order refers to it, otherwise its images and likes,
/// keeping the row hidden for the orders' history.
pub(super) async fn delete(
    txn: &DatabaseTransaction,
    id: SpaceId,
    today: NaiveDate,
) -> Result<SpaceDeletion, DbErr> {
    if live_space(id).one(txn).await?.is_none() {
        return Ok(SpaceDeletion::NotFound);
    }
    let yesterday = today - Days::new(1);
    let active = count(
        txn,
        ACTIVE_ORDERS,
        vec![
            id.get().into(),
            today.into(),
            yesterday.into(),
            Utc::now().into(),
        ],
    )
    .await?;
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
            [Utc::now().into(), Utc::now().into(), id.get().into()],
        ))
        .await?;
    }
    Ok(SpaceDeletion::Deleted { image_keys })
}

/// Appends images after the existing ones, unless the total would pass `max`.
pub(super) async fn add_images(
    txn: &DatabaseTransaction,
    id: SpaceId,
    images: &[NewImage],
    max: usize,
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
    let now = Utc::now();
    space_images::Entity::insert_many(images.iter().enumerate().map(|(i, img)| {
        space_images::ActiveModel {
            space_id: Set(id.get()),
            object_key: Set(img.key.clone()),
            url: Set(img.url.clone()),
            position: Set(next + i32::try_from(i).unwrap_or(i32::MAX)),
            created_at: Set(now),
            ..Default::default()
        }
    }))
    .exec(txn)
    .await?;
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
    let list = placeholders(keys.len());
    let sql = format!(
        "SELECT object_key FROM space_images WHERE object_key IN ({list}) \
         UNION SELECT image_key AS object_key FROM reviews WHERE image_key IN ({list})"
    );
    let values: Vec<sea_orm::Value> = keys.iter().chain(keys).map(|k| k.clone().into()).collect();
    let rows = db
        .query_all_raw(Statement::from_sql_and_values(
            db.get_database_backend(),
            sql,
            values,
        ))
        .await?;
    rows.iter()
        .map(|r| r.try_get::<String>("", "object_key"))
        .collect()
}
