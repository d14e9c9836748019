//! Unit tests of sign-in and token checks, against mocked ports.

use super::*;
use crate::auth::ports::{
    ExternalProfile, MockIdentityProvider, MockTokenIssuer, Pkce, VerifiedToken,
};
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
        tokens_valid_after: None,
    }
}

fn verified(id: i64, issued_at: &str) -> VerifiedToken {
    VerifiedToken {
        user: UserId(id),
        issued_at: issued_at.parse().unwrap(),
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
    tokens
        .expect_verify()
        .returning(|_| Ok(verified(3, "2026-11-28T00:00:00Z")));
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
    tokens
        .expect_verify()
        .returning(|_| Ok(verified(9, "2026-11-28T00:00:00Z")));
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

#[tokio::test]
async fn a_token_issued_before_signing_out_everywhere_is_invalid() {
    for (issued_at, accepted) in [
        ("2026-11-28T09:59:59Z", false),
        ("2026-11-28T10:00:00Z", true),
    ] {
        let mut tokens = MockTokenIssuer::new();
        tokens
            .expect_verify()
            .returning(move |_| Ok(verified(3, issued_at)));
        let mut users = MockUserRepository::new();
        users.expect_find().returning(|_| {
            Ok(Some(User {
                tokens_valid_after: Some("2026-11-28T10:00:00Z".parse().unwrap()),
                ..user(3, 1, "a", None)
            }))
        });
        let service = AuthService::new(
            None,
            Arc::new(tokens),
            Arc::new(users),
            Won::ZERO,
            RedirectAllowList::default(),
        );
        assert_eq!(
            service.authenticate("t").await.is_ok(),
            accepted,
            "{issued_at}"
        );
    }
}
