//! The Ourspace HTTP API: actix-web routes over the domain services, problem+json errors,
//! configuration, and the `ourspace` command line.

pub mod auth;
pub mod cli;
pub mod client_ip;
pub mod config;
pub mod deadline;
pub mod error;
mod jobs;
pub mod limits;
pub mod metrics;
pub mod middleware;
pub mod multipart;
pub mod openapi;
pub mod outage;
pub mod params;
pub mod routes;
mod server;
pub mod shape;
pub mod sign_in_cookie;
pub mod startup;
pub mod state;
pub mod telemetry;

pub use config::Config;
pub use startup::Application;
