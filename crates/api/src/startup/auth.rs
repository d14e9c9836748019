//! Sign-in's wiring: the identity provider, the token issuer, the users and the flows.

use super::pages;
use crate::config::Config;
use ourspace_domain::auth::{AuthService, IdentityProvider};
use ourspace_domain::shared::{BoxError, Clock, Won};
use ourspace_infrastructure::DatabaseConnection;
use ourspace_infrastructure::jwt::JwtTokenIssuer;
use ourspace_infrastructure::kakao::KakaoClient;
use ourspace_infrastructure::repo::{SeaOrmSignInFlows, SeaOrmUserRepository};
use secrecy::{ExposeSecret, SecretString};
use std::sync::Arc;

/// Sign-in: Kakao (when configured), our bearer tokens, the users and the kept flows.
pub(super) fn auth_service(
    config: &Config,
    secret: &SecretString,
    users: Arc<SeaOrmUserRepository>,
    db: &DatabaseConnection,
    clock: Arc<dyn Clock>,
) -> Result<AuthService, BoxError> {
    let tokens = Arc::new(
        JwtTokenIssuer::new(
            secret.expose_secret().as_bytes(),
            config.jwt_ttl_minutes * 60,
        )
        .with_clock(clock.clone()),
    );
    let provider: Option<Arc<dyn IdentityProvider>> = match &config.kakao {
        Some(kakao) => Some(Arc::new(KakaoClient::new(kakao)?)),
        None => None,
    };
    Ok(AuthService::new(
        provider,
        tokens,
        users,
        Won::new(config.signup_points)?,
        pages::allowed_redirects(config)?,
    )
    .with_sign_in_flows(Arc::new(SeaOrmSignInFlows::new(db.clone())), clock))
}
