//! Ourspace's business core: entities, value objects, rules, ports and use-case services.
//!
//! This crate does no I/O. Adapters (databases, object stores, OAuth, HTTP) live in other
//! crates and plug in through the traits in each area's `ports` module. With the `mocks`
//! feature every port also comes with a `mockall` mock, for unit tests in any crate.

#![warn(missing_docs)]

pub mod auth;
pub mod catalog;
pub mod media;
pub mod order;
pub mod recommend;
pub mod review;
pub mod shared;
pub mod space;
pub mod user;

#[cfg(test)]
mod properties;
