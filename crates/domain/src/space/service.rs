//! Space use cases.

use super::error::SpaceError;
use super::ports::{SpaceQuery, SpaceRepository};
use super::view::{SpaceDetail, SpaceSummary};
use crate::shared::{Paged, SpaceId};
use std::sync::Arc;

/// Lists and shows spaces.
#[derive(Clone)]
pub struct SpaceService {
    repo: Arc<dyn SpaceRepository>,
}

impl SpaceService {
    #[must_use]
    pub fn new(repo: Arc<dyn SpaceRepository>) -> Self {
        Self { repo }
    }

    /// # Errors
    /// [`SpaceError::Unexpected`] when storage fails.
    pub async fn list(&self, query: &SpaceQuery) -> Result<Paged<SpaceSummary>, SpaceError> {
        self.repo.list(query).await.map_err(SpaceError::Unexpected)
    }

    /// # Errors
    /// [`SpaceError::NotFound`] for an unknown id, [`SpaceError::Unexpected`] when storage fails.
    pub async fn get(&self, id: SpaceId) -> Result<SpaceDetail, SpaceError> {
        self.repo
            .find(id)
            .await
            .map_err(SpaceError::Unexpected)?
            .ok_or(SpaceError::NotFound)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::Page;
    use crate::space::ports::MockSpaceRepository;

    #[tokio::test]
    async fn an_unknown_space_is_not_found() {
        let mut repo = MockSpaceRepository::new();
        repo.expect_find()
            .withf(|id| *id == SpaceId(7))
            .returning(|_| Ok(None));
        let err = SpaceService::new(Arc::new(repo)).get(SpaceId(7)).await;
        assert!(matches!(err, Err(SpaceError::NotFound)));
    }

    #[tokio::test]
    async fn the_list_passes_the_query_through_and_keeps_the_page() {
        let mut repo = MockSpaceRepository::new();
        repo.expect_list()
            .withf(|q| q.page.per_page() == 5)
            .returning(|q| Ok(Paged::new(vec![], q.page, 42)));
        let query = SpaceQuery {
            page: Page::new(Some(2), Some(5)).unwrap(),
            ..SpaceQuery::default()
        };
        let paged = SpaceService::new(Arc::new(repo))
            .list(&query)
            .await
            .unwrap();
        assert_eq!((paged.page, paged.per_page, paged.total), (2, 5, 42));
    }

    #[tokio::test]
    async fn a_storage_failure_is_unexpected() {
        let mut repo = MockSpaceRepository::new();
        repo.expect_find().returning(|_| Err("disk on fire".into()));
        let err = SpaceService::new(Arc::new(repo)).get(SpaceId(1)).await;
        assert!(matches!(err, Err(SpaceError::Unexpected(_))));
    }
}
