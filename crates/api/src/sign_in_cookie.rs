//! The cookie that binds a started Kakao sign-in to the browser that started it: set by
//! `authorize`, read by `callback`. `HttpOnly` (no script reads it), `SameSite=Lax` (sent
//! on Kakao's top-level redirect back, not on cross-site subrequests), scoped to the
//! sign-in paths, living as long as a started sign-in, and `Secure` whenever the callback
//! is served over https.

use actix_web::HttpRequest;
use actix_web::http::header::COOKIE;
use ourspace_domain::auth::SIGN_IN_FLOW_TTL;

const NAME: &str = "ourspace_sign_in";
const PATH: &str = "/api/v1/auth/kakao";

/// How the cookie is written.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SignInCookie {
    /// Only sent over https (set when the Kakao callback URL is https).
    pub secure: bool,
}

impl SignInCookie {
    /// For a Kakao callback at `redirect_uri`.
    #[must_use]
    pub fn for_callback(redirect_uri: &str) -> Self {
        Self {
            secure: redirect_uri.starts_with("https://"),
        }
    }

    /// The `Set-Cookie` value carrying `secret`.
    #[must_use]
    pub fn set(self, secret: &str) -> String {
        let secure = if self.secure { "; Secure" } else { "" };
        format!(
            "{NAME}={secret}; Path={PATH}; Max-Age={}; HttpOnly; SameSite=Lax{secure}",
            SIGN_IN_FLOW_TTL.num_seconds()
        )
    }

    /// The secret the request's cookie carries, if any.
    #[must_use]
    pub fn read(req: &HttpRequest) -> Option<String> {
        req.headers()
            .get_all(COOKIE)
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().split_once('='))
            .find(|(name, _)| *name == NAME)
            .map(|(_, value)| value.to_owned())
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use actix_web::test::TestRequest;

    #[test]
    fn the_cookie_is_http_only_lax_scoped_and_secure_over_https() {
        let plain = SignInCookie::for_callback("http://127.0.0.1/api/v1/auth/kakao/callback");
        assert_eq!(
            plain.set("ab"),
            "ourspace_sign_in=ab; Path=/api/v1/auth/kakao; Max-Age=600; HttpOnly; SameSite=Lax"
        );
        let secure =
            SignInCookie::for_callback("https://ourspace.example/api/v1/auth/kakao/callback");
        assert!(secure.set("ab").ends_with("; Secure"));
    }

    #[test]
    fn the_secret_is_read_among_other_cookies() {
        let req = TestRequest::default()
            .insert_header((COOKIE, "a=1; ourspace_sign_in=cafe; b=2"))
            .to_http_request();
        assert_eq!(SignInCookie::read(&req).as_deref(), Some("cafe"));
        let none = TestRequest::default()
            .insert_header((COOKIE, "xourspace_sign_in=cafe"))
            .to_http_request();
        assert_eq!(SignInCookie::read(&none), None);
    }
}
