//! Coordinates on the earth and great-circle distances between them.

use serde::{Deserialize, Serialize};

pub(super) const EARTH_RADIUS_KM: f64 = 6371.0;

/// A valid latitude/longitude pair, in degrees.
#[derive(Debug, Clone, Copy, PartialEq, Serialize, Deserialize)]
pub struct Coordinates {
    latitude: f64,
    longitude: f64,
}

/// Why a coordinate is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum CoordinatesError {
    /// The latitude is outside −90 to 90.
    #[error("the latitude must be between -90 and 90")]
    Latitude,
    /// The longitude is outside −180 to 180.
    #[error("the longitude must be between -180 and 180")]
    Longitude,
}

impl Coordinates {
    /// # Errors
    /// [`CoordinatesError`] for a value out of range or not a number.
    pub fn new(latitude: f64, longitude: f64) -> Result<Self, CoordinatesError> {
        if !(-90.0..=90.0).contains(&latitude) {
            return Err(CoordinatesError::Latitude);
        }
        if !(-180.0..=180.0).contains(&longitude) {
            return Err(CoordinatesError::Longitude);
        }
        Ok(Self {
            latitude,
            longitude,
        })
    }

    /// Degrees north.
    #[must_use]
    pub fn latitude(self) -> f64 {
        self.latitude
    }

    /// Degrees east.
    #[must_use]
    pub fn longitude(self) -> f64 {
        self.longitude
    }

    /// The point as a unit vector `(x, y, z)`. Two points are within `d` km of each other
    /// exactly when the dot product of their vectors is at least `cos(d / R)`, which lets a
    /// database filter and sort by great-circle distance with plain arithmetic.
    #[must_use]
    pub fn unit_vector(self) -> (f64, f64, f64) {
        let (lat, lng) = (self.latitude.to_radians(), self.longitude.to_radians());
        (lat.cos() * lng.cos(), lat.cos() * lng.sin(), lat.sin())
    }

    /// The smallest dot product of unit vectors within `radius_km` of each other.
    #[must_use]
    pub fn min_dot_within(radius_km: f64) -> f64 {
        (radius_km / EARTH_RADIUS_KM)
            .min(std::f64::consts::PI)
            .cos()
    }

    /// The great-circle distance, in km, for the dot product of two unit vectors.
    #[must_use]
    pub fn km_from_dot(dot: f64) -> f64 {
        EARTH_RADIUS_KM * dot.clamp(-1.0, 1.0).acos()
    }

    /// Great-circle distance (haversine), in kilometres.
    #[must_use]
    pub fn distance_km(self, other: Coordinates) -> f64 {
        let (lat1, lat2) = (self.latitude.to_radians(), other.latitude.to_radians());
        let d_lat = lat2 - lat1;
        let d_lng = (other.longitude - self.longitude).to_radians();
        let a = (d_lat / 2.0).sin().powi(2) + lat1.cos() * lat2.cos() * (d_lng / 2.0).sin().powi(2);
        2.0 * EARTH_RADIUS_KM * a.sqrt().asin()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn out_of_range_coordinates_are_refused() {
        assert_eq!(Coordinates::new(91.0, 0.0), Err(CoordinatesError::Latitude));
        assert_eq!(
            Coordinates::new(0.0, -181.0),
            Err(CoordinatesError::Longitude)
        );
        assert_eq!(
            Coordinates::new(f64::NAN, 0.0),
            Err(CoordinatesError::Latitude)
        );
    }

    #[test]
    fn coordinates_keep_what_they_were_given() {
        let c = Coordinates::new(37.4979, 127.0276).unwrap();
        assert_eq!((c.latitude(), c.longitude()), (37.4979, 127.0276));
    }

    #[test]
    fn gangnam_to_hongdae_is_about_eleven_kilometres() {
        let gangnam = Coordinates::new(37.4979, 127.0276).unwrap();
        let hongdae = Coordinates::new(37.5563, 126.9236).unwrap();
        let d = gangnam.distance_km(hongdae);
        assert!((10.0..12.0).contains(&d), "{d}");
        let (a, b) = (gangnam.unit_vector(), hongdae.unit_vector());
        let dot = a.0 * b.0 + a.1 * b.1 + a.2 * b.2;
        assert!((Coordinates::km_from_dot(dot) - d).abs() < 0.01);
        assert!(dot >= Coordinates::min_dot_within(d + 0.01));
        assert!(dot < Coordinates::min_dot_within(d - 0.01));
    }
}
