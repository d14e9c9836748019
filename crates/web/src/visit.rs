//! One page request as the pages see it: its session, the signed-in user if any, the
//! session's CSRF token, and whether it came from one of our own pages.

use crate::WebState;
use crate::error::WebError;
use crate::form::Fields;
use crate::session::Session;
use actix_web::dev::Payload;
use actix_web::http::header::{HeaderMap, ORIGIN};
use actix_web::{FromRequest, HttpRequest, web};
use ourspace_domain::auth::AuthError;
use ourspace_domain::shared::UserId;
use ourspace_domain::user::User;
use std::future::Future;
use std::pin::Pin;

/// The request's visitor.
pub struct Visit {
    pub state: web::Data<WebState>,
    pub session: Session,
    pub user: Option<User>,
    /// The token this session's forms carry.
    pub csrf: String,
    /// Served over https: the cookie is `Secure`.
    pub secure: bool,
    /// The path and query asked, to come back to after signing in.
    pub here: String,
    /// The browser says the request came from a page of another site.
    cross_site: bool,
}

/// Whether the browser's own headers say another site sent the request: an `Origin`
/// that is not this host, or `Sec-Fetch-Site: cross-site`.
fn is_cross_site(headers: &HeaderMap, scheme: &str, host: &str) -> bool {
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok());
    if header("sec-fetch-site") == Some("cross-site") {
        return true;
    }
    match headers.get(ORIGIN).map(|v| v.to_str()) {
        None => false,
        Some(Ok(origin)) => origin != format!("{scheme}://{host}"),
        Some(Err(_)) => true,
    }
}

impl Visit {
    /// The signed-in user, or a redirect to the sign-in page that comes back here.
    pub fn user(&self) -> Result<&User, WebError> {
        self.user.as_ref().ok_or_else(|| WebError::SignInRequired {
            next: self.here.clone(),
        })
    }

    /// The signed-in user, or a redirect to the sign-in page that comes back to `next`
    /// (for a form, whose own address is not a page).
    pub fn user_for(&self, next: &str) -> Result<&User, WebError> {
        self.user.as_ref().ok_or_else(|| WebError::SignInRequired {
            next: next.to_owned(),
        })
    }

    /// Refuses a request the browser says another site sent (checked before reading an
    /// upload's body; the form's token is checked once it is read).
    pub fn check_same_site(&self) -> Result<(), WebError> {
        if self.cross_site {
            Err(WebError::Forbidden)
        } else {
            Ok(())
        }
    }

    /// Refuses a form that did not come from this session's own pages.
    pub fn check_form(&self, token: Option<&str>) -> Result<(), WebError> {
        self.check_same_site()?;
        if token.is_some_and(|t| self.state.csrf.verify(&self.session, t)) {
            Ok(())
        } else {
            Err(WebError::Forbidden)
        }
    }

    /// A form posted from this session's pages by a signed-in user (else a redirect to
    /// sign in that comes back to `next`): its fields and the user.
    pub fn user_form(&self, body: &[u8], next: &str) -> Result<(Fields, UserId), WebError> {
        let fields = Fields::parse(body)?;
        self.check_form(fields.text("csrf"))?;
        let user = self.user_for(next)?.id;
        Ok((fields, user))
    }

    /// From now on the visitor is signed in with `token` (a new session).
    pub fn sign_in(&mut self, token: String, expires_in_seconds: i64) {
        self.session = Session::signed_in(token, expires_in_seconds);
    }

    /// From now on the visitor is signed out (a new session).
    pub fn sign_out(&mut self) {
        self.session = Session::anonymous();
        self.user = None;
    }

    async fn read(state: web::Data<WebState>, req: HttpRequest) -> Result<Self, WebError> {
        let mut session = Session::read(&req);
        let mut user = None;
        if let Some(token) = session.token() {
            match state.services.auth.authenticate(token).await {
                Ok(found) => user = Some(found),
                Err(AuthError::Unexpected(e)) => return Err(WebError::unexpected(e)),
                Err(_) => session = Session::anonymous(),
            }
        }
        let info = req.connection_info().clone();
        Ok(Self {
            csrf: state.csrf.token(&session),
            cross_site: is_cross_site(req.headers(), info.scheme(), info.host()),
            secure: info.scheme() == "https",
            here: req
                .uri()
                .path_and_query()
                .map_or_else(|| "/".to_owned(), ToString::to_string),
            state,
            session,
            user,
        })
    }
}

impl FromRequest for Visit {
    type Error = WebError;
    type Future = Pin<Box<dyn Future<Output = Result<Self, WebError>>>>;

    fn from_request(req: &HttpRequest, _: &mut Payload) -> Self::Future {
        let state = req.app_data::<web::Data<WebState>>().cloned();
        let req = req.clone();
        Box::pin(async move {
            let state = state.ok_or_else(|| WebError::unexpected("web state missing"))?;
            Self::read(state, req).await
        })
    }
}
