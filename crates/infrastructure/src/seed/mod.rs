//! Seeding: the catalog every installation needs, and demo spaces for trying the API.

mod catalog;
mod demo;
mod png;

pub use catalog::seed_catalog;
pub use demo::{DEMO_GUEST_KAKAO_ID, DEMO_HOST_KAKAO_ID, seed_demo};
pub use png::{encode as encode_png, gradient as gradient_png};
