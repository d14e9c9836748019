//! Catalog use cases.

use super::model::{Category, District, Facility};
use super::ports::CatalogRepository;
use crate::shared::BoxError;
use std::sync::Arc;

/// Lists the catalog.
#[derive(Clone)]
pub struct CatalogService {
    repo: Arc<dyn CatalogRepository>,
}

impl CatalogService {
    /// A service reading from `repo`.
    #[must_use]
    pub fn new(repo: Arc<dyn CatalogRepository>) -> Self {
        Self { repo }
    }

    /// # Errors
    /// The storage failure.
    pub async fn categories(&self) -> Result<Vec<Category>, BoxError> {
        self.repo.categories().await
    }

    /// # Errors
    /// The storage failure.
    pub async fn districts(&self) -> Result<Vec<District>, BoxError> {
        self.repo.districts().await
    }

    /// # Errors
    /// The storage failure.
    pub async fn facilities(&self) -> Result<Vec<Facility>, BoxError> {
        self.repo.facilities().await
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::catalog::ports::MockCatalogRepository;
    use crate::shared::CategoryId;

    #[tokio::test]
    async fn categories_come_from_the_repository_in_its_order() {
        let mut repo = MockCatalogRepository::new();
        // Not in id order: the service keeps the repository's order (its `position`).
        let stored = vec![
            Category {
                id: CategoryId(2),
                code: "practice_room".into(),
                name: "연습실".into(),
            },
            Category {
                id: CategoryId(1),
                code: "party_room".into(),
                name: "파티룸".into(),
            },
        ];
        let returned = stored.clone();
        repo.expect_categories()
            .times(1)
            .returning(move || Ok(returned.clone()));
        let service = CatalogService::new(Arc::new(repo));
        assert_eq!(service.categories().await.unwrap(), stored);
    }

    #[tokio::test]
    async fn districts_come_from_the_repository() {
        let mut repo = MockCatalogRepository::new();
        let stored = vec![District {
            id: crate::shared::DistrictId(8),
            name: "마포구".into(),
            center: crate::shared::Coordinates::new(37.56, 126.9).unwrap(),
        }];
        let returned = stored.clone();
        repo.expect_districts()
            .times(1)
            .returning(move || Ok(returned.clone()));
        let service = CatalogService::new(Arc::new(repo));
        assert_eq!(service.districts().await.unwrap(), stored);
    }

    #[tokio::test]
    async fn a_storage_failure_is_passed_on() {
        let mut repo = MockCatalogRepository::new();
        repo.expect_facilities()
            .returning(|| Err("connection refused".into()));
        let service = CatalogService::new(Arc::new(repo));
        let err = service.facilities().await.unwrap_err();
        assert_eq!(err.to_string(), "connection refused");
    }
}
