//! Catalog entries. They are seeded by the project and change rarely.

use crate::shared::{CategoryId, Coordinates, DistrictId, FacilityId};
use serde::Serialize;

/// A kind of space, e.g. `party_room` / 파티룸.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Category {
    /// The category's id.
    pub id: CategoryId,
    /// Stable machine name (`party_room`).
    pub code: String,
    /// Display name (파티룸).
    pub name: String,
}

/// A district of the city, with its centre.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct District {
    /// The district's id.
    pub id: DistrictId,
    /// Display name (마포구).
    pub name: String,
    /// Its centre, for distances.
    pub center: Coordinates,
}

/// An amenity a space may offer, e.g. `wifi` / 와이파이.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct Facility {
    /// The facility's id.
    pub id: FacilityId,
    /// Stable machine name (`wifi`).
    pub code: String,
    /// Display name (와이파이).
    pub name: String,
}
