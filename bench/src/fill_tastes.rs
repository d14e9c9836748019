//! The benchmark's guests have tastes: one or two favourite categories, a home district and
//! a usual group. Four bookings in five fit the taste — a favourite category, at home or
//! (one in three) in a neighbouring district (the recommender's own rule of neighbours, on
//! the catalogue's district centres), a space that takes the group, the better-known spaces
//! of a kind more often; the fifth is any space. What the recommender is measured on
//! (`ourspace-bench evaluate`).

use crate::fill::{Rng, Scale};
use crate::fill_spaces::Drawn;
use ourspace_domain::recommend::Neighbourhood;
use ourspace_domain::shared::{BoxError, Coordinates, DistrictId};
use sea_orm::sea_query::Query;
use sea_orm::{ConnectionTrait, DatabaseConnection};
use std::collections::HashMap;

/// The groups guests book for.
const GROUPS: [i64; 6] = [2, 4, 6, 8, 12, 20];

/// One guest's taste.
struct Taste {
    categories: [usize; 2],
    home: usize,
    group: i64,
}

/// The spaces (ids, ascending) of a kind (category, district) that take a group.
type Fitting = HashMap<(usize, usize, i64), Vec<usize>>;

/// Every guest's taste, and the spaces of each kind that take each group.
pub(crate) struct Tastes {
    guests: Vec<Taste>,
    fitting: Fitting,
    around: HashMap<usize, Vec<usize>>,
    spaces: usize,
}

/// Every district's centre as the catalogue has it.
pub(crate) async fn district_centres(
    db: &DatabaseConnection,
) -> Result<Vec<(DistrictId, Coordinates)>, BoxError> {
    let read = Query::select()
        .columns(["id", "latitude", "longitude"])
        .from("districts")
        .take();
    let rows = db
        .query_all_raw(db.get_database_backend().build(&read))
        .await?;
    rows.into_iter()
        .map(|row| {
            let at = Coordinates::new(row.try_get("", "latitude")?, row.try_get("", "longitude")?)?;
            Ok((DistrictId(row.try_get("", "id")?), at))
        })
        .collect()
}

impl Tastes {
    /// Draws a taste for every guest of `scale`.
    pub(crate) fn draw(
        scale: Scale,
        rng: &mut Rng,
        spaces: &[Drawn],
        districts: &[(DistrictId, Coordinates)],
    ) -> Self {
        let mut fitting: Fitting = HashMap::new();
        for s in spaces {
            for group in GROUPS
                .iter()
                .filter(|g| (s.guests.0..=s.guests.1).contains(g))
            {
                fitting
                    .entry((s.category, s.district, *group))
                    .or_default()
                    .push(s.id);
            }
        }
        let map = Neighbourhood::of_centres(districts);
        let around = districts
            .iter()
            .map(|(d, _)| {
                let near = map.around(&[*d]).iter().map(|n| n.get() as usize).collect();
                (d.get() as usize, near)
            })
            .collect();
        let guests = (0..scale.users())
            .map(|_| {
                let first = 1 + rng.below(8);
                let second = if rng.below(2) == 0 {
                    first
                } else {
                    1 + rng.below(8)
                };
                Taste {
                    categories: [first, second],
                    home: 1 + rng.below(districts.len()),
                    group: GROUPS[rng.below(GROUPS.len())],
                }
            })
            .collect();
        Self {
            guests,
            fitting,
            around,
            spaces: scale.spaces,
        }
    }

    /// A space (id) for guest `guest` (from 1) to book, and the head count.
    pub(crate) fn choose(&self, guest: usize, rng: &mut Rng) -> (usize, i64) {
        let taste = &self.guests[guest - 1];
        let any = 1 + rng.below(self.spaces);
        if rng.below(5) == 0 {
            return (any, 2);
        }
        let category = taste.categories[rng.below(2)];
        let mut district = taste.home;
        let near = self.around.get(&taste.home).map_or(&[][..], Vec::as_slice);
        if rng.below(3) == 0 && !near.is_empty() {
            district = near[rng.below(near.len())];
        }
        let fitting = self
            .fitting
            .get(&(category, district, taste.group))
            .map_or(&[][..], Vec::as_slice);
        if fitting.is_empty() {
            return (any, 2);
        }
        // The better-known spaces of a kind more often: the lower of two draws.
        let n = fitting.len();
        (fitting[rng.below(n).min(rng.below(n))], taste.group)
    }
}
