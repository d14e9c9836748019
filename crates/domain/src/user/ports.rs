//! What users need from storage.

use super::model::{Nickname, User};
use crate::shared::{BoxError, UserId, Won};
use async_trait::async_trait;

/// Reads and writes users.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait UserRepository: Send + Sync {
    /// # Errors
    /// The storage failure.
    async fn find(&self, id: UserId) -> Result<Option<User>, BoxError>;

    /// # Errors
    /// The storage failure.
    async fn find_by_kakao_id(&self, kakao_id: i64) -> Result<Option<User>, BoxError>;

    /// Creates the user, or returns the one that already has this Kakao id (two first
    /// sign-ins at once create one user). The bool is true when this call created it.
    ///
    /// # Errors
    /// The storage failure.
    async fn create_or_get(
        &self,
        kakao_id: i64,
        nickname: &Nickname,
        email: Option<String>,
        signup_points: Won,
    ) -> Result<(User, bool), BoxError>;
}
