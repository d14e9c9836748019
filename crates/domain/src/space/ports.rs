//! What spaces need from storage.

use super::model::SpaceDraft;
use super::view::{SpaceDetail, SpaceSummary};
use crate::shared::{BoxError, CategoryId, DistrictId, Page, Paged, SpaceId, UserId};
use async_trait::async_trait;

/// Which spaces to list and which page of them.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SpaceQuery {
    pub page: Page,
    /// Any of these categories; empty means all.
    pub categories: Vec<CategoryId>,
    /// Any of these districts; empty means all.
    pub districts: Vec<DistrictId>,
}

/// A photo already put in the image store, to be recorded with its space.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct NewImage {
    pub key: String,
    pub url: String,
}

/// Reads and writes spaces.
///
/// Reads answer in a fixed number of statements, whatever the page size.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SpaceRepository: Send + Sync {
    /// One page of spaces, most liked first, and the number of matches.
    ///
    /// # Errors
    /// The storage failure.
    async fn list(&self, query: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError>;

    /// The space with its options, facilities, images and host, if it exists.
    ///
    /// # Errors
    /// The storage failure.
    async fn find(&self, id: SpaceId) -> Result<Option<SpaceDetail>, BoxError>;

    /// Writes a space with its options, facilities and images in one transaction.
    ///
    /// # Errors
    /// The storage failure; nothing is written then.
    async fn create(
        &self,
        host: UserId,
        draft: &SpaceDraft,
        images: &[NewImage],
    ) -> Result<SpaceId, BoxError>;
}
