//! Ports to the identity provider and to the token codec.

use crate::shared::{BoxError, UserId};
use async_trait::async_trait;

/// What the identity provider tells us about a person. Only the id is certain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExternalProfile {
    pub provider_id: i64,
    pub nickname: Option<String>,
    pub email: Option<String>,
}

/// A bearer token of ours and how long it lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    pub token: String,
    pub expires_in_seconds: i64,
}

#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    #[error("the provider rejected the access token")]
    ProviderTokenInvalid,
    #[error("the provider rejected the authorization code")]
    ProviderCodeInvalid,
    #[error("the provider is unavailable")]
    ProviderUnavailable(#[source] BoxError),
    #[error("the bearer token is missing, malformed, expired or not ours")]
    InvalidToken,
    #[error("unexpected failure")]
    Unexpected(#[source] BoxError),
}

/// The outside identity provider (Kakao).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait IdentityProvider: Send + Sync {
    /// Exchanges an authorization code (with its PKCE verifier) for a provider access token.
    ///
    /// # Errors
    /// [`AuthError::ProviderCodeInvalid`] or [`AuthError::ProviderUnavailable`].
    async fn exchange_code(&self, code: &str, pkce_verifier: &str) -> Result<String, AuthError>;

    /// Reads the profile the access token belongs to.
    ///
    /// # Errors
    /// [`AuthError::ProviderTokenInvalid`] or [`AuthError::ProviderUnavailable`].
    async fn profile(&self, access_token: &str) -> Result<ExternalProfile, AuthError>;
}

/// Issues and verifies our own bearer tokens.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait TokenIssuer: Send + Sync {
    /// # Errors
    /// [`AuthError::Unexpected`] if signing fails.
    fn issue(&self, user: UserId) -> Result<IssuedToken, AuthError>;

    /// The user a valid token was issued to.
    ///
    /// # Errors
    /// [`AuthError::InvalidToken`] for anything but a valid, unexpired token of ours.
    fn verify(&self, token: &str) -> Result<UserId, AuthError>;
}
