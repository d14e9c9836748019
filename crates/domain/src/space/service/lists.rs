//! Lists of spaces: public searches, answered by the search index when the server keeps
//! one, and a host's own list, read from storage.

use super::{SpaceService, unexpected};
use crate::shared::{Page, Paged, UserId};
use crate::space::error::SpaceError;
use crate::space::ports::SpaceQuery;
use crate::space::search::SearchParams;
use crate::space::view::SpaceSummary;

impl SpaceService {
    /// # Errors
    /// [`SpaceError::Unexpected`] when storage fails.
    pub async fn list(&self, query: &SpaceQuery) -> Result<Paged<SpaceSummary>, SpaceError> {
        match &self.index {
            Some(index) if query.host.is_none() && query.liked_by.is_none() => {
                index.search(query).await.map_err(unexpected)
            }
            _ => self.repo.list(query).await.map_err(unexpected),
        }
    }

    /// Searches with the client's parameters, checked against today's business date.
    ///
    /// # Errors
    /// [`SpaceError::InvalidParameter`] naming the parameter, or a storage failure.
    pub async fn search(&self, params: SearchParams) -> Result<Paged<SpaceSummary>, SpaceError> {
        let query = params.parse(self.clock.today(), self.clock.now(), self.horizon)?;
        self.list(&query).await
    }

    /// The host's own spaces, newest first.
    ///
    /// # Errors
    /// [`SpaceError::Unexpected`] when storage fails.
    pub async fn list_hosted(
        &self,
        host: UserId,
        page: Page,
    ) -> Result<Paged<SpaceSummary>, SpaceError> {
        self.list(&SpaceQuery {
            page,
            host: Some(host),
            ..SpaceQuery::default()
        })
        .await
    }
}
