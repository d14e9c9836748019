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
        let id = self.tokens.verify(bearer)?;
        self.users
            .find(id)
            .await
            .map_err(AuthError::Unexpected)?
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
mod tests {
    use super::*;
    use crate::auth::ports::{ExternalProfile, MockIdentityProvider, MockTokenIssuer, Pkce};
    use crate::shared::UserId;
    use crate::user::ports::MockUserRepository;
    use chrono::Utc;
    use mockall::predicate::eq;

    fn user(id: i64, kakao_id: i64, nickname: &str, email: Option<&str>) -> User {
        User {
            id: UserId(id),
            kakao_id,
            nickname: Nickname::parse(nickname).unwrap(),
            email: email.map(str::to_owned),
            points: Won::new(100_000).unwrap(),
            created_at: Utc::now(),
        }
    }

    fn tokens() -> MockTokenIssuer {
        let mut tokens = MockTokenIssuer::new();
        tokens.expect_issue().returning(|id| {
            Ok(IssuedToken {
                token: format!("token-for-{id}"),
                expires_in_seconds: 3600,
            })
        });
        tokens
    }

    fn provider_with(profile: ExternalProfile) -> MockIdentityProvider {
        let mut provider = MockIdentityProvider::new();
        provider
            .expect_profile()
            .with(eq("kakao-token"))
            .returning(move |_| Ok(profile.clone()));
        provider
    }

    fn service(provider: MockIdentityProvider, users: MockUserRepository) -> AuthService {
        AuthService::new(
            Some(Arc::new(provider)),
            Arc::new(tokens()),
            Arc::new(users),
            Won::new(100_000).unwrap(),
            RedirectAllowList::parse(&[
                "https://app.example/done".into(),
                "https://app.example/oauth/*".into(),
            ])
            .unwrap(),
        )
    }

    #[tokio::test]
    async fn a_first_sign_in_creates_the_user_with_the_signup_points() {
        let profile = ExternalProfile {
            provider_id: 77,
            nickname: Some("라이언".into()),
            email: Some("ryan@kakao.com".into()),
        };
        let mut users = MockUserRepository::new();
        users
            .expect_create_or_get()
            .withf(|kakao_id, nick, email, points| {
                *kakao_id == 77
                    && nick.as_str() == "라이언"
                    && email.as_deref() == Some("ryan@kakao.com")
                    && points.get() == 100_000
            })
            .returning(|_, _, _, _| Ok((user(1, 77, "라이언", Some("ryan@kakao.com")), true)));
        let sign_in = service(provider_with(profile), users)
            .sign_in_with_provider_token("kakao-token")
            .await
            .unwrap();
        assert!(sign_in.is_new_user);
        assert_eq!(sign_in.token.token, "token-for-1");
    }

    #[tokio::test]
    async fn a_returning_user_is_signed_in_without_a_new_account() {
        let mut users = MockUserRepository::new();
        users
            .expect_create_or_get()
            .returning(|_, _, _, _| Ok((user(5, 77, "라이언", None), false)));
        let profile = ExternalProfile {
            provider_id: 77,
            ..ExternalProfile::default()
        };
        let sign_in = service(provider_with(profile), users)
            .sign_in_with_provider_token("kakao-token")
            .await
            .unwrap();
        assert!(!sign_in.is_new_user);
        assert_eq!(sign_in.user.id, UserId(5));
    }

    #[tokio::test]
    async fn a_profile_without_nickname_or_email_gets_a_generated_name_and_no_email() {
        let mut users = MockUserRepository::new();
        users
            .expect_create_or_get()
            .withf(|_, nick, email, _| nick.as_str() == "카카오 사용자 1234" && email.is_none())
            .returning(|_, nick, _, _| Ok((user(2, 991_234, nick.as_str(), None), true)));
        let profile = ExternalProfile {
            provider_id: 991_234,
            nickname: Some("   ".into()),
            email: Some(String::new()),
        };
        let sign_in = service(provider_with(profile), users)
            .sign_in_with_provider_token("kakao-token")
            .await
            .unwrap();
        assert_eq!(sign_in.user.nickname.as_str(), "카카오 사용자 1234");
    }

    #[tokio::test]
    async fn a_rejected_provider_token_creates_nothing() {
        let mut provider = MockIdentityProvider::new();
        provider
            .expect_profile()
            .returning(|_| Err(AuthError::ProviderTokenInvalid));
        let mut users = MockUserRepository::new();
        users.expect_create_or_get().never();
        let err = service(provider, users)
            .sign_in_with_provider_token("bad")
            .await;
        assert!(matches!(err, Err(AuthError::ProviderTokenInvalid)));
    }

    #[test]
    fn the_flow_starts_only_towards_an_allowed_redirect() {
        let mut provider = MockIdentityProvider::new();
        provider.expect_new_pkce().returning(|| Pkce {
            verifier: "v".into(),
            challenge: "c".into(),
        });
        provider
            .expect_authorize_url()
            .returning(|state, challenge| {
                format!("https://kauth/authorize?state={state}&code_challenge={challenge}")
            });
        let mut tokens = MockTokenIssuer::new();
        tokens
            .expect_issue_state()
            .withf(|s| s.pkce_verifier == "v")
            .returning(|s| {
                Ok(format!(
                    "state({})",
                    s.redirect_to.clone().unwrap_or_default()
                ))
            });
        let service = AuthService::new(
            Some(Arc::new(provider)),
            Arc::new(tokens),
            Arc::new(MockUserRepository::new()),
            Won::ZERO,
            RedirectAllowList::parse(&[
                "https://app.example/done".into(),
                "https://app.example/oauth/*".into(),
            ])
            .unwrap(),
        );
        let url = service
            .begin(Some("https://app.example/oauth/cb".into()))
            .unwrap();
        assert_eq!(
            url,
            "https://kauth/authorize?state=state(https://app.example/oauth/cb)&code_challenge=c"
        );
        assert!(service.begin(None).is_ok());
        assert!(
            service
                .begin(Some("https://app.example/done".into()))
                .is_ok()
        );
        for evil in [
            "https://evil.example/",
            "https://app.example/done/x",
            "https://app.example/oau",
        ] {
            assert!(
                matches!(
                    service.begin(Some(evil.into())),
                    Err(AuthError::RedirectNotAllowed)
                ),
                "{evil}"
            );
        }
    }

    #[tokio::test]
    async fn finishing_checks_the_state_before_exchanging_the_code() {
        let mut provider = MockIdentityProvider::new();
        provider.expect_exchange_code().never();
        let mut tokens = MockTokenIssuer::new();
        tokens
            .expect_verify_state()
            .returning(|_| Err(AuthError::InvalidState));
        let service = AuthService::new(
            Some(Arc::new(provider)),
            Arc::new(tokens),
            Arc::new(MockUserRepository::new()),
            Won::ZERO,
            RedirectAllowList::default(),
        );
        assert!(matches!(
            service.finish("code", "forged").await,
            Err(AuthError::InvalidState)
        ));
    }

    #[tokio::test]
    async fn without_a_provider_sign_in_is_not_configured_but_tokens_still_work() {
        let mut tokens = MockTokenIssuer::new();
        tokens.expect_verify().returning(|_| Ok(UserId(3)));
        let mut users = MockUserRepository::new();
        users
            .expect_find()
            .with(eq(UserId(3)))
            .returning(|_| Ok(Some(user(3, 1, "a", None))));
        let service = AuthService::new(
            None,
            Arc::new(tokens),
            Arc::new(users),
            Won::ZERO,
            RedirectAllowList::default(),
        );
        assert!(matches!(
            service.begin(None),
            Err(AuthError::ProviderNotConfigured)
        ));
        assert_eq!(service.authenticate("t").await.unwrap().id, UserId(3));
    }

    #[tokio::test]
    async fn a_token_of_a_deleted_user_is_invalid() {
        let mut tokens = MockTokenIssuer::new();
        tokens.expect_verify().returning(|_| Ok(UserId(9)));
        let mut users = MockUserRepository::new();
        users.expect_find().returning(|_| Ok(None));
        let service = AuthService::new(
            None,
            Arc::new(tokens),
            Arc::new(users),
            Won::ZERO,
            RedirectAllowList::default(),
        );
        assert!(matches!(
            service.authenticate("t").await,
            Err(AuthError::InvalidToken)
        ));
    }
}
