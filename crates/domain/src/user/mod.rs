//! Users: guests and hosts, known by their Kakao id.

pub mod model;
pub mod ports;
pub mod service;

pub use model::{Nickname, User};
pub use ports::{AccountDeletion, UserRepository};
pub use service::{UserError, UserService};
