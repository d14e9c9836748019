//! Kakao Login (OAuth 2.0 with PKCE) and the profile API, as the domain's
//! `IdentityProvider`. Base URLs are configuration, so tests and local runs can point them
//! at a fake Kakao over real HTTP.

use async_trait::async_trait;
use oauth2::basic::{BasicClient, BasicErrorResponseType};
use oauth2::{
    AuthType, AuthUrl, AuthorizationCode, ClientId, ClientSecret, CsrfToken, EndpointNotSet,
    EndpointSet, PkceCodeChallenge, PkceCodeVerifier, RedirectUrl, RequestTokenError,
    TokenResponse, TokenUrl,
};
use ourspace_domain::auth::{AuthError, ExternalProfile, IdentityProvider, Pkce};
use ourspace_domain::shared::BoxError;
use secrecy::{ExposeSecret, SecretString};
use serde::Deserialize;
use std::time::Duration;

/// How to reach Kakao and who we are to it.
#[derive(Debug, Clone)]
pub struct KakaoConfig {
    pub client_id: String,
    /// Optional: Kakao apps may be set up without a client secret.
    pub client_secret: Option<SecretString>,
    pub redirect_uri: String,
    /// `https://kauth.kakao.com`
    pub auth_url: String,
    /// `https://kapi.kakao.com`
    pub api_url: String,
    /// Per request; a slower Kakao counts as unavailable.
    pub timeout: Duration,
}

type OAuthClient =
    BasicClient<EndpointSet, EndpointNotSet, EndpointNotSet, EndpointNotSet, EndpointSet>;

/// Talks to Kakao.
#[derive(Clone)]
pub struct KakaoClient {
    oauth: OAuthClient,
    http: reqwest::Client,
    api_url: String,
}

/// The parts of `/v2/user/me` we use; everything but `id` may be missing.
#[derive(Debug, Deserialize)]
struct KakaoUser {
    id: i64,
    #[serde(default)]
    kakao_account: Option<KakaoAccount>,
    #[serde(default)]
    properties: Option<KakaoProperties>,
}

#[derive(Debug, Deserialize)]
struct KakaoAccount {
    #[serde(default)]
    email: Option<String>,
    #[serde(default)]
    profile: Option<KakaoProperties>,
}

#[derive(Debug, Deserialize)]
struct KakaoProperties {
    #[serde(default)]
    nickname: Option<String>,
}

impl From<KakaoUser> for ExternalProfile {
    fn from(u: KakaoUser) -> Self {
        let account = u.kakao_account;
        let account_nickname = account
            .as_ref()
            .and_then(|a| a.profile.as_ref())
            .and_then(|p| p.nickname.clone());
        Self {
            provider_id: u.id,
            nickname: account_nickname.or_else(|| u.properties.and_then(|p| p.nickname)),
            email: account.and_then(|a| a.email),
        }
    }
}

fn unavailable(e: impl Into<BoxError>) -> AuthError {
    AuthError::ProviderUnavailable(e.into())
}

impl KakaoClient {
    /// # Errors
    /// A malformed URL in the configuration, or an HTTP client that cannot be built.
    pub fn new(config: &KakaoConfig) -> Result<Self, BoxError> {
        let base = |url: &str| url.trim_end_matches('/').to_owned();
        let mut oauth = BasicClient::new(ClientId::new(config.client_id.clone()))
            .set_auth_uri(AuthUrl::new(format!(
                "{}/oauth/authorize",
                base(&config.auth_url)
            ))?)
            .set_token_uri(TokenUrl::new(format!(
                "{}/oauth/token",
                base(&config.auth_url)
            ))?)
            .set_redirect_uri(RedirectUrl::new(config.redirect_uri.clone())?)
            // Kakao wants the client credentials in the form body, not HTTP Basic.
            .set_auth_type(AuthType::RequestBody);
        if let Some(secret) = &config.client_secret {
            oauth = oauth.set_client_secret(ClientSecret::new(secret.expose_secret().to_owned()));
        }
        let http = reqwest::Client::builder()
            .timeout(config.timeout)
            .connect_timeout(config.timeout)
            // Following redirects from the token endpoint would open SSRF holes.
            .redirect(reqwest::redirect::Policy::none())
            .build()?;
        Ok(Self {
            oauth,
            http,
            api_url: base(&config.api_url),
        })
    }
}

#[async_trait]
impl IdentityProvider for KakaoClient {
    fn new_pkce(&self) -> Pkce {
        let (challenge, verifier) = PkceCodeChallenge::new_random_sha256();
        Pkce {
            verifier: verifier.secret().clone(),
            challenge: challenge.as_str().to_owned(),
        }
    }

    fn authorize_url(&self, state: &str, pkce_challenge: &str) -> String {
        let state = state.to_owned();
        let (url, _) = self
            .oauth
            .authorize_url(move || CsrfToken::new(state))
            .add_extra_param("code_challenge", pkce_challenge.to_owned())
            .add_extra_param("code_challenge_method", "S256")
            .url();
        url.to_string()
    }

    #[tracing::instrument(skip_all)]
    async fn exchange_code(&self, code: &str, pkce_verifier: &str) -> Result<String, AuthError> {
        let result = self
            .oauth
            .exchange_code(AuthorizationCode::new(code.to_owned()))
            .set_pkce_verifier(PkceCodeVerifier::new(pkce_verifier.to_owned()))
            .request_async(&self.http)
            .await;
        match result {
            Ok(token) => Ok(token.access_token().secret().clone()),
            Err(RequestTokenError::ServerResponse(e))
                if *e.error() == BasicErrorResponseType::InvalidGrant =>
            {
                Err(AuthError::ProviderCodeInvalid)
            }
            Err(RequestTokenError::ServerResponse(e)) => {
                // invalid_client and the like: our configuration, not the user's code.
                tracing::error!(error = %e, "Kakao refused the token request");
                Err(unavailable(format!("Kakao refused the token request: {e}")))
            }
            Err(e) => Err(unavailable(e)),
        }
    }

    #[tracing::instrument(skip_all)]
    async fn profile(&self, access_token: &str) -> Result<ExternalProfile, AuthError> {
        let response = self
            .http
            .get(format!("{}/v2/user/me", self.api_url))
            .bearer_auth(access_token)
            .send()
            .await
            .map_err(unavailable)?;
        let status = response.status();
        if status.is_server_error() {
            return Err(unavailable(format!("Kakao answered {status}")));
        }
        if status.is_client_error() {
            // Kakao answers {"msg": "...", "code": -401} for a rejected token.
            return Err(AuthError::ProviderTokenInvalid);
        }
        let user: KakaoUser = response.json().await.map_err(unavailable)?;
        Ok(user.into())
    }
}
