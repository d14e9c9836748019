//! Spaces like a given one: first from what guests do (those who chose this space also
//! chose …), then, where behaviour says too little, from content: the same category,
//! the same or a bordering district, a similar price and size.

use super::score::share;
use super::{
    Candidate, Neighbourhood, Reason, Recommendation, SpaceTraits, best, offerable, scored,
};

/// Below this many guests choosing both, a pair of spaces says nothing about guests in
/// general: behaviour is not trusted on it (and the storage need not keep it).
pub const MIN_CO_CHOSEN: u32 = 2;

/// How much each part of the likeness weighs; behaviour outweighs any content match.
const BEHAVIOUR: f64 = 10.0;
const CATEGORY: f64 = 3.0;
const DISTRICT: f64 = 2.0;
const BESIDE: f64 = 1.0;
const PRICE: f64 = 1.0;
const SIZE: f64 = 1.0;

/// Up to `limit` of `candidates` like `target` (never `target` itself), best first, with
/// reasons. A candidate's `co_chosen` counts guests who chose both.
#[must_use]
pub fn similar(
    target: &SpaceTraits,
    candidates: &[Candidate],
    map: &Neighbourhood,
    limit: usize,
) -> Vec<Recommendation> {
    let candidates = offerable(candidates);
    let most_co = candidates.iter().map(|c| c.co_chosen).max().unwrap_or(0);
    let scored = candidates
        .into_iter()
        .filter(|c| c.space.id != target.id)
        .map(|c| {
            let trusted = if c.co_chosen >= MIN_CO_CHOSEN {
                share(c.co_chosen, most_co)
            } else {
                0.0
            };
            let mut parts = vec![(Reason::LikedBySimilarGuests, BEHAVIOUR * trusted)];
            parts.extend(content(target, &c.space, map));
            scored(c, parts)
        })
        .collect();
    best(scored, limit)
}

/// How much `other` is like `target` by what it is, part by part.
fn content(target: &SpaceTraits, other: &SpaceTraits, map: &Neighbourhood) -> Vec<(Reason, f64)> {
    let same = |yes: bool, w: f64| if yes { w } else { 0.0 };
    vec![
        (
            Reason::SameCategory,
            same(other.category == target.category, CATEGORY),
        ),
        (
            Reason::SameDistrict,
            same(other.district == target.district, DISTRICT),
        ),
        (
            Reason::NearbyDistrict,
            same(map.borders(other.district, target.district), BESIDE),
        ),
        (
            Reason::SimilarPrice,
            PRICE * closeness(target.min_price.get(), other.min_price.get()),
        ),
        (Reason::SimilarSize, SIZE * overlap(target, other)),
    ]
}

/// 1 for the same price, falling to 0 at half or twice it.
fn closeness(a: i64, b: i64) -> f64 {
    if a <= 0 || b <= 0 {
        return if a == b { 1.0 } else { 0.0 };
    }
    let ratio = (a.max(b) as f64) / (a.min(b) as f64);
    (1.0 - ratio.log2()).max(0.0)
}

/// How much of the two guest ranges overlap, 0 to 1 (of the narrower one).
fn overlap(a: &SpaceTraits, b: &SpaceTraits) -> f64 {
    let low = a.min_guests.max(b.min_guests);
    let high = a.max_guests.min(b.max_guests);
    if high < low {
        return 0.0;
    }
    let width = |s: &SpaceTraits| s.max_guests.saturating_sub(s.min_guests);
    let narrower = width(a).min(width(b)) + 1;
    f64::from(high - low + 1) / f64::from(narrower)
}
