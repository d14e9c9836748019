//! Space DTOs: how spaces look in lists and on their detail page.

use chrono::{DateTime, NaiveDate, Utc};
use ourspace_domain::shared::Paged;
use ourspace_domain::space::availability::SpaceAvailability;
use ourspace_domain::space::view::{Named, SpaceImage, StoredPriceOption};
use ourspace_domain::space::{SpaceDetail, SpaceSummary};
use serde::Serialize;

#[derive(Serialize, utoipa::ToSchema)]
pub struct NamedDto {
    pub id: i64,
    pub name: String,
}

impl<I: Copy + Into<i64>> From<Named<I>> for NamedDto {
    fn from(n: Named<I>) -> Self {
        Self {
            id: n.id.into(),
            name: n.name,
        }
    }
}

/// A space in a list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SpaceListItem {
    pub id: i64,
    pub title: String,
    pub subtitle: String,
    pub address: String,
    pub category: NamedDto,
    pub district: NamedDto,
    /// The cheapest package or the hourly rate, in won.
    pub min_price: i64,
    pub min_guests: u16,
    pub max_guests: u16,
    /// Photo URLs, in order.
    pub images: Vec<String>,
    /// The first photo's list-size thumbnail (at most 400 px on its longer side); `null`
    /// without photos.
    pub thumbnail_url: Option<String>,
    pub like_count: u32,
    pub rating_avg: Option<f64>,
    pub review_count: u32,
    pub created_at: DateTime<Utc>,
    /// Great-circle distance from `lat`/`lng`, when the search had them.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub distance_km: Option<f64>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct ImageDto {
    pub id: i64,
    pub url: String,
    /// At most 400 px on its longer side.
    pub thumbnail_url: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct OptionDto {
    pub id: i64,
    pub name: String,
    pub start_hour: u8,
    pub end_hour: u8,
    pub price: i64,
}

/// A space with everything its page shows.
#[derive(Serialize, utoipa::ToSchema)]
pub struct SpaceDetailDto {
    pub id: i64,
    pub title: String,
    pub subtitle: String,
    pub description: String,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
    pub category: NamedDto,
    pub district: NamedDto,
    pub min_price: i64,
    pub min_guests: u16,
    pub max_guests: u16,
    pub booking_mode: &'static str,
    pub open_from: Option<NaiveDate>,
    pub open_until: Option<NaiveDate>,
    pub hourly_rate: Option<i64>,
    pub min_hours: Option<u8>,
    pub options: Vec<OptionDto>,
    pub facilities: Vec<NamedDto>,
    pub images: Vec<ImageDto>,
    pub host: NamedDto,
    pub like_count: u32,
    pub rating_avg: Option<f64>,
    pub review_count: u32,
    pub created_at: DateTime<Utc>,
}

/// A page of a list.
#[derive(Serialize, utoipa::ToSchema)]
pub struct PageDto<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    /// The number of matches; with `total_capped`, a lower bound (1,000).
    pub total: u64,
    /// True when more than 1,000 match and a search that would have to read every
    /// candidate to count them stopped counting there ("1,000+").
    pub total_capped: bool,
}

impl<T, D: From<T>> From<Paged<T>> for PageDto<D> {
    fn from(p: Paged<T>) -> Self {
        Self {
            items: p.items.into_iter().map(D::from).collect(),
            page: p.page,
            per_page: p.per_page,
            total: p.total,
            total_capped: p.total_capped,
        }
    }
}

impl From<SpaceSummary> for SpaceListItem {
    fn from(s: SpaceSummary) -> Self {
        Self {
            id: s.id.get(),
            title: s.title,
            subtitle: s.subtitle,
            address: s.address,
            category: s.category.into(),
            district: s.district.into(),
            min_price: s.min_price.get(),
            min_guests: s.min_guests,
            max_guests: s.max_guests,
            thumbnail_url: s.images.first().map(|i| i.list_url().to_owned()),
            images: s.images.into_iter().map(|i: SpaceImage| i.url).collect(),
            like_count: s.like_count,
            rating_avg: s.rating_avg,
            review_count: s.review_count,
            created_at: s.created_at,
            distance_km: s.distance_km,
        }
    }
}

impl From<SpaceDetail> for SpaceDetailDto {
    fn from(d: SpaceDetail) -> Self {
        let s = d.summary;
        Self {
            id: s.id.get(),
            title: s.title,
            subtitle: s.subtitle,
            description: d.description,
            address: s.address,
            latitude: d.coordinates.latitude(),
            longitude: d.coordinates.longitude(),
            category: s.category.into(),
            district: s.district.into(),
            min_price: s.min_price.get(),
            min_guests: s.min_guests,
            max_guests: s.max_guests,
            booking_mode: d.booking_mode.as_str(),
            open_from: d.open_period.from(),
            open_until: d.open_period.until(),
            hourly_rate: d.hourly_rate.map(|r| r.price.get()),
            min_hours: d.hourly_rate.map(|r| r.min_hours),
            options: d.options.into_iter().map(OptionDto::from).collect(),
            facilities: d.facilities.into_iter().map(NamedDto::from).collect(),
            images: s
                .images
                .into_iter()
                .map(|i| ImageDto {
                    id: i.id.get(),
                    thumbnail_url: i.list_url().to_owned(),
                    url: i.url,
                })
                .collect(),
            host: NamedDto {
                id: d.host.id.get(),
                name: d.host.nickname,
            },
            like_count: s.like_count,
            rating_avg: s.rating_avg,
            review_count: s.review_count,
            created_at: s.created_at,
        }
    }
}

/// A package on the asked date.
#[derive(Serialize, utoipa::ToSchema)]
pub struct OptionAvailabilityDto {
    #[serde(flatten)]
    pub option: OptionDto,
    pub available: bool,
}

/// What is free on a date.
#[derive(Serialize, utoipa::ToSchema)]
pub struct AvailabilityDto {
    pub space_id: i64,
    pub date: NaiveDate,
    pub in_open_period: bool,
    /// Free hours of `date`, 0–23.
    pub free_hours: Vec<u8>,
    /// Free hours of the next morning (0–23 of that day) that packages booked on `date` reach.
    pub next_day_free_hours: Vec<u8>,
    pub options: Vec<OptionAvailabilityDto>,
    pub hourly_rate: Option<i64>,
    pub min_hours: Option<u8>,
    /// Whether a booking of `min_hours` at the hourly rate fits somewhere on `date`.
    pub hourly_available: bool,
}

impl From<SpaceAvailability> for AvailabilityDto {
    fn from(a: SpaceAvailability) -> Self {
        Self {
            space_id: a.space_id.get(),
            date: a.date,
            in_open_period: a.in_open_period,
            free_hours: a.free_hours,
            next_day_free_hours: a.next_day_free_hours,
            options: a
                .options
                .into_iter()
                .map(|o| OptionAvailabilityDto {
                    option: OptionDto::from(o.option),
                    available: o.available,
                })
                .collect(),
            hourly_rate: a.hourly_rate.map(|r| r.price.get()),
            min_hours: a.hourly_rate.map(|r| r.min_hours),
            hourly_available: a.hourly_available,
        }
    }
}

impl From<StoredPriceOption> for OptionDto {
    fn from(o: StoredPriceOption) -> Self {
        Self {
            id: o.id.get(),
            name: o.name,
            start_hour: o.hours.start(),
            end_hour: o.hours.end(),
            price: o.price.get(),
        }
    }
}
