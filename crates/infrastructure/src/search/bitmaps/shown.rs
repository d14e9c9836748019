//! What a list shows of a space beyond its facts, kept natively and compactly: the
//! numbers a list shows are the facts' ([`Facts`]), and the category and district names
//! are shared by every space that has them.

use super::columns::Facts;
use chrono::{DateTime, Utc};
use ourspace_domain::shared::{CategoryId, DistrictId, SpaceId, Won};
use ourspace_domain::space::SpaceSummary;
use ourspace_domain::space::view::{Named, SpaceImage};
use std::collections::HashSet;
use std::sync::Arc;

/// A list item but for its facts.
pub(super) struct Shown {
    title: Box<str>,
    subtitle: Box<str>,
    address: Box<str>,
    category: (i64, Arc<str>),
    district: (i64, Arc<str>),
    images: Box<[SpaceImage]>,
    rating_avg: Option<f64>,
    created_at: DateTime<Utc>,
}

/// The names held once for every space that shows them.
pub(super) type Names = HashSet<Arc<str>>;

fn shared(names: &mut Names, name: &str) -> Arc<str> {
    if let Some(held) = names.get(name) {
        return held.clone();
    }
    let held: Arc<str> = name.into();
    names.insert(held.clone());
    held
}

impl Shown {
    pub(super) fn of(s: &SpaceSummary, names: &mut Names) -> Self {
        Self {
            title: s.title.as_str().into(),
            subtitle: s.subtitle.as_str().into(),
            address: s.address.as_str().into(),
            category: (s.category.id.get(), shared(names, &s.category.name)),
            district: (s.district.id.get(), shared(names, &s.district.name)),
            images: s.images.clone().into_boxed_slice(),
            rating_avg: s.rating_avg,
            created_at: s.created_at,
        }
    }

    /// The list item, with no distance.
    pub(super) fn summary(&self, f: &Facts) -> Result<SpaceSummary, &'static str> {
        Ok(SpaceSummary {
            id: SpaceId(f.id),
            title: self.title.to_string(),
            subtitle: self.subtitle.to_string(),
            address: self.address.to_string(),
            category: Named {
                id: CategoryId(self.category.0),
                name: self.category.1.to_string(),
            },
            district: Named {
                id: DistrictId(self.district.0),
                name: self.district.1.to_string(),
            },
            min_price: Won::new(f.price).map_err(|_| "a negative price")?,
            min_guests: f.min_guests,
            max_guests: f.max_guests,
            images: self.images.to_vec(),
            like_count: f.like_count,
            rating_avg: self.rating_avg,
            review_count: f.review_count,
            created_at: self.created_at,
            distance_km: None,
        })
    }
}
