//! The browser's session: one cookie holding a random nonce and, once signed in, our bearer
//! token. `HttpOnly` (no script reads it), `SameSite=Lax` (not sent on cross-site
//! subrequests or posts), `Secure` when the page is served over https. Every form carries a
//! CSRF token: a keyed hash of the nonce, so it is bound to this browser's session, and a
//! sign-in or sign-out starts a new nonce (no fixation).

use actix_web::HttpRequest;
use actix_web::http::header::COOKIE;
use ring::hmac;

/// The cookie's name.
pub const COOKIE_NAME: &str = "ourspace_web";
/// Hex characters in a nonce (128 random bits).
const NONCE_CHARS: usize = 32;
/// The longest token kept: ours are far shorter.
const MAX_TOKEN_CHARS: usize = 2048;

/// The session as the request carried it, or a new one.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Session {
    nonce: String,
    token: Option<String>,
    /// Seconds the cookie lives (the token's lifetime); `None` for the browser's session.
    max_age: Option<i64>,
    /// The answer must set the cookie (new, or changed by a sign-in or sign-out).
    changed: bool,
}

fn new_nonce() -> String {
    let bytes: [u8; NONCE_CHARS / 2] = rand::random();
    hex(&bytes)
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn is_nonce(s: &str) -> bool {
    s.len() == NONCE_CHARS && s.bytes().all(|b| matches!(b, b'0'..=b'9' | b'a'..=b'f'))
}

fn is_token(s: &str) -> bool {
    !s.is_empty()
        && s.len() <= MAX_TOKEN_CHARS
        && s.bytes()
            .all(|b| b.is_ascii_alphanumeric() || matches!(b, b'-' | b'_' | b'.'))
}

impl Session {
    /// A new session without a user.
    #[must_use]
    pub fn anonymous() -> Self {
        Self {
            nonce: new_nonce(),
            token: None,
            max_age: None,
            changed: true,
        }
    }

    /// A new session for a user signed in with `token`, living as long as it.
    #[must_use]
    pub fn signed_in(token: String, expires_in_seconds: i64) -> Self {
        Self {
            token: Some(token),
            max_age: Some(expires_in_seconds.max(0)),
            ..Self::anonymous()
        }
    }

    /// The request's session; a missing or malformed cookie gives a new anonymous one.
    #[must_use]
    pub fn read(req: &HttpRequest) -> Self {
        let value = req
            .headers()
            .get_all(COOKIE)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == COOKIE_NAME)
            .map(|(_, value)| value);
        let Some((nonce, token)) = value.map(|v| v.split_once('.').unwrap_or((v, ""))) else {
            return Self::anonymous();
        };
        if !is_nonce(nonce) || !(token.is_empty() || is_token(token)) {
            return Self::anonymous();
        }
        Self {
            nonce: nonce.to_owned(),
            token: (!token.is_empty()).then(|| token.to_owned()),
            max_age: None,
            changed: false,
        }
    }

    /// The bearer token, when signed in.
    #[must_use]
    pub fn token(&self) -> Option<&str> {
        self.token.as_deref()
    }

    /// The `Set-Cookie` value, when the answer must set it.
    #[must_use]
    pub fn set_cookie(&self, secure: bool) -> Option<String> {
        if !self.changed {
            return None;
        }
        let value = match &self.token {
            Some(token) => format!("{}.{token}", self.nonce),
            None => self.nonce.clone(),
        };
        let max_age = self.max_age.map(|s| format!("; Max-Age={s}"));
        let secure = if secure { "; Secure" } else { "" };
        Some(format!(
            "{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Lax{}{secure}",
            max_age.unwrap_or_default()
        ))
    }
}

/// The key CSRF tokens are made with.
#[derive(Clone)]
pub struct CsrfKey(hmac::Key);

impl std::fmt::Debug for CsrfKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("CsrfKey(..)")
    }
}

impl CsrfKey {
    /// A key derived from the server's secret (every instance derives the same one).
    #[must_use]
    pub fn derive(secret: &[u8]) -> Self {
        let master = hmac::Key::new(hmac::HMAC_SHA256, secret);
        let tag = hmac::sign(&master, b"ourspace web csrf v1");
        Self(hmac::Key::new(hmac::HMAC_SHA256, tag.as_ref()))
    }

    /// The token forms of `session` carry.
    #[must_use]
    pub fn token(&self, session: &Session) -> String {
        hex(hmac::sign(&self.0, session.nonce.as_bytes()).as_ref())
    }

    /// Whether `given` is this session's token (compared in constant time).
    #[must_use]
    pub fn verify(&self, session: &Session, given: &str) -> bool {
        let Some(tag) = unhex(given) else {
            return false;
        };
        hmac::verify(&self.0, session.nonce.as_bytes(), &tag).is_ok()
    }
}

fn unhex(s: &str) -> Option<Vec<u8>> {
    if !s.len().is_multiple_of(2) || s.len() > 128 {
        return None;
    }
    (0..s.len())
        .step_by(2)
        .map(|i| u8::from_str_radix(s.get(i..i + 2)?, 16).ok())
        .collect()
}

#[cfg(test)]
#[path = "session_tests.rs"]
mod tests;
