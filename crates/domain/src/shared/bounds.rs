//! The box around a circle on the earth: a search by radius narrows its candidates to the
//! box's latitude and longitude ranges (cheap range tests), then tests the exact distance.

use super::Coordinates;
use super::geo::EARTH_RADIUS_KM;

/// Kilometres in a degree of latitude, rounded down so a band of `radius / this` degrees
/// holds the whole circle.
const KM_PER_DEGREE_OF_LATITUDE: f64 = 110.5;

impl Coordinates {
    /// Half the height, in degrees of latitude, of a band that holds every point within
    /// `radius_km` of any centre.
    #[must_use]
    pub fn latitude_half_width(radius_km: f64) -> f64 {
        radius_km / KM_PER_DEGREE_OF_LATITUDE
    }

    /// Half the width in degrees of longitude of a box that holds every point within
    /// `radius_km` of the point, or `None` where no such box is simple: when the circle
    /// reaches a pole or crosses the antimeridian. The widest point of a circle of angular
    /// radius `r` around latitude `φ` lies `asin(sin r / cos φ)` east and west of it.
    #[must_use]
    pub fn longitude_half_width(self, radius_km: f64) -> Option<f64> {
        let angle = (radius_km / EARTH_RADIUS_KM).min(std::f64::consts::FRAC_PI_2);
        let ratio = angle.sin() / self.latitude().to_radians().cos();
        if ratio.is_nan() || ratio >= 0.99 {
            return None;
        }
        // A hundredth more, for rounding.
        let width = ratio.asin().to_degrees() * 1.01;
        let (west, east) = (self.longitude() - width, self.longitude() + width);
        (west > -180.0 && east < 180.0).then_some(width)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Every point within the radius lies in the box.
        #[test]
        fn the_box_holds_every_point_of_the_circle(
            lat in -89.0f64..89.0, lng in -170.0f64..170.0, radius in 0.1f64..500.0,
            dlat in -1.0f64..1.0, dlng in -1.0f64..1.0,
        ) {
            let center = Coordinates::new(lat, lng).unwrap();
            let band = Coordinates::latitude_half_width(radius);
            if let Some(width) = center.longitude_half_width(radius)
                && let Ok(point) = Coordinates::new(lat + dlat * band * 1.2, lng + dlng * width * 1.2)
                && center.distance_km(point) <= radius
            {
                prop_assert!((point.latitude() - lat).abs() <= band);
                prop_assert!((point.longitude() - lng).abs() <= width);
            }
        }
    }

    #[test]
    fn the_box_around_a_circle_holds_its_farthest_points() {
        let seoul = Coordinates::new(37.5, 127.0).unwrap();
        let width = seoul.longitude_half_width(10.0).unwrap();
        // Due east and due west, 10 km away, lie inside the box.
        let east_longitude = 127.0 + 10.0 / (111.19 * 37.5_f64.to_radians().cos());
        assert!(east_longitude - 127.0 < width);
        let north = Coordinates::new(37.5 + Coordinates::latitude_half_width(10.0), 127.0).unwrap();
        assert!(seoul.distance_km(north) > 10.0);
        // 111 km from the pole, the box is wide but simple; 5 km from it, there is none.
        assert!(
            Coordinates::new(89.0, 0.0)
                .unwrap()
                .longitude_half_width(10.0)
                .is_some_and(|w| w > 5.0)
        );
        assert!(
            Coordinates::new(89.95, 0.0)
                .unwrap()
                .longitude_half_width(10.0)
                .is_none()
        );
        assert!(
            Coordinates::new(0.0, 179.99)
                .unwrap()
                .longitude_half_width(10.0)
                .is_none()
        );
        assert!(seoul.longitude_half_width(5_000.0).is_none());
    }
}
