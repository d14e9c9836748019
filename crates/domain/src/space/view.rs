//! Read models of spaces, shaped for listing and for the detail page.

use super::model::{BookingMode, HourlyRate, OpenPeriod};
use crate::shared::{
    CategoryId, Coordinates, DistrictId, FacilityId, HourRange, ImageId, PriceOptionId, SpaceId,
    UserId, Won,
};
use chrono::{DateTime, Utc};
use serde::{Deserialize, Serialize};

/// An id with its display name.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Named<I> {
    /// The id.
    pub id: I,
    /// The display name.
    pub name: String,
}

/// A stored photo of a space.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SpaceImage {
    /// The image's id.
    pub id: ImageId,
    /// Where clients fetch it.
    pub url: String,
    /// The list-size thumbnail; `None` for photos uploaded before thumbnails were made.
    pub thumbnail_url: Option<String>,
}

impl SpaceImage {
    /// What a list shows: the thumbnail, or the photo itself when it has none.
    #[must_use]
    pub fn list_url(&self) -> &str {
        self.thumbnail_url.as_deref().unwrap_or(&self.url)
    }
}

/// A package as stored, with its id.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct StoredPriceOption {
    /// The package's id.
    pub id: PriceOptionId,
    /// Its name.
    pub name: String,
    /// Its hours, from midnight of the booked date.
    pub hours: HourRange,
    /// Its price.
    pub price: Won,
}

/// The host as guests see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct HostSummary {
    /// The host's user id.
    pub id: UserId,
    /// The host's nickname.
    pub nickname: String,
}

/// A space in a list.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
pub struct SpaceSummary {
    /// The space's id.
    pub id: SpaceId,
    /// Its title.
    pub title: String,
    /// Its subtitle.
    pub subtitle: String,
    /// Its address.
    pub address: String,
    /// Its category.
    pub category: Named<CategoryId>,
    /// Its district.
    pub district: Named<DistrictId>,
    /// The lowest of its package prices and its hourly rate times the minimum hours.
    pub min_price: Won,
    /// The fewest guests it takes.
    pub min_guests: u16,
    /// The most guests it takes.
    pub max_guests: u16,
    /// Its images, first one first.
    pub images: Vec<SpaceImage>,
    /// How many users like it.
    pub like_count: u32,
    /// Average rating, `None` before the first review.
    pub rating_avg: Option<f64>,
    /// How many reviews it has.
    pub review_count: u32,
    /// When it was registered.
    pub created_at: DateTime<Utc>,
    /// From the search's center, when it had one.
    pub distance_km: Option<f64>,
}

/// A space with everything its page shows.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpaceDetail {
    /// What lists show.
    pub summary: SpaceSummary,
    /// Its description.
    pub description: String,
    /// Where it is.
    pub coordinates: Coordinates,
    /// Instant or approval.
    pub booking_mode: BookingMode,
    /// The dates it may be booked on.
    pub open_period: OpenPeriod,
    /// Its hourly rate, if it is rented by the hour.
    pub hourly_rate: Option<HourlyRate>,
    /// Its packages.
    pub options: Vec<StoredPriceOption>,
    /// Its amenities.
    pub facilities: Vec<Named<FacilityId>>,
    /// Its host.
    pub host: HostSummary,
}

/// The average of `rating_sum` over `count` reviews, rounded to one decimal.
#[must_use]
pub fn rating_average(rating_sum: i64, count: i64) -> Option<f64> {
    (count > 0).then(|| ((rating_sum as f64 / count as f64) * 10.0).round() / 10.0)
}

#[cfg(test)]
mod tests {
    use super::{SpaceImage, rating_average};
    use crate::shared::ImageId;

    #[test]
    fn a_list_shows_the_thumbnail_or_else_the_photo() {
        let mut image = SpaceImage {
            id: ImageId(1),
            url: "https://cdn/a.png".into(),
            thumbnail_url: Some("https://cdn/a.thumb.png".into()),
        };
        assert_eq!(image.list_url(), "https://cdn/a.thumb.png");
        image.thumbnail_url = None;
        assert_eq!(image.list_url(), "https://cdn/a.png");
    }

    #[test]
    fn a_space_without_reviews_has_no_average() {
        assert_eq!(rating_average(0, 0), None);
    }

    #[test]
    fn the_average_is_rounded_to_one_decimal() {
        assert_eq!(rating_average(14, 3), Some(4.7));
    }
}
