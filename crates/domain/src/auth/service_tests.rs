//! Unit tests of sign-in and token checks, against mocked ports.

use super::*;
use crate::auth::flow::{MockSignInFlows, PendingSignIn};
use crate::auth::ports::{
    ExternalProfile, MockIdentityProvider, MockTokenIssuer, Pkce, VerifiedToken,
};
use crate::shared::UserId;
use crate::shared::clock::MockClock;
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
        taste_version: 0,
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
        .withf(|kakao_id, _, _, _| *kakao_id == 77)
        .times(1)
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
    assert_eq!(
        sign_in.token.token, "token-for-5",
        "the token is the stored user's"
    );
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

fn at(now: &'static str) -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock.expect_now().returning(move || now.parse().unwrap());
    Arc::new(clock)
}

/// A provider whose PKCE verifier is `v`, and a store that hands out `secret-1`, `secret-2`…
fn flow_service(flows: MockSignInFlows, exchanges: usize, now: &'static str) -> AuthService {
    let mut provider = provider_with(ExternalProfile {
        provider_id: 7,
        ..ExternalProfile::default()
    });
    provider.expect_new_pkce().returning(|| Pkce {
        verifier: "v".into(),
        challenge: "c".into(),
    });
    provider
        .expect_authorize_url()
        .returning(|state, challenge| {
            format!("https://kauth/authorize?state={state}&code_challenge={challenge}")
        });
    provider
        .expect_exchange_code()
        .withf(|_, verifier| verifier == "v")
        .times(exchanges)
        .returning(|_, _| Ok("kakao-token".into()));
    let mut users = MockUserRepository::new();
    users
        .expect_create_or_get()
        .returning(|_, _, _, _| Ok((user(1, 7, "a", None), false)));
    service(provider, users).with_sign_in_flows(Arc::new(flows), at(now))
}

fn counting_secrets(flows: &mut MockSignInFlows) {
    let n = std::sync::atomic::AtomicUsize::new(0);
    flows.expect_new_secret().returning(move || {
        let i = n.fetch_add(1, std::sync::atomic::Ordering::Relaxed) + 1;
        format!("secret-{i}")
    });
}

const BROWSER: &str = "bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";

#[tokio::test]
async fn starting_keeps_the_verifier_server_side_bound_to_the_browser() {
    let mut flows = MockSignInFlows::new();
    counting_secrets(&mut flows);
    flows
        .expect_keep()
        .withf(|state, flow| {
            state == "secret-2"
                && flow.browser == "secret-1"
                && flow.pkce_verifier == "v"
                && flow.redirect_to.as_deref() == Some("https://app.example/oauth/cb")
                && flow.expires_at
                    == "2026-11-28T10:10:00Z"
                        .parse::<chrono::DateTime<Utc>>()
                        .unwrap()
        })
        .times(1)
        .returning(|_, _| Ok(()));
    flows
        .expect_keep()
        .withf(|_, flow| flow.browser == BROWSER && flow.redirect_to.is_none())
        .times(1)
        .returning(|_, _| Ok(()));
    let service = flow_service(flows, 0, "2026-11-28T10:00:00Z");
    let started = service
        .begin(Some("https://app.example/oauth/cb".into()), Some("short"))
        .await
        .unwrap();
    assert_eq!(
        started.browser, "secret-1",
        "a malformed cookie is replaced"
    );
    assert_eq!(
        started.url,
        "https://kauth/authorize?state=secret-2&code_challenge=c"
    );
    let again = service.begin(None, Some(BROWSER)).await.unwrap();
    assert_eq!(
        again.browser, BROWSER,
        "a second tab keeps the browser's secret"
    );
    for evil in [
        "https://evil.example/",
        "https://app.example/done/x",
        "https://app.example/oau",
    ] {
        assert!(
            matches!(
                service.begin(Some(evil.into()), None).await,
                Err(AuthError::RedirectNotAllowed)
            ),
            "{evil}"
        );
    }
}

#[tokio::test]
async fn finishing_takes_the_state_and_needs_its_browser_in_time() {
    let kept = PendingSignIn {
        browser: BROWSER.into(),
        pkce_verifier: "v".into(),
        redirect_to: Some("https://app.example/done".into()),
        expires_at: "2026-11-28T10:10:00Z".parse().unwrap(),
    };
    for (now, browser, state, signs_in) in [
        ("2026-11-28T10:09:59Z", Some(BROWSER), "kept", true),
        ("2026-11-28T10:09:59Z", None, "kept", false),
        (
            "2026-11-28T10:09:59Z",
            Some("cccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccccc"),
            "kept",
            false,
        ),
        ("2026-11-28T10:10:00Z", Some(BROWSER), "kept", false),
        (
            "2026-11-28T10:00:00Z",
            Some(BROWSER),
            "used or forged",
            false,
        ),
    ] {
        let mut flows = MockSignInFlows::new();
        let kept = kept.clone();
        flows
            .expect_take()
            .times(1)
            .returning(move |state| Ok((state == "kept").then(|| kept.clone())));
        let service = flow_service(flows, usize::from(signs_in), now);
        let outcome = service.finish("code", state, browser).await;
        match outcome {
            Ok((_, redirect_to)) if signs_in => {
                assert_eq!(redirect_to.as_deref(), Some("https://app.example/done"));
            }
            Err(AuthError::InvalidState) if !signs_in => {}
            other => panic!("{now} {browser:?} {state}: {other:?}"),
        }
    }
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
        service.begin(None, None).await,
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
                taste_version: 0,
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

#[tokio::test]
async fn expired_sign_ins_are_forgotten_as_of_the_clock() {
    let mut flows = MockSignInFlows::new();
    flows
        .expect_forget_expired()
        .withf(|now| {
            *now == "2026-11-28T10:00:00Z"
                .parse::<chrono::DateTime<Utc>>()
                .unwrap()
        })
        .times(1)
        .returning(|_| Ok(3));
    let service = flow_service(flows, 0, "2026-11-28T10:00:00Z");
    assert_eq!(service.forget_expired_sign_ins().await.unwrap(), 3);
    let without_flows = service_without_flows();
    assert_eq!(without_flows.forget_expired_sign_ins().await.unwrap(), 0);
}

fn service_without_flows() -> AuthService {
    service(MockIdentityProvider::new(), MockUserRepository::new())
}

#[tokio::test]
async fn an_existing_account_is_signed_in_by_its_provider_id_and_an_unknown_one_is_not() {
    let mut users = MockUserRepository::new();
    users
        .expect_find_by_kakao_id()
        .with(eq(-2))
        .returning(|_| Ok(Some(user(2, -2, "데모 게스트", None))));
    users.expect_find_by_kakao_id().returning(|_| Ok(None));
    let service = service(MockIdentityProvider::new(), users);
    let signed_in = service.sign_in_existing(-2).await.unwrap();
    assert_eq!(signed_in.user.id, UserId(2));
    assert_eq!(signed_in.token.token, "token-for-2");
    assert!(!signed_in.is_new_user);
    assert!(matches!(
        service.sign_in_existing(-3).await,
        Err(AuthError::InvalidToken)
    ));
}
