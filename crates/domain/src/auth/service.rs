//! Sign-in use cases: start and finish the authorization-code flow, exchange a provider
//! token, and recognise our bearer tokens.

use super::flow::{PendingSignIn, SIGN_IN_FLOW_TTL, SignInFlows, is_browser_secret};
use super::ports::{AuthError, IdentityProvider, IssuedToken, TokenIssuer};
use super::redirect::RedirectAllowList;
use crate::shared::{Clock, Won};
use crate::user::{Nickname, User, UserRepository};
use std::sync::Arc;

/// The outcome of a sign-in.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct SignIn {
    /// The bearer token for the signed-in user.
    pub token: IssuedToken,
    /// The user as stored after the sign-in.
    pub user: User,
    /// True when this sign-in created the account.
    pub is_new_user: bool,
}

/// A started sign-in: where to send the browser, and the secret it must keep (in an
/// `HttpOnly` cookie) to finish.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct StartedSignIn {
    /// The provider's authorization URL, with state and PKCE challenge.
    pub url: String,
    /// The browser's secret, to be set as an `HttpOnly` cookie.
    pub browser: String,
}

/// The server-side half of the code flow: its store and the clock that expires it.
#[derive(Clone)]
struct CodeFlow {
    flows: Arc<dyn SignInFlows>,
    clock: Arc<dyn Clock>,
}

/// Signs users in and recognises them afterwards.
#[derive(Clone)]
pub struct AuthService {
    provider: Option<Arc<dyn IdentityProvider>>,
    tokens: Arc<dyn TokenIssuer>,
    users: Arc<dyn UserRepository>,
    signup_points: Won,
    allowed_redirects: RedirectAllowList,
    code_flow: Option<CodeFlow>,
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
            code_flow: None,
        }
    }

    /// Where started code flows wait for their callback; without it the code flow answers
    /// [`AuthError::ProviderNotConfigured`] (the token exchange still works).
    #[must_use]
    pub fn with_sign_in_flows(
        mut self,
        flows: Arc<dyn SignInFlows>,
        clock: Arc<dyn Clock>,
    ) -> Self {
        self.code_flow = Some(CodeFlow { flows, clock });
        self
    }

    fn code_flow(&self) -> Result<(&dyn IdentityProvider, &CodeFlow), AuthError> {
        let flow = self
            .code_flow
            .as_ref()
            .ok_or(AuthError::ProviderNotConfigured)?;
        Ok((self.provider()?, flow))
    }

    fn provider(&self) -> Result<&dyn IdentityProvider, AuthError> {
        self.provider
            .as_deref()
            .ok_or(AuthError::ProviderNotConfigured)
    }

    /// Starts the authorization-code flow with PKCE: keeps the verifier and `redirect_to`
    /// server-side under a fresh `state`, bound to `browser` (the secret the browser already
    /// holds, reused so that two tabs can sign in at once; a fresh one otherwise).
    ///
    /// # Errors
    /// [`AuthError::RedirectNotAllowed`] for a `redirect_to` off the allow-list,
    /// [`AuthError::ProviderNotConfigured`], or a storage failure.
    pub async fn begin(
        &self,
        redirect_to: Option<String>,
        browser: Option<&str>,
    ) -> Result<StartedSignIn, AuthError> {
        let (provider, code_flow) = self.code_flow()?;
        let redirect_to = match redirect_to {
            Some(raw) => Some(
                self.allowed_redirects
                    .check(&raw)
                    .map_err(|_| AuthError::RedirectNotAllowed)?,
            ),
            None => None,
        };
        let browser = match browser.filter(|b| is_browser_secret(b)) {
            Some(kept) => kept.to_owned(),
            None => code_flow.flows.new_secret(),
        };
        let pkce = provider.new_pkce();
        let state = code_flow.flows.new_secret();
        let flow = PendingSignIn {
            browser: browser.clone(),
            pkce_verifier: pkce.verifier,
            redirect_to,
            expires_at: code_flow.clock.now() + SIGN_IN_FLOW_TTL,
        };
        code_flow.flows.keep(&state, &flow).await?;
        let url = provider.authorize_url(&state, &pkce.challenge);
        Ok(StartedSignIn { url, browser })
    }

    /// Finishes the flow: takes the state (it works once), checks it came back to the
    /// browser that started it in time, exchanges the code, signs the user in. Returns the
    /// `redirect_to` the flow started with.
    ///
    /// # Errors
    /// [`AuthError::InvalidState`], the provider's errors, or a storage failure.
    pub async fn finish(
        &self,
        code: &str,
        state: &str,
        browser: Option<&str>,
    ) -> Result<(SignIn, Option<String>), AuthError> {
        let (provider, code_flow) = self.code_flow()?;
        let flow = code_flow.flows.take(state).await?;
        let flow = flow
            .filter(|f| f.accepts(browser, code_flow.clock.now()))
            .ok_or(AuthError::InvalidState)?;
        let access_token = provider.exchange_code(code, &flow.pkce_verifier).await?;
        let sign_in = self.sign_in_with_provider_token(&access_token).await?;
        Ok((sign_in, flow.redirect_to))
    }

    /// Forgets started sign-ins whose time ran out; returns how many.
    ///
    /// # Errors
    /// A storage failure.
    pub async fn forget_expired_sign_ins(&self) -> Result<u64, AuthError> {
        match &self.code_flow {
            Some(f) => f.flows.forget_expired(f.clock.now()).await,
            None => Ok(0),
        }
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

    /// Signs in the existing account a provider id belongs to, without asking the provider:
    /// for an adapter's development sign-in as a demo account (never offered in production).
    ///
    /// # Errors
    /// [`AuthError::InvalidToken`] when no account has this provider id, or a storage failure.
    pub async fn sign_in_existing(&self, provider_id: i64) -> Result<SignIn, AuthError> {
        let user = self.users.find_by_kakao_id(provider_id).await;
        let user = user.map_err(AuthError::Unexpected)?;
        let user = user.ok_or(AuthError::InvalidToken)?;
        let token = self.tokens.issue(user.id)?;
        Ok(SignIn {
            token,
            user,
            is_new_user: false,
        })
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
