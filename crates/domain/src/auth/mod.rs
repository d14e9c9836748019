//! Authentication: the outside identity provider (Kakao) and our own bearer tokens.

pub mod flow;
pub mod ports;
pub mod redirect;
pub mod service;

pub use flow::{PendingSignIn, SIGN_IN_FLOW_TTL, SignInFlows};
pub use ports::{
    AuthError, ExternalProfile, IdentityProvider, IssuedToken, Pkce, TokenIssuer, VerifiedToken,
};
pub use redirect::RedirectAllowList;
pub use service::{AuthService, SignIn, StartedSignIn};
