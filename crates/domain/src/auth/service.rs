//! Sign-in use cases: start and finish the authorization-code flow, exchange a provider
//! token, and recognise our bearer tokens.

use super::ports::{AuthError, FlowState, IdentityProvider, IssuedToken, TokenIssuer};
use super::redirect::RedirectAllowList;
use crate::shared::Won;
use crate::user::{Nickname, User, UserRepository};
use std::sync::Arc;

/// The outcome of a sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    pub token: IssuedToken,
    pub user: User,
    /// True when this sign-in created the account.
    pub is_new_user: bool,
}

/// Signs users in and recognises them afterwards.
#[derive(Clone)]
pub struct AuthService {
    provider: Option<Arc<dyn IdentityProvider>>,
    tokens: Arc<dyn TokenIssuer>,
    users: Arc<dyn UserRepository>,
    signup_points: Won,
    allowed_redirects: RedirectAllowList,
}

impl AuthService {
    /// `provider` is `None` when sign-in is not configured; bearer tokens still work.
    /// `allowed_redirects`: where the web sign-in may return to (see [`RedirectAllowList`]).
    #[must_use]
    pub fn new(
        provider: Option<Arc<dyn IdentityProvider>>,
        tokens: Arc<dyn TokenIssuer>,
        users: Arc<dyn UserRepository>,
        signup_points: Won,
        allowed_redirects: RedirectAllowList,
    ) -> Self {
        Self {
            provider,
            tokens,
            users,
            signup_points,
            allowed_redirects,
        }
    }

    fn provider(&self) -> Result<&dyn IdentityProvider, AuthError> {
        self.provider
            .as_deref()
            .ok_or(AuthError::ProviderNotConfigured)
    }

    /// The provider URL that starts the authorization-code flow with PKCE.
    ///
    /// # Errors
    /// [`AuthError::RedirectNotAllowed`] for a `redirect_to` off the allow-list,
    /// [`AuthError::ProviderNotConfigured`].
    pub fn begin(&self, redirect_to: Option<String>) -> Result<String, AuthError> {
        let provider = self.provider()?;
        let redirect_to = match redirect_to {
            Some(raw) => Some(
                self.allowed_redirects
                    .check(&raw)
                    .map_err(|_| AuthError::RedirectNotAllowed)?,
            ),
            None => None,
        };
        let pkce = provider.new_pkce();
        let state = self.tokens.issue_state(&FlowState {
            pkce_verifier: pkce.verifier,
            redirect_to,
        })?;
        Ok(provider.authorize_url(&state, &pkce.challenge))
    }

    /// Finishes the flow: checks the state, exchanges the code, signs the user in. Returns
    /// the `redirect_to` the flow started with.
    ///
    /// # Errors
    /// [`AuthError::InvalidState`], the provider's errors, or a storage failure.
    pub async fn finish(
        &self,
        code: &str,
        state: &str,
    ) -> Result<(SignIn, Option<String>), AuthError> {
        let provider = self.provider()?;
        let flow = self.tokens.verify_state(state)?;
        let access_token = provider.exchange_code(code, &flow.pkce_verifier).await?;
        let sign_in = self.sign_in_with_provider_token(&access_token).await?;
        Ok((sign_in, flow.redirect_to))
    }

    /// Signs in with a provider access token obtained by a mobile app or SDK; the first
    /// sign-in creates the account.
    ///
    /// # Errors
    /// The provider's errors, or a storage failure.
    pub async fn sign_in_with_provider_token(
        &self,
        access_token: &str,
    ) -> Result<SignIn, AuthError> {
        let profile = self.provider()?.profile(access_token).await?;
        let nickname = Nickname::from_provider(profile.nickname.as_deref(), profile.provider_id);
        let email = profile.email.filter(|e| !e.trim().is_empty());
        let (user, is_new_user) = self
            .users
            .create_or_get(profile.provider_id, &nickname, email, self.signup_points)
            .await
            .map_err(AuthError::Unexpected)?;
        let token = self.tokens.issue(user.id)?;
        Ok(SignIn {
            token,
            user,
            is_new_user,
        })
    }

    /// The user a bearer token belongs to; a deleted user's token is invalid.
    ///
    /// # Errors
    /// [`AuthError::InvalidToken`], or a storage failure.
    pub async fn authenticate(&self, bearer: &str) -> Result<User, AuthError> {
        let token = self.tokens.verify(bearer)?;
        self.users
            .find(token.user)
            .await
            .map_err(AuthError::Unexpected)?
            .filter(|user| user.accepts_token_issued_at(token.issued_at))
            .ok_or(AuthError::InvalidToken)
    }

    /// A token for an existing user (the `ourspace token` command).
    ///
    /// # Errors
    /// [`AuthError::InvalidToken`] when the user does not exist, or a storage failure.
    pub async fn token_for(&self, id: crate::shared::UserId) -> Result<IssuedToken, AuthError> {
        let user = self.users.find(id).await.map_err(AuthError::Unexpected)?;
        let user = user.ok_or(AuthError::InvalidToken)?;
        self.tokens.issue(user.id)
    }
}

#[cfg(test)]
#[path = "service_tests.rs"]
mod tests;
