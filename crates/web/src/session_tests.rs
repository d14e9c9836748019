use super::*;
use actix_web::test::TestRequest;

fn with_cookie(value: &str) -> Session {
    let req = TestRequest::default()
        .insert_header((COOKIE, format!("a=1; {COOKIE_NAME}={value}; b=2")))
        .to_http_request();
    Session::read(&req)
}

#[test]
fn a_request_without_the_cookie_gets_a_new_anonymous_session_to_set() {
    let session = Session::read(&TestRequest::default().to_http_request());
    assert_eq!(session.token(), None);
    let cookie = session.set_cookie(false).unwrap();
    assert!(cookie.starts_with(&format!("{COOKIE_NAME}=")));
    assert!(cookie.ends_with("; Path=/; HttpOnly; SameSite=Lax"));
}

#[test]
fn a_signed_in_cookie_is_read_back_and_not_set_again() {
    let signed_in = Session::signed_in("aa.bb-cc_dd".into(), 3600);
    let cookie = signed_in.set_cookie(true).unwrap();
    assert!(cookie.contains("; Max-Age=3600"));
    assert!(cookie.ends_with("; Secure"));
    let value = cookie.split(';').next().unwrap().split_once('=').unwrap().1;
    let read = with_cookie(value);
    assert_eq!(read.token(), Some("aa.bb-cc_dd"));
    assert_eq!(read.set_cookie(false), None);
}

#[test]
fn a_malformed_cookie_starts_a_new_session() {
    for bad in [
        "",
        "short",
        "0123456789abcdef0123456789ABCDEF",
        "0123456789abcdef0123456789abcdef.<script>",
        "0123456789abcdef0123456789abcdef.a b",
    ] {
        let session = with_cookie(bad);
        assert_eq!(session.token(), None, "{bad}");
        assert!(session.set_cookie(false).is_some(), "{bad}");
    }
}

#[test]
fn a_csrf_token_fits_its_session_only() {
    let key = CsrfKey::derive(b"secret");
    let mine = Session::anonymous();
    let other = Session::anonymous();
    let token = key.token(&mine);
    assert!(key.verify(&mine, &token));
    assert!(!key.verify(&other, &token));
    assert!(!CsrfKey::derive(b"other secret").verify(&mine, &token));
    for bad in ["", "zz", "abc", &token[..token.len() - 2]] {
        assert!(!key.verify(&mine, bad), "{bad}");
    }
}

#[test]
fn signing_in_starts_a_new_nonce_so_an_old_token_no_longer_fits() {
    let key = CsrfKey::derive(b"secret");
    let before = Session::anonymous();
    let after = Session::signed_in("t".into(), 60);
    assert!(!key.verify(&after, &key.token(&before)));
}
