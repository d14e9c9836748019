//! The nearest of many matches, for the distance order: the grid's cells visited in rings
//! around the center's cell, until no cell farther out can hold a space nearer than the
//! page's last.

use super::grid::{cell, column, row};
use super::{Bitmaps, CELLS_PER_DEGREE, Key};
use crate::search::best::{Best, Hit};
use ourspace_domain::shared::Coordinates;
use ourspace_domain::space::SpaceSort;
use roaring::RoaringBitmap;
use std::f64::consts::FRAC_PI_2;

/// The most rings visited (a degree each way); a walk that needs more gives up.
const MOST_RINGS: i64 = 100;
/// The columns of the grid (360° of longitude).
const COLUMNS: i64 = (360.0 * CELLS_PER_DEGREE) as i64;

/// The cells of ring `k` around cell (`r`, `c`): those `k` cells away in either direction.
fn ring(r: i64, c: i64, k: i64) -> impl Iterator<Item = (i64, i64)> {
    let edges = (c - k..=c + k).flat_map(move |x| [(r - k, x), (r + k, x)]);
    let sides = (r - k + 1..r + k).flat_map(move |y| [(y, c - k), (y, c + k)]);
    let centre = (k == 0).then_some((r, c));
    centre
        .into_iter()
        .chain(edges.filter(move |_| k > 0))
        .chain(sides.filter(move |_| k > 0))
}

/// The least angle (radians) from `center` to any point outside the square of rings
/// `0..=k` around its cell: by latitude, or across the nearest meridian bounding it
/// (`sin d = cos φ · sin Δλ`), a little less for rounding.
fn beyond(center: Coordinates, k: i64) -> f64 {
    let (r, c) = (row(center.latitude()), column(center.longitude()));
    let per = 1.0 / CELLS_PER_DEGREE;
    let lat = center.latitude();
    let d_lat = (lat - (r - k) as f64 * per).min((r + k + 1) as f64 * per - lat);
    let lng = center.longitude() + 180.0;
    let d_lng = (lng - (c - k) as f64 * per).min((c + k + 1) as f64 * per - lng);
    let across = (lat.to_radians().cos() * d_lng.to_radians().min(FRAC_PI_2).sin()).asin();
    d_lat.to_radians().min(across) * 0.999
}

impl Bitmaps {
    /// The best `keep` of `found` by distance from `center`; `None` when the rings would
    /// reach a pole, the antimeridian or past [`MOST_RINGS`].
    pub(super) fn nearest(
        &self,
        center: Coordinates,
        found: &RoaringBitmap,
        keep: usize,
    ) -> Option<Vec<u32>> {
        let unit = center.unit_vector();
        let (r, c) = (row(center.latitude()), column(center.longitude()));
        let mut best: Best<u32> = Best::new(keep, SpaceSort::Distance);
        let mut seen = 0;
        for k in 0..=MOST_RINGS {
            if c - k < 0
                || c + k >= COLUMNS
                || center.latitude().abs() + k as f64 / CELLS_PER_DEGREE > 89.0
            {
                return None;
            }
            for (y, x) in ring(r, c, k) {
                let Some(in_cell) = self.bitmaps.get(&Key::Cell(cell(y, x))) else {
                    continue;
                };
                for slot in in_cell & found {
                    let f = &self.facts[slot as usize];
                    best.offer(Hit {
                        facts: f.rank(f.dot(unit)),
                        at: slot,
                    });
                    seen += 1;
                }
            }
            let done = seen == found.len()
                || best
                    .worst_when_full()
                    .is_some_and(|worst| worst.dot > beyond(center, k).cos());
            if done {
                return Some(best.into_sorted().into_iter().map(|h| h.at).collect());
            }
        }
        None
    }
}
