//! Orders: bookings of a space on a date, their status flow, points and refunds.
//!
//! Quoting checks every rule of a booking against the space and prices it, before anything
//! is written: a package's price, or the hourly rate times the hours.
//!
//! ```
//! use ourspace_domain::order::{BookerInput, OrderInput};
//! use ourspace_domain::shared::{BookingHorizon, HourRange, UserId};
//! # use ourspace_domain::shared::{CategoryId, Coordinates, DistrictId, PriceOptionId, SpaceId, Won};
//! # use ourspace_domain::space::view::{HostSummary, Named, SpaceSummary, StoredPriceOption};
//! # use ourspace_domain::space::{BookingMode, HourlyRate, OpenPeriod, SpaceDetail};
//! # let won = |n| Won::new(n).unwrap();
//! # let space = SpaceDetail {
//! #     summary: SpaceSummary {
//! #         id: SpaceId(10), title: "합주실".into(), subtitle: String::new(),
//! #         address: "서울".into(), category: Named { id: CategoryId(1), name: "합주실".into() },
//! #         district: Named { id: DistrictId(1), name: "마포구".into() },
//! #         min_price: won(10_000),
//! #         min_guests: 2, max_guests: 6, images: vec![], like_count: 0, rating_avg: None,
//! #         review_count: 0, created_at: "2026-01-01T00:00:00Z".parse().unwrap(),
//! #         distance_km: None,
//! #     },
//! #     description: String::new(),
//! #     coordinates: Coordinates::new(37.55, 126.92).unwrap(),
//! #     booking_mode: BookingMode::Instant,
//! #     open_period: OpenPeriod::new(None, None).unwrap(),
//! #     hourly_rate: Some(HourlyRate::new(won(5_000), 2).unwrap()),
//! #     options: vec![StoredPriceOption {
//! #         id: PriceOptionId(100), name: "day".into(),
//! #         hours: HourRange::new(9, 18).unwrap(), price: won(30_000),
//! #     }],
//! #     facilities: vec![],
//! #     host: HostSummary { id: UserId(1), nickname: "host".into() },
//! # };
//! // `space`: guests 2–6, package `day` (id 100, 9–18) for 30,000 won, 5,000 won an hour.
//! let now = "2027-03-01T12:00:00".parse().unwrap();
//! let mut input = OrderInput {
//!     space_id: Some(10),
//!     date: "2027-03-10".parse().ok(),
//!     start_hour: Some(18),
//!     end_hour: Some(21),
//!     guests: Some(4),
//!     booker: BookerInput {
//!         name: "김게스트".into(),
//!         phone: "010-1234-5678".into(),
//!         email: "guest@example.com".into(),
//!         ..BookerInput::default()
//!     },
//!     ..OrderInput::default()
//! };
//! let quote = input.quote(&space, UserId(7), now, BookingHorizon::default()).unwrap();
//! assert_eq!(quote.price.get(), 15_000); // three hours at 5,000
//! assert_eq!(quote.time.hours, HourRange::new(18, 21).unwrap());
//! assert_eq!(quote.booker.phone, "01012345678");
//!
//! // Every broken rule at once, by field; the host cannot book their own space.
//! input.guests = Some(10);
//! let errors = input.quote(&space, UserId(1), now, BookingHorizon::default()).unwrap_err();
//! let fields: Vec<_> = errors.fields().iter().map(|e| e.field.as_str()).collect();
//! assert!(fields.contains(&"guests") && fields.contains(&"space_id"));
//! ```

pub mod booker;
pub mod error;
pub mod input;
pub mod model;
pub mod ports;
pub mod refund;
pub mod service;
pub mod status;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_edges;

pub use booker::BookerContact;
pub use error::OrderError;
pub use input::{BookerInput, OrderInput, Quote};
pub use model::{BookedTime, Order};
pub use ports::{
    ChangeOutcome, NewOrder, OrderFilter, OrderRepository, OrderSpace, OrderView, Placement,
    PlacementLimits, StatusChange, When,
};
pub use refund::RefundPolicy;
pub use service::{
    HostOrdersQuery, MyOrdersQuery, OrderReading, OrderRequest, OrderService, OrderSettings,
    RESENT_WITHIN_MINUTES,
};
pub use status::{InvalidTransition, OrderAction, OrderStatus};
