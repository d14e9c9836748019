//! The authorization-code flow's server-side half (RFC 9700): what a started sign-in keeps
//! until its callback, and the store every instance shares.
//!
//! The `state` sent to the provider is an opaque random value. The PKCE verifier and the
//! `redirect_to` stay on the server, keyed by that state; the flow is bound to the browser
//! that started it by a second random value the browser holds in an `HttpOnly` cookie. A
//! callback takes the flow out of the store, so a state works once, on any instance.

use super::ports::AuthError;
use async_trait::async_trait;
use chrono::{DateTime, Duration, Utc};

/// How long a started sign-in waits for its callback.
pub const SIGN_IN_FLOW_TTL: Duration = Duration::minutes(10);

/// A started sign-in, kept until its callback takes it or it expires.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct PendingSignIn {
    /// The secret of the browser that started the flow (its cookie's value).
    pub browser: String,
    /// The PKCE verifier whose challenge went to the provider.
    pub pkce_verifier: String,
    /// Where to send the browser afterwards (already checked against the allow-list).
    pub redirect_to: Option<String>,
    /// When the flow stops being accepted.
    pub expires_at: DateTime<Utc>,
}

impl PendingSignIn {
    /// True when the callback comes from the browser that started the flow, in time.
    #[must_use]
    pub fn accepts(&self, browser: Option<&str>, now: DateTime<Utc>) -> bool {
        let same_browser = browser.is_some_and(|b| same_secret(b, &self.browser));
        same_browser && now < self.expires_at
    }
}

/// A secret as issued: 64 lowercase hexadecimal digits (32 random bytes). Any other
/// cookie value a browser sends is ignored and replaced.
#[must_use]
pub fn is_browser_secret(value: &str) -> bool {
    value.len() == 64
        && value
            .bytes()
            .all(|b| b.is_ascii_digit() || (b'a'..=b'f').contains(&b))
}

/// Compares two secrets in time that depends on their length only.
fn same_secret(a: &str, b: &str) -> bool {
    a.len() == b.len()
        && a.bytes()
            .zip(b.bytes())
            .fold(0u8, |diff, (x, y)| diff | (x ^ y))
            == 0
}

/// Where started sign-ins wait for their callback; shared by every instance.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
#[async_trait]
pub trait SignInFlows: Send + Sync {
    /// A fresh random secret in the form [`is_browser_secret`] accepts.
    fn new_secret(&self) -> String;

    /// Keeps `flow` under `state`.
    ///
    /// # Errors
    /// [`AuthError::Unexpected`] on a storage failure.
    async fn keep(&self, state: &str, flow: &PendingSignIn) -> Result<(), AuthError>;

    /// Removes and returns the flow kept under `state`: of callers racing for one state,
    /// exactly one receives it.
    ///
    /// # Errors
    /// [`AuthError::Unexpected`] on a storage failure.
    async fn take(&self, state: &str) -> Result<Option<PendingSignIn>, AuthError>;

    /// Removes flows that expired before `now`; returns how many.
    ///
    /// # Errors
    /// [`AuthError::Unexpected`] on a storage failure.
    async fn forget_expired(&self, now: DateTime<Utc>) -> Result<u64, AuthError>;
}

#[cfg(test)]
mod tests {
    use super::*;

    fn flow() -> PendingSignIn {
        PendingSignIn {
            browser: "b".repeat(64),
            pkce_verifier: "v".into(),
            redirect_to: None,
            expires_at: "2026-11-28T10:10:00Z".parse().unwrap(),
        }
    }

    #[test]
    fn a_flow_is_accepted_only_from_its_browser_before_it_expires() {
        let before = "2026-11-28T10:09:59Z".parse().unwrap();
        let at = "2026-11-28T10:10:00Z".parse().unwrap();
        let same = "b".repeat(64);
        let other = "c".repeat(64);
        assert!(flow().accepts(Some(&same), before));
        assert!(!flow().accepts(Some(&same), at));
        assert!(!flow().accepts(Some(&other), before));
        assert!(!flow().accepts(Some("b"), before));
        assert!(!flow().accepts(None, before));
    }

    #[test]
    fn only_issued_shapes_are_browser_secrets() {
        assert!(is_browser_secret(&"09af".repeat(16)));
        assert!(!is_browser_secret(&"a".repeat(63)));
        assert!(!is_browser_secret(&"A".repeat(64)));
        assert!(!is_browser_secret(&"g".repeat(64)));
        assert!(!is_browser_secret(""));
    }
}
