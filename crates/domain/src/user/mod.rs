//! Users: guests and hosts, known by their Kakao id.

pub mod model;
pub mod ports;

pub use model::{Nickname, User};
pub use ports::UserRepository;
