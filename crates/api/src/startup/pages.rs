//! The web pages' wiring: the same domain services as the API, a CSRF key derived from the
//! server's secret, the demo accounts in development only, and where a Kakao sign-in starts
//! so that it comes back to the pages.

use crate::config::{Config, Environment};
use crate::state::AppState;
use ourspace_domain::auth::RedirectAllowList;
use ourspace_domain::shared::{BoxError, Clock};
use ourspace_infrastructure::seed::{DEMO_GUEST_KAKAO_ID, DEMO_HOST_KAKAO_ID};
use ourspace_web::{CsrfKey, DevAccounts, Services, WebState};
use secrecy::ExposeSecret;
use std::sync::Arc;

/// The page a Kakao sign-in returns to, on the host of the Kakao callback (`redirect_uri`):
/// `https://host/api/v1/auth/kakao/callback` → `https://host/sign-in/done`.
#[must_use]
pub fn sign_in_return(redirect_uri: &str) -> Option<String> {
    let (scheme, rest) = redirect_uri.split_once("://")?;
    let host = rest
        .split(['/', '?', '#'])
        .next()
        .filter(|h| !h.is_empty())?;
    Some(format!("{scheme}://{host}/sign-in/done"))
}

/// Where a web sign-in may return to: the configured list and, with Kakao, the pages'
/// own sign-in page.
///
/// # Errors
/// The pages' return address is not a URL.
pub(super) fn allowed_redirects(config: &Config) -> Result<RedirectAllowList, BoxError> {
    let back = config
        .kakao
        .as_ref()
        .and_then(|k| sign_in_return(&k.redirect_uri));
    let list = config.allowed_redirects.clone();
    Ok(match back {
        Some(back) => list.allowing(&back).map_err(|e| format!("{e:?}"))?,
        None => list,
    })
}

/// The pages over `state`'s services.
///
/// # Errors
/// The development secret file cannot be read or written.
pub fn pages(
    config: &Config,
    state: &AppState,
    clock: Arc<dyn Clock>,
) -> Result<WebState, BoxError> {
    let secret = config.resolve_jwt_secret()?;
    let services = Services {
        catalog: state.catalog.clone(),
        spaces: state.spaces.clone(),
        auth: state.auth.clone(),
        orders: state.orders.clone(),
        reviews: state.reviews.clone(),
        likes: state.likes.clone(),
        recommendations: state.recommendations.clone(),
        images: state.images.clone(),
        clock,
        timezone: state.timezone,
    };
    let dev = (config.environment == Environment::Development).then_some(DevAccounts {
        host: DEMO_HOST_KAKAO_ID,
        guest: DEMO_GUEST_KAKAO_ID,
    });
    let kakao = config
        .kakao
        .as_ref()
        .and_then(|k| sign_in_return(&k.redirect_uri))
        .map(|back| {
            let query = serde_urlencoded::to_string([("redirect_to", back)]).unwrap_or_default();
            format!("/api/v1/auth/kakao/authorize?{query}")
        });
    let csrf = CsrfKey::derive(secret.expose_secret().as_bytes());
    Ok(WebState::new(services, csrf, dev, kakao))
}

#[cfg(test)]
mod tests {
    use super::sign_in_return;

    #[test]
    fn a_kakao_sign_in_returns_to_the_pages_on_the_callbacks_host() {
        assert_eq!(
            sign_in_return("https://ourspace.example/api/v1/auth/kakao/callback").as_deref(),
            Some("https://ourspace.example/sign-in/done")
        );
        assert_eq!(
            sign_in_return("http://127.0.0.1:8080/api/v1/auth/kakao/callback").as_deref(),
            Some("http://127.0.0.1:8080/sign-in/done")
        );
        assert_eq!(sign_in_return("nonsense"), None);
    }
}
