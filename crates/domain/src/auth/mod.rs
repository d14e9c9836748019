//! Authentication: the outside identity provider (Kakao) and our own bearer tokens.

pub mod ports;
pub mod redirect;
pub mod service;

pub use ports::{
    AuthError, ExternalProfile, FlowState, IdentityProvider, IssuedToken, Pkce, TokenIssuer,
    VerifiedToken,
};
pub use redirect::RedirectAllowList;
pub use service::{AuthService, SignIn};
