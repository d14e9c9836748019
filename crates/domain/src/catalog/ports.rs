//! What the catalog needs from storage.

use super::model::{Category, District, Facility};
use crate::shared::BoxError;
use async_trait::async_trait;

/// Reads the catalog.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait CatalogRepository: Send + Sync {
    /// All categories, in display order.
    ///
    /// # Errors
    /// The storage failure.
    async fn categories(&self) -> Result<Vec<Category>, BoxError>;

    /// All districts, by name.
    ///
    /// # Errors
    /// The storage failure.
    async fn districts(&self) -> Result<Vec<District>, BoxError>;

    /// All facilities, in display order.
    ///
    /// # Errors
    /// The storage failure.
    async fn facilities(&self) -> Result<Vec<Facility>, BoxError>;
}
