//! A catalogue of one space and a clock that stands still: the smallest adapters the order
//! service reads from.

use async_trait::async_trait;
use chrono::{DateTime, Duration, NaiveDate, NaiveDateTime, Utc};
use ourspace_domain::order::OrderSpace;
use ourspace_domain::shared::{
    BoxError, CategoryId, Clock, Coordinates, DistrictId, HourRange, ImageId, Paged, PriceOptionId,
    SpaceId, UserId, Won,
};
use ourspace_domain::space::ports::{
    CatalogRefs, ImageDeletion, ImagesAdded, MissingReferences, SpaceDeletion, StoredSpace,
};
use ourspace_domain::space::view::{HostSummary, Named, StoredPriceOption};
use ourspace_domain::space::{
    BookingMode, HourlyRate, NewImage, OpenPeriod, SpaceDetail, SpaceDraft, SpaceQuery,
    SpaceRepository, SpaceSummary,
};

/// Always the same instant; Seoul is nine hours ahead of UTC all year.
pub struct FixedClock(DateTime<Utc>);

impl FixedClock {
    pub fn at(utc: &str) -> Self {
        Self(utc.parse().expect("an RFC 3339 instant"))
    }
}

impl Clock for FixedClock {
    fn now(&self) -> DateTime<Utc> {
        self.0
    }

    fn local_now(&self) -> NaiveDateTime {
        (self.0 + Duration::hours(9)).naive_utc()
    }
}

/// One instant-booking practice room: 2–6 guests, 5,000 won an hour for at least 2 hours,
/// or the `day` package (9–18h) for 30,000 won.
pub struct OneSpace(SpaceDetail);

impl OneSpace {
    pub const ID: SpaceId = SpaceId(10);

    pub fn hosted_by(host: UserId) -> Self {
        let won = |n| Won::new(n).expect("a valid price");
        let summary = SpaceSummary {
            id: Self::ID,
            title: "합정 합주실 A".into(),
            subtitle: String::new(),
            address: "서울 마포구 양화로 1".into(),
            category: Named {
                id: CategoryId(2),
                name: "연습실".into(),
            },
            district: Named {
                id: DistrictId(1),
                name: "마포구".into(),
            },
            min_price: won(10_000),
            min_guests: 2,
            max_guests: 6,
            images: vec![],
            like_count: 0,
            rating_avg: None,
            review_count: 0,
            created_at: "2026-01-01T00:00:00Z".parse().expect("an instant"),
            distance_km: None,
        };
        Self(SpaceDetail {
            summary,
            description: "드럼, 앰프 완비".into(),
            coordinates: Coordinates::new(37.549, 126.914).expect("in range"),
            booking_mode: BookingMode::Instant,
            open_period: OpenPeriod::new(None, None).expect("an open period"),
            hourly_rate: Some(HourlyRate::new(won(5_000), 2).expect("2 hours")),
            options: vec![StoredPriceOption {
                id: PriceOptionId(100),
                name: "day".into(),
                hours: HourRange::new(9, 18).expect("9–18h"),
                price: won(30_000),
            }],
            facilities: vec![],
            host: HostSummary {
                id: host,
                nickname: "호스트".into(),
            },
        })
    }

    /// The space as order lists show it.
    pub fn as_order_space(&self) -> OrderSpace {
        OrderSpace {
            id: Self::ID,
            title: self.0.summary.title.clone(),
            host_id: self.0.host.id,
            image_url: None,
        }
    }
}

fn unsupported() -> BoxError {
    "this example's catalogue only reads its one space".into()
}

#[async_trait]
impl SpaceRepository for OneSpace {
    async fn find(&self, id: SpaceId) -> Result<Option<SpaceDetail>, BoxError> {
        Ok((id == Self::ID).then(|| self.0.clone()))
    }

    async fn list(&self, _: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError> {
        Err(unsupported())
    }

    async fn find_stored(&self, _: SpaceId) -> Result<Option<StoredSpace>, BoxError> {
        Err(unsupported())
    }

    async fn missing_references(&self, _: &CatalogRefs) -> Result<MissingReferences, BoxError> {
        Err(unsupported())
    }

    async fn create(&self, _: UserId, _: &SpaceDraft, _: &[NewImage]) -> Result<SpaceId, BoxError> {
        Err(unsupported())
    }

    async fn update(&self, _: SpaceId, _: &SpaceDraft) -> Result<(), BoxError> {
        Err(unsupported())
    }

    async fn delete(&self, _: SpaceId, _: NaiveDate) -> Result<SpaceDeletion, BoxError> {
        Err(unsupported())
    }

    async fn add_images(
        &self,
        _: SpaceId,
        _: &[NewImage],
        _: usize,
    ) -> Result<ImagesAdded, BoxError> {
        Err(unsupported())
    }

    async fn delete_image(&self, _: SpaceId, _: ImageId) -> Result<ImageDeletion, BoxError> {
        Err(unsupported())
    }

    async fn find_day(
        &self,
        _: SpaceId,
        _: NaiveDate,
        _: DateTime<Utc>,
    ) -> Result<Option<(SpaceDetail, Vec<u8>)>, BoxError> {
        Err(unsupported())
    }

    async fn image_keys_in_use(&self, _: &[String]) -> Result<Vec<String>, BoxError> {
        Err(unsupported())
    }
}
