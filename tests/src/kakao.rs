//! A fake Kakao over real HTTP: the token endpoint (checking the PKCE verifier against the
//! challenge the server sent) and the profile API.

use base64::Engine;
use serde_json::{Value, json};
use sha2::{Digest, Sha256};
use std::time::Duration;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Match, Mock, MockServer, Request, ResponseTemplate};

pub const CLIENT_ID: &str = "e2e-rest-api-key";
pub const CLIENT_SECRET: &str = "e2e-client-secret";

/// A running fake Kakao.
pub struct FakeKakao {
    pub server: MockServer,
}

/// Matches a token request whose `code_verifier` hashes (S256) to `challenge`.
struct VerifierMatches {
    challenge: String,
}

impl Match for VerifierMatches {
    fn matches(&self, request: &Request) -> bool {
        let form: Vec<(String, String)> =
            serde_urlencoded::from_bytes(&request.body).unwrap_or_default();
        form.iter()
            .find(|(k, _)| k == "code_verifier")
            .is_some_and(|(_, verifier)| {
                let digest = Sha256::digest(verifier.as_bytes());
                base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(digest) == self.challenge
            })
    }
}

impl FakeKakao {
    pub async fn start() -> Self {
        Self {
            server: MockServer::start().await,
        }
    }

    #[must_use]
    pub fn uri(&self) -> String {
        self.server.uri()
    }

    /// `code` (sent with a verifier matching `challenge`, and our client credentials in the
    /// form) exchanges for `access_token`.
    pub async fn accepts_code(&self, code: &str, challenge: &str, access_token: &str) {
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .and(body_string_contains(format!("code={code}")))
            .and(body_string_contains(format!("client_id={CLIENT_ID}")))
            .and(body_string_contains(format!(
                "client_secret={CLIENT_SECRET}"
            )))
            .and(body_string_contains("grant_type=authorization_code"))
            .and(VerifierMatches {
                challenge: challenge.to_owned(),
            })
            .respond_with(ResponseTemplate::new(200).set_body_json(json!({
                "token_type": "bearer", "access_token": access_token, "expires_in": 21599,
                "refresh_token": "refresh", "refresh_token_expires_in": 5_183_999
            })))
            .mount(&self.server)
            .await;
    }

    /// Any other code is rejected the way Kakao rejects a used or expired code.
    pub async fn rejects_other_codes(&self) {
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(ResponseTemplate::new(400).set_body_json(json!({
                "error": "invalid_grant",
                "error_description": "authorization code not found for code=...",
                "error_code": "KOE320"
            })))
            .with_priority(10)
            .mount(&self.server)
            .await;
    }

    /// The token endpoint answers `response` to every code (before any other rule).
    pub async fn token_endpoint_answers(&self, response: ResponseTemplate) {
        Mock::given(method("POST"))
            .and(path("/oauth/token"))
            .respond_with(response)
            .with_priority(1)
            .mount(&self.server)
            .await;
    }

    /// Every access token is unknown (for runs that must never sign anyone in).
    pub async fn rejects_every_token(&self) {
        Mock::given(method("GET"))
            .and(path("/v2/user/me"))
            .respond_with(Self::rejected_token())
            .with_priority(10)
            .mount(&self.server)
            .await;
    }

    /// `access_token` reads the profile of Kakao user `id`.
    pub async fn knows(
        &self,
        access_token: &str,
        id: i64,
        nickname: Option<&str>,
        email: Option<&str>,
    ) {
        let mut account = json!({"has_email": email.is_some()});
        if let Some(n) = nickname {
            account["profile"] = json!({"nickname": n, "is_default_nickname": false});
        }
        if let Some(e) = email {
            account["email"] = json!(e);
        }
        self.profile_answers(
            access_token,
            ResponseTemplate::new(200).set_body_json(json!({
                "id": id, "connected_at": "2026-11-26T00:00:00Z", "kakao_account": account
            })),
        )
        .await;
    }

    /// The profile API answers `response` for `access_token`.
    pub async fn profile_answers(&self, access_token: &str, response: ResponseTemplate) {
        Mock::given(method("GET"))
            .and(path("/v2/user/me"))
            .and(header(
                "authorization",
                format!("Bearer {access_token}").as_str(),
            ))
            .respond_with(response)
            .mount(&self.server)
            .await;
    }

    /// Kakao's answer to an unknown or expired access token.
    #[must_use]
    pub fn rejected_token() -> ResponseTemplate {
        ResponseTemplate::new(401)
            .set_body_json(json!({"msg": "this access token does not exist", "code": -401}))
    }

    /// A Kakao that answers too late.
    #[must_use]
    pub fn too_slow() -> ResponseTemplate {
        ResponseTemplate::new(200)
            .set_body_json(json!({"id": 1}))
            .set_delay(Duration::from_secs(3))
    }

    /// A body that is not a profile.
    #[must_use]
    pub fn broken(status: u16) -> ResponseTemplate {
        ResponseTemplate::new(status).set_body_json(Value::Null)
    }
}
