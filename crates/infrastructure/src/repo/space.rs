//! Spaces: a host's and a liker's lists and a detail, each in at most three statements;
//! writes in one transaction.

use super::detail_cache::DetailCache;
use super::space_sql::{self, Related, RelatedRow, SummaryRow};
use super::with_retries;
use super::{space_delete, space_detail, space_images, space_stored, space_write};
use crate::clock::SystemClock;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use ourspace_domain::shared::{
    BoxError, CategoryId, Clock, DistrictId, FacilityId, HourRange, ImageId, Paged, PriceOptionId,
    SpaceId, UserId, Won,
};
use ourspace_domain::space::Availability;
use ourspace_domain::space::ports::{
    CatalogRefs, ImageDeletion, ImagesAdded, MissingReferences, SpaceDeletion, StoredSpace,
};
use ourspace_domain::space::view::{Named, SpaceImage, StoredPriceOption, rating_average};
use ourspace_domain::space::{
    NewImage, SpaceDetail, SpaceDraft, SpaceQuery, SpaceRepository, SpaceSummary,
};
use sea_orm::{DatabaseConnection, FromQueryResult};
use std::collections::HashMap;
use std::sync::Arc;

/// Reads and writes spaces.
#[derive(Clone)]
pub struct SeaOrmSpaceRepository {
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    /// Details kept in memory, when the server asks for it ([`Self::with_detail_cache`]).
    details: Option<Arc<DetailCache<SpaceDetail>>>,
}

impl SeaOrmSpaceRepository {
    /// Timestamps from the system clock; the server sets its own with [`Self::with_clock`].
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            clock: SystemClock::shared_utc(),
            details: None,
        }
    }

    /// The same repository keeping up to `entries` spaces' details in memory, each served
    /// while its stored version is unchanged (see [`super::detail_cache`]); 0 keeps none.
    #[must_use]
    pub fn with_detail_cache(self, entries: usize) -> Self {
        let details = (entries > 0).then(|| Arc::new(DetailCache::new(entries)));
        Self { details, ..self }
    }

    /// The same repository stamping writes with `clock`'s time.
    #[must_use]
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Self {
        Self { clock, ..self }
    }
}

/// The related rows of the spaces `ids` in one statement.
pub(super) async fn related_rows(
    db: &DatabaseConnection,
    ids: &[i64],
    what: Related,
) -> Result<Vec<RelatedRow>, BoxError> {
    if ids.is_empty() {
        return Ok(Vec::new());
    }
    let stmt = space_sql::related(db.get_database_backend(), ids, what);
    Ok(RelatedRow::find_by_statement(stmt).all(db).await?)
}

#[derive(Debug, FromQueryResult)]
struct TotalRow {
    total: i64,
}

pub(super) fn summary(row: SummaryRow, images: Vec<SpaceImage>) -> Result<SpaceSummary, BoxError> {
    Ok(SpaceSummary {
        id: SpaceId(row.id),
        title: row.title,
        subtitle: row.subtitle,
        address: row.address,
        category: Named {
            id: CategoryId(row.category_id),
            name: row.category_name,
        },
        district: Named {
            id: DistrictId(row.district_id),
            name: row.district_name,
        },
        min_price: Won::new(row.min_price)?,
        min_guests: u16::try_from(row.min_guests)?,
        max_guests: u16::try_from(row.max_guests)?,
        images,
        like_count: u32::try_from(row.like_count)?,
        rating_avg: rating_average(row.rating_sum, row.review_count),
        review_count: u32::try_from(row.review_count)?,
        created_at: row.created_at,
        distance_km: None,
    })
}

/// Related rows of one space, sorted by kind.
#[derive(Default)]
pub(super) struct RelatedOfSpace {
    pub images: Vec<SpaceImage>,
    pub options: Vec<StoredPriceOption>,
    pub facilities: Vec<Named<FacilityId>>,
}

pub(super) fn group_related(
    rows: Vec<RelatedRow>,
) -> Result<HashMap<i64, RelatedOfSpace>, BoxError> {
    let mut by_space: HashMap<i64, RelatedOfSpace> = HashMap::new();
    for r in rows {
        let entry = by_space.entry(r.space_id).or_default();
        match r.kind.as_str() {
            "image" => entry.images.push(SpaceImage {
                id: ImageId(r.id),
                url: r.label,
                thumbnail_url: r.extra,
            }),
            "option" => entry.options.push(StoredPriceOption {
                id: PriceOptionId(r.id),
                name: r.label,
                hours: HourRange::new(r.n1, r.n2)?,
                price: Won::new(r.n3)?,
            }),
            "facility" => entry.facilities.push(Named {
                id: FacilityId(r.id),
                name: r.label,
            }),
            other => return Err(format!("unknown related row kind {other}").into()),
        }
    }
    Ok(by_space)
}

#[async_trait]
impl SpaceRepository for SeaOrmSpaceRepository {
    async fn list(&self, query: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError> {
        if query.host.is_none() && query.liked_by.is_none() {
            return Err("a public search is answered by the search index".into());
        }
        let backend = self.db.get_database_backend();
        let rows = SummaryRow::find_by_statement(space_sql::list_page(backend, query))
            .all(&self.db)
            .await?;
        let ids: Vec<i64> = rows.iter().map(|r| r.id).collect();
        let related_of_page = related_rows(
            &self.db,
            &ids,
            Related {
                options_and_facilities: false,
            },
        )
        .await?;
        let mut related = group_related(related_of_page)?;
        let total = match rows.first().and_then(|r| r.total_matches) {
            Some(total) => total,
            None if query.page.page() == 1 => 0,
            None => {
                let stmt = space_sql::list_total(backend, query);
                let total = TotalRow::find_by_statement(stmt).one(&self.db).await?;
                total.map_or(0, |t| t.total)
            }
        };
        let items = rows
            .into_iter()
            .map(|row| {
                let images = related.remove(&row.id).unwrap_or_default().images;
                summary(row, images)
            })
            .collect::<Result<Vec<_>, _>>()?;
        Ok(Paged::new(items, query.page, u64::try_from(total)?))
    }

    async fn find(&self, id: SpaceId) -> Result<Option<SpaceDetail>, BoxError> {
        space_detail::find(&self.db, self.details.as_deref(), id.get()).await
    }

    async fn create(
        &self,
        host: UserId,
        draft: &SpaceDraft,
        images: &[NewImage],
    ) -> Result<SpaceId, BoxError> {
        let now = self.clock.now();
        Ok(
            in_transaction!(self.db, txn => space_write::insert_space(&txn, host, draft, images, now).await)?,
        )
    }

    async fn find_stored(&self, id: SpaceId) -> Result<Option<StoredSpace>, BoxError> {
        space_stored::find_stored(&self.db, id).await
    }

    async fn missing_references(&self, refs: &CatalogRefs) -> Result<MissingReferences, BoxError> {
        Ok(space_stored::missing_references(&self.db, refs).await?)
    }

    async fn update(&self, id: SpaceId, draft: &SpaceDraft) -> Result<(), BoxError> {
        // It rewrites the space's calendar rows, whose locks can meet a booking's on MySQL.
        let now = self.clock.now();
        let updated = with_retries(|| async {
            in_transaction!(self.db, txn => space_write::update(&txn, id, draft, now).await)
        })
        .await;
        Ok(updated?)
    }

    async fn delete(&self, id: SpaceId, today: NaiveDate) -> Result<SpaceDeletion, BoxError> {
        let now = self.clock.now();
        Ok(in_transaction!(self.db, txn => space_delete::delete(&txn, id, today, now).await)?)
    }

    async fn add_images(
        &self,
        id: SpaceId,
        images: &[NewImage],
        max: usize,
    ) -> Result<ImagesAdded, BoxError> {
        let now = self.clock.now();
        Ok(
            in_transaction!(self.db, txn => space_images::add_images(&txn, id, images, max, now).await)?,
        )
    }

    async fn delete_image(&self, id: SpaceId, image: ImageId) -> Result<ImageDeletion, BoxError> {
        Ok(in_transaction!(self.db, txn => space_images::delete_image(&txn, id, image).await)?)
    }

    async fn find_day(
        &self,
        id: SpaceId,
        date: NaiveDate,
        now: DateTime<Utc>,
    ) -> Result<Option<(SpaceDetail, Vec<u8>)>, BoxError> {
        let day = Availability {
            date,
            hours: None,
            now,
        };
        space_detail::find_day(&self.db, self.details.as_deref(), id.get(), &day).await
    }

    async fn image_keys_in_use(&self, keys: &[String]) -> Result<Vec<String>, BoxError> {
        Ok(space_images::image_keys_in_use(&self.db, keys).await?)
    }
}
