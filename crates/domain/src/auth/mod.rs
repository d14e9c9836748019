//! Authentication: the outside identity provider (Kakao) and our own bearer tokens.

pub mod ports;

pub use ports::{AuthError, ExternalProfile, IdentityProvider, IssuedToken, TokenIssuer};
