//! Typed identifiers, so a space id can never be passed where a user id is expected.

use serde::{Deserialize, Serialize};
use std::fmt;

macro_rules! id_type {
    ($($(#[$meta:meta])* $name:ident),* $(,)?) => {$(
        $(#[$meta])*
        #[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
        #[serde(transparent)]
        pub struct $name(pub i64);

        impl $name {
            /// The raw database value.
            #[must_use]
            pub fn get(self) -> i64 {
                self.0
            }
        }

        impl fmt::Display for $name {
            fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
                self.0.fmt(f)
            }
        }

        impl From<i64> for $name {
            fn from(value: i64) -> Self {
                Self(value)
            }
        }

        impl From<$name> for i64 {
            fn from(value: $name) -> Self {
                value.0
            }
        }
    )*};
}

id_type!(
    /// A user (guest, host or both).
    UserId,
    /// A space category such as party room.
    CategoryId,
    /// A district of the city.
    DistrictId,
    /// An amenity such as Wi-Fi or parking.
    FacilityId,
    /// A rentable space.
    SpaceId,
    /// One photo of a space.
    ImageId,
    /// A price package of a space.
    PriceOptionId,
    /// A booking.
    OrderId,
    /// A review of a space.
    ReviewId,
);
