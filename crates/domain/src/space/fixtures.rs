//! A space to test rules against.

use super::view::{HostSummary, Named, SpaceSummary, StoredPriceOption};
use super::{BookingMode, HourlyRate, OpenPeriod, SpaceDetail};
use crate::shared::{
    CategoryId, Coordinates, DistrictId, HourRange, PriceOptionId, SpaceId, UserId, Won,
};
use chrono::{DateTime, Utc};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// Space 10 of host 1: guests 2–6, open until 2027-06-30, packages `day` (id 100, 9–18,
/// 30,000 won) and `night` (id 101, 22–32, 40,000 won), 5,000 won an hour for at least 2.
pub(crate) fn space_detail(mode: BookingMode) -> SpaceDetail {
    let option = |id: i64, name: &str, start, end, price| StoredPriceOption {
        id: PriceOptionId(id),
        name: name.into(),
        hours: HourRange::new(start, end).unwrap(),
        price: Won::new(price).unwrap(),
    };
    SpaceDetail {
        summary: SpaceSummary {
            id: SpaceId(10),
            title: "합주실".into(),
            subtitle: String::new(),
            address: "서울".into(),
            category: Named {
                id: CategoryId(1),
                name: "합주실".into(),
            },
            district: Named {
                id: DistrictId(1),
                name: "마포구".into(),
            },
            min_price: Won::new(5_000).unwrap(),
            min_guests: 2,
            max_guests: 6,
            images: vec![],
            like_count: 0,
            rating_avg: None,
            review_count: 0,
            created_at: at("2026-01-01T00:00:00Z"),
            distance_km: None,
        },
        description: String::new(),
        coordinates: Coordinates::new(37.5, 127.0).unwrap(),
        booking_mode: mode,
        open_period: OpenPeriod::new(None, Some("2027-06-30".parse().unwrap())).unwrap(),
        hourly_rate: Some(HourlyRate::new(Won::new(5_000).unwrap(), 2).unwrap()),
        options: vec![
            option(100, "day", 9, 18, 30_000),
            option(101, "night", 22, 32, 40_000),
        ],
        facilities: vec![],
        host: HostSummary {
            id: UserId(1),
            nickname: "host".into(),
        },
    }
}
