//! The Kakao client against a fake Kakao over real HTTP (wiremock).

use ourspace_domain::auth::{AuthError, IdentityProvider};
use ourspace_infrastructure::kakao::{KakaoClient, KakaoConfig};
use secrecy::SecretString;
use serde_json::json;
use std::time::Duration;
use wiremock::matchers::{body_string_contains, header, method, path};
use wiremock::{Mock, MockServer, ResponseTemplate};

fn client(server: &MockServer, timeout: Duration) -> KakaoClient {
    KakaoClient::new(&KakaoConfig {
        client_id: "rest-api-key".into(),
        client_secret: Some(SecretString::from("client-secret")),
        redirect_uri: "http://127.0.0.1:8080/api/v1/auth/kakao/callback".into(),
        auth_url: server.uri(),
        api_url: server.uri(),
        timeout,
    })
    .unwrap()
}

async fn fake_kakao() -> (MockServer, KakaoClient) {
    let server = MockServer::start().await;
    let client = client(&server, Duration::from_secs(5));
    (server, client)
}

#[tokio::test]
async fn the_authorize_url_carries_client_state_and_s256_challenge() {
    let (server, kakao) = fake_kakao().await;
    let pkce = kakao.new_pkce();
    assert_eq!(pkce.challenge.len(), 43);
    let url = reqwest::Url::parse(&kakao.authorize_url("the-state", &pkce.challenge)).unwrap();
    assert_eq!(url.path(), "/oauth/authorize");
    assert!(url.as_str().starts_with(&server.uri()));
    let q: std::collections::HashMap<_, _> = url.query_pairs().into_owned().collect();
    assert_eq!(q["client_id"], "rest-api-key");
    assert_eq!(q["response_type"], "code");
    assert_eq!(q["state"], "the-state");
    assert_eq!(q["code_challenge"], pkce.challenge);
    assert_eq!(q["code_challenge_method"], "S256");
    assert_eq!(
        q["redirect_uri"],
        "http://127.0.0.1:8080/api/v1/auth/kakao/callback"
    );
}

#[tokio::test]
async fn a_code_is_exchanged_with_credentials_and_verifier_in_the_form() {
    let (server, kakao) = fake_kakao().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .and(body_string_contains("grant_type=authorization_code"))
        .and(body_string_contains("client_id=rest-api-key"))
        .and(body_string_contains("client_secret=client-secret"))
        .and(body_string_contains("code=the-code"))
        .and(body_string_contains("code_verifier=the-verifier"))
        .and(body_string_contains("redirect_uri="))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "token_type": "bearer", "access_token": "kakao-access", "expires_in": 21599,
            "refresh_token": "r", "refresh_token_expires_in": 5183999
        })))
        .expect(1)
        .mount(&server)
        .await;
    assert_eq!(
        kakao
            .exchange_code("the-code", "the-verifier")
            .await
            .unwrap(),
        "kakao-access"
    );
}

#[tokio::test]
async fn a_rejected_code_is_code_invalid() {
    let (server, kakao) = fake_kakao().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(400).set_body_json(json!({
            "error": "invalid_grant", "error_description": "authorization code not found", "error_code": "KOE320"
        })))
        .mount(&server)
        .await;
    assert!(matches!(
        kakao.exchange_code("old", "v").await,
        Err(AuthError::ProviderCodeInvalid)
    ));
}

#[tokio::test]
async fn a_failing_token_endpoint_is_unavailable() {
    let (server, kakao) = fake_kakao().await;
    Mock::given(method("POST"))
        .and(path("/oauth/token"))
        .respond_with(ResponseTemplate::new(503).set_body_string("<html>down</html>"))
        .mount(&server)
        .await;
    assert!(matches!(
        kakao.exchange_code("c", "v").await,
        Err(AuthError::ProviderUnavailable(_))
    ));
}

#[tokio::test]
async fn a_full_profile_gives_id_nickname_and_email() {
    let (server, kakao) = fake_kakao().await;
    Mock::given(method("GET"))
        .and(path("/v2/user/me"))
        .and(header("authorization", "Bearer kakao-access"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": 123456789,
            "connected_at": "2026-11-26T00:00:00Z",
            "properties": {"nickname": "옛이름"},
            "kakao_account": {
                "profile_nickname_needs_agreement": false,
                "profile": {"nickname": "라이언", "is_default_nickname": false},
                "has_email": true, "email": "ryan@kakao.com", "is_email_valid": true
            }
        })))
        .mount(&server)
        .await;
    let profile = kakao.profile("kakao-access").await.unwrap();
    assert_eq!(profile.provider_id, 123_456_789);
    assert_eq!(profile.nickname.as_deref(), Some("라이언"));
    assert_eq!(profile.email.as_deref(), Some("ryan@kakao.com"));
}

#[tokio::test]
async fn a_sparse_profile_falls_back_to_properties_or_nothing() {
    let (server, kakao) = fake_kakao().await;
    Mock::given(path("/v2/user/me"))
        .and(header("authorization", "Bearer props"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({
            "id": 1, "properties": {"nickname": "춘식"}, "kakao_account": {"has_email": false}
        })))
        .mount(&server)
        .await;
    Mock::given(path("/v2/user/me"))
        .and(header("authorization", "Bearer bare"))
        .respond_with(ResponseTemplate::new(200).set_body_json(json!({"id": 2})))
        .mount(&server)
        .await;
    let props = kakao.profile("props").await.unwrap();
    assert_eq!(
        (props.nickname.as_deref(), props.email),
        (Some("춘식"), None)
    );
    let bare = kakao.profile("bare").await.unwrap();
    assert_eq!(
        (bare.provider_id, bare.nickname, bare.email),
        (2, None, None)
    );
}

#[tokio::test]
async fn a_rejected_access_token_is_token_invalid() {
    let (server, kakao) = fake_kakao().await;
    Mock::given(path("/v2/user/me"))
        .respond_with(
            ResponseTemplate::new(401)
                .set_body_json(json!({"msg": "this access token does not exist", "code": -401})),
        )
        .mount(&server)
        .await;
    assert!(matches!(
        kakao.profile("expired").await,
        Err(AuthError::ProviderTokenInvalid)
    ));
}

#[tokio::test]
async fn a_failing_or_garbled_profile_api_is_unavailable() {
    let (server, kakao) = fake_kakao().await;
    Mock::given(path("/v2/user/me"))
        .and(header("authorization", "Bearer a"))
        .respond_with(ResponseTemplate::new(502))
        .mount(&server)
        .await;
    Mock::given(path("/v2/user/me"))
        .and(header("authorization", "Bearer b"))
        .respond_with(ResponseTemplate::new(200).set_body_string("not json"))
        .mount(&server)
        .await;
    assert!(matches!(
        kakao.profile("a").await,
        Err(AuthError::ProviderUnavailable(_))
    ));
    assert!(matches!(
        kakao.profile("b").await,
        Err(AuthError::ProviderUnavailable(_))
    ));
}

#[tokio::test]
async fn a_slow_kakao_times_out_as_unavailable() {
    let server = MockServer::start().await;
    Mock::given(path("/v2/user/me"))
        .respond_with(
            ResponseTemplate::new(200)
                .set_body_json(json!({"id": 1}))
                .set_delay(Duration::from_secs(3)),
        )
        .mount(&server)
        .await;
    let kakao = client(&server, Duration::from_millis(300));
    let started = std::time::Instant::now();
    assert!(matches!(
        kakao.profile("t").await,
        Err(AuthError::ProviderUnavailable(_))
    ));
    assert!(started.elapsed() < Duration::from_secs(2));
}

#[tokio::test]
async fn an_unreachable_kakao_is_unavailable() {
    // Port 0: no server can ever listen there (a freed port could be taken meanwhile).
    let closed = "http://127.0.0.1:0".to_owned();
    let kakao = KakaoClient::new(&KakaoConfig {
        client_id: "id".into(),
        client_secret: None,
        redirect_uri: "http://127.0.0.1/cb".into(),
        auth_url: closed.clone(),
        api_url: closed,
        timeout: Duration::from_secs(1),
    })
    .unwrap();
    assert!(matches!(
        kakao.profile("t").await,
        Err(AuthError::ProviderUnavailable(_))
    ));
    assert!(matches!(
        kakao.exchange_code("c", "v").await,
        Err(AuthError::ProviderUnavailable(_))
    ));
}
