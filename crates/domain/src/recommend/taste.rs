//! A guest's taste, read from their history: how much each category and district weighs,
//! the prices they pay, the group they book for, and the spaces they already booked.

use super::{Interaction, Neighbourhood, Signal, SpaceTraits};
use crate::shared::{CategoryId, DistrictId, SpaceId, Won};
use std::collections::{HashMap, HashSet};

/// How much a signal says about taste: a booking most, a good review next, a like; a bad
/// review (1–2) counts against.
fn weight(signal: Signal) -> f64 {
    match signal {
        Signal::Booked { .. } => 3.0,
        Signal::Reviewed { rating } if rating >= 4 => 2.0,
        Signal::Reviewed { rating } if rating <= 2 => -1.0,
        Signal::Reviewed { .. } => 0.5,
        Signal::Liked => 1.5,
    }
}

/// What a history says a guest likes.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct Taste {
    categories: HashMap<CategoryId, f64>,
    districts: HashMap<DistrictId, f64>,
    /// The lowest and highest price the guest is likely to pay.
    price_band: Option<(Won, Won)>,
    /// The largest group the guest booked for.
    group: Option<u16>,
    booked: HashSet<SpaceId>,
    /// The spaces the guest chose (a positive signal), first chosen first.
    chosen: Vec<SpaceId>,
}

impl Taste {
    /// The taste `history` shows (empty for no history).
    #[must_use]
    pub fn of(history: &[Interaction]) -> Self {
        let mut taste = Self::default();
        let mut prices = Vec::new();
        for i in history {
            let w = weight(i.signal);
            *taste.categories.entry(i.space.category).or_default() += w;
            *taste.districts.entry(i.space.district).or_default() += w;
            if w > 0.0 {
                prices.push(i.space.min_price);
                if !taste.chosen.contains(&i.space.id) {
                    taste.chosen.push(i.space.id);
                }
            }
            if let Signal::Booked { guests } = i.signal {
                taste.booked.insert(i.space.id);
                taste.group = taste.group.max(Some(guests));
            }
        }
        normalise(&mut taste.categories);
        normalise(&mut taste.districts);
        taste.price_band = band(&mut prices);
        taste
    }

    /// Whether the history said anything positive.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.categories.values().all(|w| *w <= 0.0)
    }

    /// How much the guest chooses `category`, 0 to 1.
    #[must_use]
    pub fn category(&self, category: CategoryId) -> f64 {
        self.categories.get(&category).copied().unwrap_or(0.0)
    }

    /// How much the guest chooses `district`, 0 to 1.
    #[must_use]
    pub fn district(&self, district: DistrictId) -> f64 {
        self.districts.get(&district).copied().unwrap_or(0.0)
    }

    /// How much the guest chooses the districts bordering `district` (the strongest), 0 to 1.
    #[must_use]
    pub fn beside(&self, district: DistrictId, map: &Neighbourhood) -> f64 {
        self.districts
            .iter()
            .filter(|(d, _)| map.borders(**d, district))
            .map(|(_, w)| *w)
            .fold(0.0, f64::max)
    }

    /// Up to `n` categories the guest chooses, most first.
    #[must_use]
    pub fn top_categories(&self, n: usize) -> Vec<CategoryId> {
        top(&self.categories, n)
    }

    /// Up to `n` districts the guest chooses, most first.
    #[must_use]
    pub fn top_districts(&self, n: usize) -> Vec<DistrictId> {
        top(&self.districts, n)
    }

    /// The spaces the guest chose (booked, liked or reviewed well), in history order.
    #[must_use]
    pub fn chosen(&self) -> &[SpaceId] {
        &self.chosen
    }

    /// Whether `price` is within the prices the guest pays.
    #[must_use]
    pub fn in_price_band(&self, price: Won) -> bool {
        self.price_band
            .is_some_and(|(low, high)| (low..=high).contains(&price))
    }

    /// The largest group the guest booked for, if they booked.
    #[must_use]
    pub fn group(&self) -> Option<u16> {
        self.group
    }

    /// Whether the guest may be shown `space` at all: not one they booked, and one that
    /// takes their group (a guest who books for 20 is not shown rooms for 4).
    #[must_use]
    pub fn admits(&self, space: &SpaceTraits) -> bool {
        !self.booked.contains(&space.id) && self.group.is_none_or(|g| space.takes(g))
    }
}

/// Up to `n` keys of positive weight, heaviest first (ties: lower id first).
fn top<K: Copy + Ord + std::hash::Hash>(weights: &HashMap<K, f64>, n: usize) -> Vec<K> {
    let mut ranked: Vec<(K, f64)> = weights
        .iter()
        .filter(|(_, w)| **w > 0.0)
        .map(|(k, w)| (*k, *w))
        .collect();
    ranked.sort_by(|a, b| b.1.total_cmp(&a.1).then(a.0.cmp(&b.0)));
    ranked.into_iter().take(n).map(|(k, _)| k).collect()
}

/// Scales the weights so the largest positive one is 1; negatives become 0.
fn normalise(weights: &mut HashMap<impl std::hash::Hash + Eq, f64>) {
    let top = weights.values().copied().fold(0.0, f64::max);
    for w in weights.values_mut() {
        *w = if top > 0.0 { (*w / top).max(0.0) } else { 0.0 };
    }
}

/// Half to twice the median price paid (none without prices).
fn band(prices: &mut [Won]) -> Option<(Won, Won)> {
    prices.sort_unstable();
    let median = prices.get(prices.len() / 2)?.get();
    Some((
        Won::new(median / 2).unwrap_or(Won::ZERO),
        Won::new(median.saturating_mul(2)).unwrap_or(Won::ZERO),
    ))
}
