//! Our bearer tokens as HS256 JWTs (`typ = access`; any other `typ` is refused). The
//! authorization-code flow's `state` is no token: it is an opaque value kept server-side
//! (`repo::SeaOrmSignInFlows`).

use crate::clock::SystemClock;
use jsonwebtoken::{Algorithm, DecodingKey, EncodingKey, Header, Validation, decode, encode};
use ourspace_domain::auth::{AuthError, IssuedToken, TokenIssuer, VerifiedToken};
use ourspace_domain::shared::{Clock, UserId};
use serde::{Deserialize, Serialize};
use std::sync::Arc;

/// The `iss` of every token we sign.
pub const ISSUER: &str = "ourspace";
const ACCESS: &str = "access";
/// The clock difference tolerated between the issuer and the checker.
const LEEWAY_SECONDS: u64 = 5;

#[derive(Debug, Serialize, Deserialize)]
struct AccessClaims {
    sub: String,
    iat: i64,
    exp: i64,
    iss: String,
    typ: String,
}

/// Signs and checks our tokens with one shared secret.
#[derive(Clone)]
pub struct JwtTokenIssuer {
    encoding: EncodingKey,
    decoding: DecodingKey,
    validation: Validation,
    ttl_seconds: i64,
    clock: Arc<dyn Clock>,
}

impl JwtTokenIssuer {
    /// `secret` should be at least 32 random bytes; `ttl_seconds` is the bearer token's life.
    #[must_use]
    pub fn new(secret: &[u8], ttl_seconds: i64) -> Self {
        let mut validation = Validation::new(Algorithm::HS256);
        validation.set_issuer(&[ISSUER]);
        validation.set_required_spec_claims(&["exp", "iss", "iat"]);
        validation.leeway = LEEWAY_SECONDS;
        validation.validate_nbf = true;
        // Expiry is checked against `clock` (below), the time every other write reads.
        validation.validate_exp = false;
        Self {
            encoding: EncodingKey::from_secret(secret),
            decoding: DecodingKey::from_secret(secret),
            validation,
            ttl_seconds,
            clock: SystemClock::shared_utc(),
        }
    }

    /// The same issuer reading the time from `clock` (the service's one clock).
    #[must_use]
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Self {
        Self { clock, ..self }
    }

    /// Whether a token claiming `iat` and `exp` is one of ours still alive: not issued in
    /// the future, not expired, and living no longer than tokens of its kind are issued for.
    fn alive(&self, iat: i64, exp: i64) -> bool {
        let now = self.clock.now().timestamp();
        let leeway = LEEWAY_SECONDS as i64;
        iat <= now.saturating_add(leeway)
            && exp > now.saturating_sub(leeway)
            && exp.saturating_sub(iat) <= self.ttl_seconds
    }

    fn sign<T: Serialize>(&self, claims: &T) -> Result<String, AuthError> {
        encode(&Header::new(Algorithm::HS256), claims, &self.encoding)
            .map_err(|e| AuthError::Unexpected(e.into()))
    }
}

impl TokenIssuer for JwtTokenIssuer {
    fn issue(&self, user: UserId) -> Result<IssuedToken, AuthError> {
        let now = self.clock.now().timestamp();
        let token = self.sign(&AccessClaims {
            sub: user.to_string(),
            iat: now,
            exp: now + self.ttl_seconds,
            iss: ISSUER.into(),
            typ: ACCESS.into(),
        })?;
        Ok(IssuedToken {
            token,
            expires_in_seconds: self.ttl_seconds,
        })
    }

    fn verify(&self, token: &str) -> Result<VerifiedToken, AuthError> {
        let claims = decode::<AccessClaims>(token, &self.decoding, &self.validation)
            .map_err(|_| AuthError::InvalidToken)?
            .claims;
        if claims.typ != ACCESS || !self.alive(claims.iat, claims.exp) {
            return Err(AuthError::InvalidToken);
        }
        let user = claims
            .sub
            .parse()
            .map(UserId)
            .map_err(|_| AuthError::InvalidToken)?;
        let issued_at =
            chrono::DateTime::from_timestamp(claims.iat, 0).ok_or(AuthError::InvalidToken)?;
        Ok(VerifiedToken { user, issued_at })
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::clock::ManualClock;
    use chrono::Utc;

    const SECRET: &[u8] = b"0123456789abcdef0123456789abcdef";

    fn forge(header: &str, claims: &serde_json::Value, secret: &[u8]) -> String {
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let head = b64.encode(header);
        let body = b64.encode(claims.to_string());
        let key = EncodingKey::from_secret(secret);
        let signature =
            jsonwebtoken::crypto::sign(format!("{head}.{body}").as_bytes(), &key, Algorithm::HS256)
                .unwrap();
        format!("{head}.{body}.{signature}")
    }

    fn claims(exp_offset: i64, iss: &str, typ: &str) -> serde_json::Value {
        let now = Utc::now().timestamp();
        serde_json::json!({"sub": "7", "iat": now, "exp": now + exp_offset, "iss": iss, "typ": typ})
    }

    #[test]
    fn an_issued_token_verifies_to_its_user() {
        let jwt = JwtTokenIssuer::new(SECRET, 3600);
        let token = jwt.issue(UserId(42)).unwrap();
        assert_eq!(token.expires_in_seconds, 3600);
        let before = Utc::now().timestamp();
        let verified = jwt.verify(&token.token).unwrap();
        assert_eq!(verified.user, UserId(42));
        assert!((before - 1..=before + 1).contains(&verified.issued_at.timestamp()));
    }

    #[test]
    fn expired_forged_foreign_and_unsigned_tokens_are_refused() {
        let jwt = JwtTokenIssuer::new(SECRET, 3600);
        let hs256 = r#"{"alg":"HS256","typ":"JWT"}"#;
        assert_eq!(
            jwt.verify(&forge(hs256, &claims(60, ISSUER, ACCESS), SECRET))
                .unwrap()
                .user,
            UserId(7)
        );
        let refused = [
            forge(hs256, &claims(-3600, ISSUER, ACCESS), SECRET),
            forge(
                hs256,
                &claims(60, ISSUER, ACCESS),
                b"another-secret-another-secret-xx",
            ),
            forge(hs256, &claims(60, "someone-else", ACCESS), SECRET),
            forge(hs256, &claims(60, ISSUER, "oauth_state"), SECRET),
            "not.a.jwt".to_owned(),
            String::new(),
        ];
        for token in refused {
            assert!(
                matches!(jwt.verify(&token), Err(AuthError::InvalidToken)),
                "{token}"
            );
        }
        use base64::Engine;
        let b64 = base64::engine::general_purpose::URL_SAFE_NO_PAD;
        let none = format!(
            "{}.{}.",
            b64.encode(r#"{"alg":"none","typ":"JWT"}"#),
            b64.encode(claims(60, ISSUER, ACCESS).to_string())
        );
        assert!(matches!(jwt.verify(&none), Err(AuthError::InvalidToken)));
    }

    #[test]
    fn tokens_live_and_expire_by_the_issuers_clock() {
        let start = Utc::now() + chrono::Duration::days(30);
        let clock = ManualClock::new(chrono_tz::Asia::Seoul, start);
        let jwt = JwtTokenIssuer::new(SECRET, 3600).with_clock(Arc::new(clock.clone()));
        let token = jwt.issue(UserId(9)).unwrap().token;
        let verified = jwt.verify(&token).unwrap();
        assert_eq!(verified.issued_at.timestamp(), start.timestamp());
        clock.advance(chrono::Duration::seconds(3600));
        assert!(jwt.verify(&token).is_ok(), "within the leeway");
        clock.advance(chrono::Duration::seconds(LEEWAY_SECONDS as i64));
        assert!(matches!(jwt.verify(&token), Err(AuthError::InvalidToken)));
        // Issued in the clock's future: refused until the clock gets there.
        let early = JwtTokenIssuer::new(SECRET, 3600).verify(&token);
        assert!(matches!(early, Err(AuthError::InvalidToken)));
    }
}
