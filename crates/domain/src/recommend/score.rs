//! Spaces for a guest: each candidate the guest may be shown is scored by how well it fits
//! their taste, and by what guests with the same spaces chose; with no history, by what is
//! booked now.

use super::{
    Candidate, Interaction, Neighbourhood, Reason, Recommendation, Taste, best, offerable, scored,
};

/// How much each part of the fit weighs.
const CATEGORY: f64 = 3.0;
const DISTRICT: f64 = 2.0;
const BESIDE: f64 = 1.0;
const PRICE: f64 = 0.5;
const GROUP: f64 = 0.5;
const BEHAVIOUR: f64 = 1.5;
const POPULAR: f64 = 0.3;

/// Up to `limit` of `candidates` for the guest whose history this is, best first, each with
/// its reasons. A guest with no history gets the most booked lately (`PopularNow`).
#[must_use]
pub fn recommend(
    history: &[Interaction],
    candidates: &[Candidate],
    map: &Neighbourhood,
    limit: usize,
) -> Vec<Recommendation> {
    recommend_to(&Taste::of(history), candidates, map, limit)
}

/// As [`recommend`], for a taste already read from the history.
#[must_use]
pub fn recommend_to(
    taste: &Taste,
    candidates: &[Candidate],
    map: &Neighbourhood,
    limit: usize,
) -> Vec<Recommendation> {
    let candidates = offerable(candidates);
    let most_co = candidates.iter().map(|c| c.co_chosen).max().unwrap_or(0);
    let most_recent = candidates
        .iter()
        .map(|c| c.recent_bookings)
        .max()
        .unwrap_or(0);
    let scored = candidates
        .into_iter()
        .filter(|c| taste.admits(&c.space))
        .map(|c| {
            let popular = POPULAR * share(c.recent_bookings, most_recent);
            let parts = if taste.is_empty() {
                vec![(Reason::PopularNow, popular.max(f64::MIN_POSITIVE))]
            } else {
                fit(taste, c, map, share(c.co_chosen, most_co), popular)
            };
            scored(c, parts)
        })
        .collect();
    best(scored, limit)
}

/// The parts of a candidate's fit to `taste`, each with the reason it gives.
fn fit(
    taste: &Taste,
    c: &Candidate,
    map: &Neighbourhood,
    behaviour: f64,
    popular: f64,
) -> Vec<(Reason, f64)> {
    let s = &c.space;
    let here = taste.district(s.district);
    let beside = taste.beside(s.district, map);
    vec![
        (Reason::SameCategory, CATEGORY * taste.category(s.category)),
        (Reason::SameDistrict, DISTRICT * here),
        // Only where the district itself says less.
        (Reason::NearbyDistrict, BESIDE * (beside - here).max(0.0)),
        (Reason::LikedBySimilarGuests, BEHAVIOUR * behaviour),
        (
            Reason::InYourPriceBand,
            if taste.in_price_band(s.min_price) {
                PRICE
            } else {
                0.0
            },
        ),
        (
            Reason::FitsYourGroup,
            if taste.group().is_some() { GROUP } else { 0.0 },
        ),
        (Reason::PopularNow, popular),
    ]
}

/// `n` against the largest, 0 to 1, on a log scale (the tenth booking adds less than the
/// first).
pub(super) fn share(n: u32, most: u32) -> f64 {
    if most == 0 {
        0.0
    } else {
        f64::from(n).ln_1p() / f64::from(most).ln_1p()
    }
}
