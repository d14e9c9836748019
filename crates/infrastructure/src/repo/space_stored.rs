//! Reads a space write needs: the stored space as its host edits it, and the catalog ids a
//! draft names that do not exist.

use super::space_write::live_space;
use crate::entity::{
    categories, districts, facilities, price_options, space_facilities, space_images,
};
use chrono::NaiveDate;
use ourspace_domain::shared::{BoxError, SpaceId, UserId};
use ourspace_domain::space::ports::{CatalogRefs, MissingReferences, StoredSpace};
use ourspace_domain::space::{OptionInput, SpaceInput};
use sea_orm::{
    ColumnTrait, DatabaseConnection, DbErr, EntityTrait, PaginatorTrait, QueryFilter, QueryOrder,
    QuerySelect,
};

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

/// Which of the catalog ids named do not exist.
pub(super) async fn missing_references(
    db: &DatabaseConnection,
    refs: &CatalogRefs,
) -> Result<MissingReferences, DbErr> {
    let category = match refs.category {
        Some(id) => categories::Entity::find_by_id(id.get())
            .one(db)
            .await?
            .is_none(),
        None => false,
    };
    let district = match refs.district {
        Some(id) => districts::Entity::find_by_id(id.get())
            .one(db)
            .await?
            .is_none(),
        None => false,
    };
    let wanted: Vec<i64> = refs.facilities.iter().map(|f| f.get()).collect();
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
    let facilities = refs
        .facilities
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
