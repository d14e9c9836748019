//! What users need from storage.

use super::model::{Nickname, User};
use crate::shared::{BoxError, UserId, Won};
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};

/// What became of an account deletion.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum AccountDeletion {
    /// Deleted, with personal data erased.
    Deleted,
    /// The user has a confirmed order for `today` or later.
    HasActiveOrders,
    /// The user hosts spaces; they must be deleted first.
    HasSpaces,
    /// No such user.
    NotFound,
}

/// Reads and writes users. Deleted users are invisible to every read.
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
    /// sign-ins at once create one user). The bool is true when this call created it. The
    /// sign-up points are recorded as a point movement.
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

    /// Refuses the user's bearer tokens issued before `at` (sign out everywhere); false if
    /// there is no such user.
    ///
    /// # Errors
    /// The storage failure.
    async fn invalidate_tokens(&self, id: UserId, at: DateTime<Utc>) -> Result<bool, BoxError>;

    /// Renames the user; `None` if there is no such user.
    ///
    /// # Errors
    /// The storage failure.
    async fn rename(&self, id: UserId, nickname: &Nickname) -> Result<Option<User>, BoxError>;

    /// In one transaction: refuses while the user has a confirmed order dated `today` or
    /// later or hosts spaces; otherwise cancels their waiting orders (releasing the hours),
    /// removes their likes, erases the contact details on their orders and the account's
    /// personal data (nickname, email, Kakao id), and marks the account deleted.
    ///
    /// # Errors
    /// The storage failure; nothing is changed then.
    async fn delete_account(
        &self,
        id: UserId,
        today: NaiveDate,
    ) -> Result<AccountDeletion, BoxError>;
}
