//! The grid of 0.01° cells the bitmap engine files each space under, and which cells a
//! circle covers: those wholly inside it, whose spaces need no test, and those its edge
//! crosses.

use super::{CELLS_PER_DEGREE, Key};
use ourspace_domain::shared::Coordinates;

/// The most grid cells a radius is narrowed by (a 20 km circle's box in Seoul).
const MOST_CELLS: usize = 2_000;
/// How much nearer than the radius a cell's corners must be for the cell to count as
/// inside (a cell's edge along a parallel strays from the great circle between its
/// corners by about a centimetre).
const INSIDE_MARGIN_KM: f64 = 0.001;

pub(super) fn row(latitude: f64) -> i64 {
    (latitude * CELLS_PER_DEGREE).floor() as i64
}

pub(super) fn column(longitude: f64) -> i64 {
    ((longitude + 180.0) * CELLS_PER_DEGREE).floor() as i64
}

/// A grid cell's number.
pub(super) fn cell(row: i64, column: i64) -> i64 {
    row * 100_000 + column
}

/// The unit vector of a cell's corner.
fn corner(row: i64, column: i64) -> (f64, f64, f64) {
    let (lat, lng) = (
        (row as f64 / CELLS_PER_DEGREE).to_radians(),
        (column as f64 / CELLS_PER_DEGREE - 180.0).to_radians(),
    );
    (lat.cos() * lng.cos(), lat.cos() * lng.sin(), lat.sin())
}

/// The cells a circle's box covers (when at most [`MOST_CELLS`]), and of those the ones
/// not wholly inside the circle.
pub(super) fn cells_within(center: Coordinates, radius_km: f64) -> Option<(Vec<Key>, Vec<Key>)> {
    let band = Coordinates::latitude_half_width(radius_km);
    let width = center.longitude_half_width(radius_km)?;
    let rows = row(center.latitude() - band)..=row(center.latitude() + band);
    let columns = column(center.longitude() - width)..=column(center.longitude() + width);
    if rows.clone().count() * columns.clone().count() > MOST_CELLS {
        return None;
    }
    let c = center.unit_vector();
    let inside = Coordinates::min_dot_within((radius_km - INSIDE_MARGIN_KM).max(0.0));
    let within = |(x, y, z): (f64, f64, f64)| x * c.0 + y * c.1 + z * c.2 >= inside;
    let (mut all, mut edge) = (Vec::new(), Vec::new());
    for r in rows {
        for k in columns.clone() {
            all.push(Key::Cell(cell(r, k)));
            let corners = [(r, k), (r + 1, k), (r, k + 1), (r + 1, k + 1)];
            if !corners.into_iter().all(|(a, b)| within(corner(a, b))) {
                edge.push(Key::Cell(cell(r, k)));
            }
        }
    }
    Some((all, edge))
}
