//! The catalog (categories, districts, facilities) every search form shows, kept for a few
//! minutes so a page costs only its own statements: the catalog is seeded, not edited.

use crate::error::WebError;
use ourspace_domain::catalog::{CatalogService, Category, District, Facility};
use std::sync::{Arc, RwLock};
use std::time::{Duration, Instant};

/// How long a read catalog is kept.
const KEEP: Duration = Duration::from_secs(300);

/// The catalog as read.
#[derive(Debug)]
pub struct Catalog {
    pub categories: Vec<Category>,
    pub districts: Vec<District>,
    pub facilities: Vec<Facility>,
}

/// A catalog and when it was read.
type Kept = Option<(Instant, Arc<Catalog>)>;

/// The last catalog read and when.
#[derive(Clone, Default)]
pub struct CachedCatalog(Arc<RwLock<Kept>>);

impl CachedCatalog {
    /// The kept catalog, or a fresh read when it is older than [`KEEP`].
    pub async fn get(&self, service: &CatalogService) -> Result<Arc<Catalog>, WebError> {
        let kept = self.0.read().ok().and_then(|guard| guard.clone());
        if let Some((at, catalog)) = kept
            && at.elapsed() < KEEP
        {
            return Ok(catalog);
        }
        let catalog = Arc::new(Catalog {
            categories: service.categories().await.map_err(WebError::unexpected)?,
            districts: service.districts().await.map_err(WebError::unexpected)?,
            facilities: service.facilities().await.map_err(WebError::unexpected)?,
        });
        if let Ok(mut guard) = self.0.write() {
            *guard = Some((Instant::now(), catalog.clone()));
        }
        Ok(catalog)
    }
}
