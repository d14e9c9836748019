//! Ports to the identity provider and to the token codec.

use crate::shared::{BoxError, UserId};
use async_trait::async_trait;

/// What the identity provider tells us about a person. Only the id is certain.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct ExternalProfile {
    /// The provider's numeric user id; the only certain field.
    pub provider_id: i64,
    /// The nickname, when the person shares it.
    pub nickname: Option<String>,
    /// The email address, when the person consents to share it.
    pub email: Option<String>,
}

/// What a valid bearer token says: whom it speaks for, since when (to the second).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct VerifiedToken {
    /// The user the token speaks for.
    pub user: UserId,
    /// When the token was issued.
    pub issued_at: chrono::DateTime<chrono::Utc>,
}

/// A bearer token of ours and how long it lives.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct IssuedToken {
    /// The encoded token, sent back as `Authorization: Bearer …`.
    pub token: String,
    /// Seconds until it expires.
    pub expires_in_seconds: i64,
}

/// A PKCE pair: the verifier stays on the server (see [`super::flow`]), the challenge goes
/// to the provider.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Pkce {
    /// The secret kept on the server until the callback.
    pub verifier: String,
    /// Its S256 digest, sent to the provider.
    pub challenge: String,
}

/// What can go wrong while signing in or checking a token.
#[derive(Debug, thiserror::Error)]
pub enum AuthError {
    /// No provider credentials are configured.
    #[error("sign-in with the identity provider is not configured")]
    ProviderNotConfigured,
    /// The provider refused the access token a client brought.
    #[error("the provider rejected the access token")]
    ProviderTokenInvalid,
    /// The provider refused the authorization code (used, expired or forged).
    #[error("the provider rejected the authorization code")]
    ProviderCodeInvalid,
    /// The provider could not be reached or answered nonsense.
    #[error("the provider is unavailable")]
    ProviderUnavailable(#[source] BoxError),
    /// The callback's state is unknown, used, expired or from another browser.
    #[error("the state is invalid or expired")]
    InvalidState,
    /// The requested redirect is not on the allow-list.
    #[error("redirect_to is not an allowed redirect")]
    RedirectNotAllowed,
    /// The bearer token cannot be trusted.
    #[error("the bearer token is missing, malformed, expired or not ours")]
    InvalidToken,
    /// A failure that is not the caller's fault.
    #[error("unexpected failure")]
    Unexpected(#[source] BoxError),
}

/// The outside identity provider (Kakao).
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait IdentityProvider: Send + Sync {
    /// A fresh PKCE pair (S256).
    fn new_pkce(&self) -> Pkce;

    /// Where to send the user to sign in and consent.
    fn authorize_url(&self, state: &str, pkce_challenge: &str) -> String;

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

    /// The user a valid bearer token was issued to.
    ///
    /// # Errors
    /// [`AuthError::InvalidToken`] for anything but a valid, unexpired bearer token of ours.
    fn verify(&self, token: &str) -> Result<VerifiedToken, AuthError>;
}
