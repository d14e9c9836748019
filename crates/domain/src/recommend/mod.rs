//! Tailored recommendations (맞춤형 공간 추천): spaces for a guest, from what they booked,
//! liked and reviewed, and spaces like a given one. Pure functions of a history and the
//! candidates the storage found: the scoring and the reasons a client shows live here and
//! nowhere else; the storage only supplies the candidates with their behaviour counts
//! (how often guests who chose this user's spaces, or the given space, also chose each
//! candidate; how often each was booked lately).

mod kept;
mod pairs;
mod params;
pub mod ports;
mod score;
pub mod service;
mod similar;
mod taste;
#[cfg(test)]
mod tests;

pub use kept::{DEFAULT_KEPT_TASTES, Guest, TASTE_MAX_AGE_MINUTES};
pub use pairs::{Choice, CoChosen, PAIR_CHOICES_PER_GUEST, co_chosen_pairs};
pub use params::{DEFAULT_PER_PAGE, RecommendParams, RecommendQuery};
pub use ports::{Offered, Pool, RecommendationRepository, Target, UserSignals};
pub use score::{recommend, recommend_to};
pub use service::{RecommendationService, Recommended};
pub use similar::{MIN_CO_CHOSEN, similar};
pub use taste::Taste;

use crate::order::OrderStatus;
use crate::shared::{CategoryId, Coordinates, DistrictId, SpaceId, Won};
use serde::Serialize;
use std::collections::HashSet;

/// What the recommender knows of a space.
#[derive(Debug, Clone, PartialEq)]
pub struct SpaceTraits {
    /// The space.
    pub id: SpaceId,
    /// Its category.
    pub category: CategoryId,
    /// Its district.
    pub district: DistrictId,
    /// Its lowest package or hourly price.
    pub min_price: Won,
    /// The fewest guests it takes.
    pub min_guests: u16,
    /// The most guests it takes.
    pub max_guests: u16,
}

impl SpaceTraits {
    /// Whether a group of `guests` may book it.
    #[must_use]
    pub fn takes(&self, guests: u16) -> bool {
        (self.min_guests..=self.max_guests).contains(&guests)
    }
}

impl From<&crate::space::SpaceSummary> for SpaceTraits {
    fn from(s: &crate::space::SpaceSummary) -> Self {
        Self {
            id: s.id,
            category: s.category.id,
            district: s.district.id,
            min_price: s.min_price,
            min_guests: s.min_guests,
            max_guests: s.max_guests,
        }
    }
}

/// One thing a guest did with a space.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Signal {
    /// Booked it for this many guests (any order that was not refused).
    Booked {
        /// The head count booked.
        guests: u16,
    },
    /// Liked it.
    Liked,
    /// Reviewed it with this rating (1–5).
    Reviewed {
        /// The rating given.
        rating: u8,
    },
}

/// A guest's signal about a space.
#[derive(Debug, Clone, PartialEq)]
pub struct Interaction {
    /// The space.
    pub space: SpaceTraits,
    /// What the guest did.
    pub signal: Signal,
}

/// A space the storage offers for recommending, with its behaviour counts.
#[derive(Debug, Clone, PartialEq)]
pub struct Candidate {
    /// The space.
    pub space: SpaceTraits,
    /// How many times guests who chose the user's spaces (or the given space) also chose
    /// this one.
    pub co_chosen: u32,
    /// Its bookings of the last 30 days.
    pub recent_bookings: u32,
    /// Taken on the date asked (closed then, or its hours held or sold); never without a
    /// date. The storage marks such a space rather than leaving it out, so that a pool read
    /// for one date serves any other; a taken space is never recommended.
    pub taken: bool,
}

/// Why a space is recommended, as a client may show it.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(rename_all = "snake_case")]
pub enum Reason {
    /// Guests who chose the same spaces chose this one.
    LikedBySimilarGuests,
    /// A category the user chooses.
    SameCategory,
    /// A district the user chooses.
    SameDistrict,
    /// A district next to one the user chooses.
    NearbyDistrict,
    /// Within the prices the user pays.
    InYourPriceBand,
    /// Takes the user's usual group.
    FitsYourGroup,
    /// Priced like the given space.
    SimilarPrice,
    /// Takes groups like the given space.
    SimilarSize,
    /// Booked often lately (for a user with no history yet).
    PopularNow,
}

impl Reason {
    /// The reason's code, as answered.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::LikedBySimilarGuests => "liked_by_similar_guests",
            Self::SameCategory => "same_category",
            Self::SameDistrict => "same_district",
            Self::NearbyDistrict => "nearby_district",
            Self::InYourPriceBand => "in_your_price_band",
            Self::FitsYourGroup => "fits_your_group",
            Self::SimilarPrice => "similar_price",
            Self::SimilarSize => "similar_size",
            Self::PopularNow => "popular_now",
        }
    }
}

/// A recommended space, its score (higher first) and why, the strongest reason first.
#[derive(Debug, Clone, PartialEq)]
pub struct Recommendation {
    /// The space.
    pub space: SpaceId,
    /// How well it fits; only the order matters.
    pub score: f64,
    /// Why, strongest first.
    pub reasons: Vec<Reason>,
}

/// Whether an order in `status` tells what its guest chooses (a booking, and a like, are
/// choices; an order the host refused is not): for the guest's taste, for "guests who chose
/// this also chose …" and for what is booked lately.
#[must_use]
pub fn is_choice(status: OrderStatus) -> bool {
    status != OrderStatus::Rejected
}

/// How far back bookings count as "popular now".
pub const RECENT_DAYS: u64 = 30;

/// Districts whose centres lie this close are neighbours (in Seoul, most bordering
/// districts; none across the city).
pub const NEIGHBOUR_KM: f64 = 6.0;

/// A district and its centre.
pub type DistrictCentre = (DistrictId, Coordinates);

/// Which districts border which (given by the storage, e.g. from the catalogue).
#[derive(Debug, Clone, Default)]
pub struct Neighbourhood {
    pairs: HashSet<(DistrictId, DistrictId)>,
}

impl Neighbourhood {
    /// Districts bordering as these pairs say (in either order).
    #[must_use]
    pub fn new(pairs: impl IntoIterator<Item = (DistrictId, DistrictId)>) -> Self {
        let mut all = HashSet::new();
        for (a, b) in pairs {
            all.insert((a, b));
            all.insert((b, a));
        }
        Self { pairs: all }
    }

    /// The districts whose centres lie within [`NEIGHBOUR_KM`] of each other.
    #[must_use]
    pub fn of_centres(districts: &[DistrictCentre]) -> Self {
        let mut pairs = Vec::new();
        for (i, (a, at)) in districts.iter().enumerate() {
            for (b, bt) in &districts[i + 1..] {
                if at.distance_km(*bt) <= NEIGHBOUR_KM {
                    pairs.push((*a, *b));
                }
            }
        }
        Self::new(pairs)
    }

    /// The districts bordering any of `districts`, not among them.
    #[must_use]
    pub fn around(&self, districts: &[DistrictId]) -> Vec<DistrictId> {
        let mut found: Vec<DistrictId> = self
            .pairs
            .iter()
            .filter(|(a, b)| districts.contains(a) && !districts.contains(b))
            .map(|(_, b)| *b)
            .collect();
        found.sort_unstable();
        found.dedup();
        found
    }

    /// Whether `a` and `b` are different districts that border.
    #[must_use]
    pub fn borders(&self, a: DistrictId, b: DistrictId) -> bool {
        a != b && self.pairs.contains(&(a, b))
    }
}

/// The candidates that may be recommended: a space taken on the date asked never is, and
/// counts for nothing in the others' shares (ranked as if it had not been found). The
/// storage marks such a space rather than leaving it out, so that a pool read for one
/// date serves any other.
fn offerable(candidates: &[Candidate]) -> Vec<&Candidate> {
    candidates.iter().filter(|c| !c.taken).collect()
}

/// Orders scored recommendations (best first; ties: more recent bookings, then lower id)
/// and keeps `limit`.
fn best(mut scored: Vec<(Recommendation, u32)>, limit: usize) -> Vec<Recommendation> {
    scored.sort_by(|(a, pa), (b, pb)| {
        b.score
            .total_cmp(&a.score)
            .then(pb.cmp(pa))
            .then(a.space.cmp(&b.space))
    });
    scored.into_iter().take(limit).map(|(r, _)| r).collect()
}

/// Candidate `c` scored by the sum of `parts`, with the reasons whose weight is above zero,
/// strongest first; beside it, its recent bookings (for ties).
fn scored(c: &Candidate, mut parts: Vec<(Reason, f64)>) -> (Recommendation, u32) {
    let score = parts.iter().map(|(_, w)| w).sum();
    parts.retain(|(_, w)| *w > 0.0);
    parts.sort_by(|a, b| b.1.total_cmp(&a.1));
    let recommendation = Recommendation {
        space: c.space.id,
        score,
        reasons: parts.into_iter().map(|(r, _)| r).collect(),
    };
    (recommendation, c.recent_bookings)
}
