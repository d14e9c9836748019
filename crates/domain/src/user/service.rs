//! The signed-in user's own account: read it, rename it, delete it.

use super::model::{Nickname, User};
use super::ports::{AccountDeletion, UserRepository};
use crate::shared::{BoxError, Clock, UserId, ValidationErrors};
use std::sync::Arc;

/// What can go wrong with accounts.
#[derive(Debug, thiserror::Error)]
pub enum UserError {
    /// No such user.
    #[error("the user does not exist")]
    NotFound,
    /// The input broke these rules.
    #[error("invalid user data: {0}")]
    Validation(#[from] ValidationErrors),
    /// The user has confirmed orders still to happen.
    #[error("the user has confirmed orders that have not happened yet")]
    HasActiveOrders,
    /// The user still hosts spaces.
    #[error("the user still hosts spaces")]
    HasSpaces,
    /// A failure that is not the caller's fault.
    #[error("unexpected failure")]
    Unexpected(#[source] BoxError),
}

/// Account use cases.
#[derive(Clone)]
pub struct UserService {
    users: Arc<dyn UserRepository>,
    clock: Arc<dyn Clock>,
}

impl UserService {
    /// A service over these adapters.
    #[must_use]
    pub fn new(users: Arc<dyn UserRepository>, clock: Arc<dyn Clock>) -> Self {
        Self { users, clock }
    }

    /// Signs the user out everywhere: every bearer token issued to them so far stops
    /// working.
    ///
    /// # Errors
    /// [`UserError::NotFound`], or a storage failure.
    pub async fn sign_out_everywhere(&self, id: UserId) -> Result<(), UserError> {
        let found = self
            .users
            .invalidate_tokens(id, self.clock.now())
            .await
            .map_err(UserError::Unexpected)?;
        if found {
            Ok(())
        } else {
            Err(UserError::NotFound)
        }
    }

    /// # Errors
    /// [`UserError::NotFound`], or a storage failure.
    pub async fn get(&self, id: UserId) -> Result<User, UserError> {
        self.users
            .find(id)
            .await
            .map_err(UserError::Unexpected)?
            .ok_or(UserError::NotFound)
    }

    /// # Errors
    /// [`UserError::Validation`] on `nickname` unless it is 1–30 characters after trimming.
    pub async fn rename(&self, id: UserId, nickname: &str) -> Result<User, UserError> {
        let nickname = Nickname::parse(nickname)
            .map_err(|e| ValidationErrors::single("nickname", e.to_string()))?;
        self.users
            .rename(id, &nickname)
            .await
            .map_err(UserError::Unexpected)?
            .ok_or(UserError::NotFound)
    }

    /// # Errors
    /// [`UserError::HasActiveOrders`], [`UserError::HasSpaces`], [`UserError::NotFound`].
    pub async fn delete(&self, id: UserId) -> Result<(), UserError> {
        let outcome = self
            .users
            .delete_account(id, self.clock.today())
            .await
            .map_err(UserError::Unexpected)?;
        match outcome {
            AccountDeletion::Deleted => Ok(()),
            AccountDeletion::HasActiveOrders => Err(UserError::HasActiveOrders),
            AccountDeletion::HasSpaces => Err(UserError::HasSpaces),
            AccountDeletion::NotFound => Err(UserError::NotFound),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::shared::clock::MockClock;
    use crate::user::ports::MockUserRepository;
    use mockall::predicate::eq;

    fn clock() -> Arc<MockClock> {
        let mut clock = MockClock::new();
        clock
            .expect_today()
            .returning(|| "2026-11-26".parse().unwrap());
        Arc::new(clock)
    }

    #[tokio::test]
    async fn a_blank_or_long_nickname_is_a_validation_error_on_nickname() {
        let mut users = MockUserRepository::new();
        users.expect_rename().never();
        let service = UserService::new(Arc::new(users), clock());
        for bad in ["   ", &"가".repeat(31)] {
            match service.rename(UserId(1), bad).await {
                Err(UserError::Validation(e)) => assert_eq!(e.fields()[0].field, "nickname"),
                other => panic!("expected a validation error, got {other:?}"),
            }
        }
    }

    #[tokio::test]
    async fn signing_out_everywhere_stamps_the_clocks_now_or_finds_no_user() {
        let now: chrono::DateTime<chrono::Utc> = "2026-11-26T03:00:00Z".parse().unwrap();
        let mut clock = MockClock::new();
        clock.expect_now().returning(move || now);
        let mut users = MockUserRepository::new();
        users
            .expect_invalidate_tokens()
            .with(eq(UserId(4)), eq(now))
            .returning(|_, _| Ok(true));
        users
            .expect_invalidate_tokens()
            .with(eq(UserId(5)), eq(now))
            .returning(|_, _| Ok(false));
        let service = UserService::new(Arc::new(users), Arc::new(clock));
        assert!(matches!(
            service.sign_out_everywhere(UserId(4)).await,
            Ok(())
        ));
        assert!(matches!(
            service.sign_out_everywhere(UserId(5)).await,
            Err(UserError::NotFound)
        ));
    }

    #[tokio::test]
    async fn deletion_asks_with_the_business_date_and_reports_refusals() {
        let mut users = MockUserRepository::new();
        let today: chrono::NaiveDate = "2026-11-26".parse().unwrap();
        users
            .expect_delete_account()
            .with(eq(UserId(4)), eq(today))
            .returning(|_, _| Ok(AccountDeletion::HasActiveOrders));
        let service = UserService::new(Arc::new(users), clock());
        assert!(matches!(
            service.delete(UserId(4)).await,
            Err(UserError::HasActiveOrders)
        ));
    }
}
