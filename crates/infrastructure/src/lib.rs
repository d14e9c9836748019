//! Ourspace adapters: everything that talks to the outside world on behalf of the domain.
//!
//! - [`db`]: connecting, migrating and counting statements per request;
//! - [`repo`]: SeaORM repositories, one code path for SQLite and MySQL/MariaDB;
//! - [`media`]: image stores;
//! - [`clock`]: the system clock in the business time zone;
//! - [`jwt`]: our bearer tokens and OAuth states;
//! - [`kakao`]: Kakao Login and profile, as the identity provider;
//! - [`seed`]: the catalog and the demo data.

pub mod clock;
pub mod db;
mod entity;
pub mod jwt;
pub mod kakao;
pub mod media;
pub mod query_count;
pub mod repo;
pub mod search;
pub mod seed;
pub mod setup_lock;
pub mod shared_windows;
#[cfg(feature = "testing")]
pub mod testing;

pub use sea_orm::DatabaseConnection;
