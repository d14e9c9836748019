//! A grid over the earth for radius searches: every point falls in one cell of a hundredth
//! of a degree each way (about 1.1 km north–south), kept with a space so that a database
//! index led by the cell reads the cells a circle touches instead of its whole latitude
//! band.

use super::Coordinates;

/// Cells per degree, each way.
const CELLS_PER_DEGREE: f64 = 100.0;
/// The factor between a cell's row (from its latitude) and its column (from its longitude)
/// in the cell's number: more than the 36,001 columns, so each (row, column) is one number.
const ROW_STRIDE: i64 = 100_000;
/// The most cells a circle is read through (a radius of about 9 km in Seoul); a larger
/// circle is looked for by its latitude band instead.
pub const MAX_GRID_CELLS: usize = 400;
/// How far past the radius a cell's nearest corner or edge may lie and still be read: the
/// nearest point of a cell on a sphere is not exactly the one clamped in degrees (metres
/// apart at the radii cells are used for).
const CELL_MARGIN_KM: f64 = 0.1;
/// Kilometres in a degree of latitude, rounded down so a band of `radius / this` degrees
/// holds the whole circle.
const KM_PER_DEGREE_OF_LATITUDE: f64 = 110.5;

fn row(latitude: f64) -> i64 {
    (latitude * CELLS_PER_DEGREE).floor() as i64
}

fn column(longitude: f64) -> i64 {
    ((longitude + 180.0) * CELLS_PER_DEGREE).floor() as i64
}

impl Coordinates {
    /// The number of the grid cell the point lies in.
    ///
    /// ```
    /// use ourspace_domain::shared::Coordinates;
    /// let gangnam = Coordinates::new(37.4979, 127.0276).unwrap();
    /// assert_eq!(gangnam.grid_cell(), 3749 * 100_000 + 30702);
    /// ```
    #[must_use]
    pub fn grid_cell(self) -> i64 {
        row(self.latitude()) * ROW_STRIDE + column(self.longitude())
    }

    /// Half the height, in degrees of latitude, of a band that holds every point within
    /// `radius_km` of any centre.
    #[must_use]
    pub fn latitude_half_width(radius_km: f64) -> f64 {
        radius_km / KM_PER_DEGREE_OF_LATITUDE
    }

    /// Half the width in degrees of longitude of a box that holds every point within
    /// `radius_km` of the point (with a margin), or `None` where no such box is narrow and
    /// simple: near the poles, across the antimeridian, or for radii over 500 km.
    #[must_use]
    pub fn longitude_half_width(self, radius_km: f64) -> Option<f64> {
        let cos = self.latitude().to_radians().cos();
        if radius_km > 500.0 || cos < 0.1 {
            return None;
        }
        let width = radius_km / (KM_PER_DEGREE_OF_LATITUDE * cos) * 1.05;
        let (west, east) = (self.longitude() - width, self.longitude() + width);
        (west > -180.0 && east < 180.0).then_some(width)
    }

    /// The cells of every point within `radius_km` of the point (those of the box around
    /// the circle, less the corner cells wholly outside it), or `None` when the box has no
    /// simple shape (see [`Coordinates::longitude_half_width`]) or holds more than
    /// [`MAX_GRID_CELLS`] cells.
    ///
    /// ```
    /// use ourspace_domain::shared::Coordinates;
    /// let seoul = Coordinates::new(37.5, 127.0).unwrap();
    /// let cells = seoul.grid_cells_within(3.0).unwrap();
    /// assert!(cells.contains(&Coordinates::new(37.52, 127.02).unwrap().grid_cell()));
    /// assert!(seoul.grid_cells_within(100.0).is_none());
    /// ```
    #[must_use]
    pub fn grid_cells_within(self, radius_km: f64) -> Option<Vec<i64>> {
        let width = self.longitude_half_width(radius_km)?;
        let band = Self::latitude_half_width(radius_km);
        let (south, north) = (row(self.latitude() - band), row(self.latitude() + band));
        let (west, east) = (
            column(self.longitude() - width),
            column(self.longitude() + width),
        );
        let count = usize::try_from((north - south + 1) * (east - west + 1)).ok()?;
        (count <= MAX_GRID_CELLS).then(|| {
            (south..=north)
                .flat_map(|r| (west..=east).map(move |c| (r, c)))
                .filter(|&(r, c)| self.may_reach(r, c, radius_km))
                .map(|(r, c)| r * ROW_STRIDE + c)
                .collect()
        })
    }

    /// Whether the cell in row `r` and column `c` may hold a point within `radius_km`: its
    /// point nearest to this one in latitude and longitude is within the radius, give or
    /// take [`CELL_MARGIN_KM`] for the earth's curvature.
    fn may_reach(self, r: i64, c: i64, radius_km: f64) -> bool {
        let edge = |i: i64| i as f64 / CELLS_PER_DEGREE;
        let latitude = self.latitude().clamp(edge(r), edge(r + 1));
        let longitude = (self.longitude() + 180.0).clamp(edge(c), edge(c + 1)) - 180.0;
        Coordinates::new(latitude, longitude)
            .is_ok_and(|near| self.distance_km(near) <= radius_km + CELL_MARGIN_KM)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use proptest::prelude::*;

    proptest! {
        #![proptest_config(ProptestConfig::with_cases(2000))]
        /// Every point within the radius lies in one of the circle's cells.
        #[test]
        fn the_cells_hold_every_point_of_the_circle(
            lat in -80.0f64..80.0, lng in -170.0f64..170.0, radius in 0.1f64..12.0,
            dlat in -1.0f64..1.0, dlng in -1.0f64..1.0,
        ) {
            let center = Coordinates::new(lat, lng).unwrap();
            let band = Coordinates::latitude_half_width(radius);
            let width = center.longitude_half_width(radius).unwrap_or(0.0) / 1.05;
            let point = Coordinates::new(lat + dlat * band, (lng + dlng * width).clamp(-180.0, 180.0)).unwrap();
            if let Some(cells) = center.grid_cells_within(radius)
                && center.distance_km(point) <= radius
            {
                prop_assert!(cells.contains(&point.grid_cell()));
            }
        }
    }

    #[test]
    fn a_three_kilometre_circle_in_seoul_reads_about_fifty_cells() {
        let cells = Coordinates::new(37.5, 127.0)
            .unwrap()
            .grid_cells_within(3.0)
            .unwrap();
        // Of the box's 6 × 8 cells, the corners the circle does not reach are left out.
        assert_eq!(cells.len(), 44);
        let unique: std::collections::BTreeSet<_> = cells.iter().collect();
        assert_eq!(unique.len(), cells.len());
    }

    #[test]
    fn wide_circles_and_the_poles_fall_back_to_the_band() {
        let seoul = Coordinates::new(37.5, 127.0).unwrap();
        assert!(seoul.grid_cells_within(8.0).is_some());
        assert!(seoul.grid_cells_within(12.0).is_none());
        assert!(
            Coordinates::new(89.0, 0.0)
                .unwrap()
                .grid_cells_within(1.0)
                .is_none()
        );
        assert!(
            Coordinates::new(0.0, 179.99)
                .unwrap()
                .grid_cells_within(5.0)
                .is_none()
        );
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
        assert!(
            Coordinates::new(89.0, 0.0)
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
        assert!(seoul.longitude_half_width(600.0).is_none());
    }

    #[test]
    fn cells_are_numbered_by_row_and_column() {
        let south_west = Coordinates::new(-90.0, -180.0).unwrap();
        assert_eq!(south_west.grid_cell(), -9000 * ROW_STRIDE);
        let north_east = Coordinates::new(90.0, 180.0).unwrap();
        assert_eq!(north_east.grid_cell(), 9000 * ROW_STRIDE + 36_000);
        let just_west = Coordinates::new(-0.001, -0.001).unwrap();
        assert_eq!(just_west.grid_cell(), -ROW_STRIDE + 17_999);
    }
}
