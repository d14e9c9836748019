//! End-to-end tests: the real server over HTTP, on SQLite and on MariaDB.

mod api_docs;
mod auth;
mod browser;
mod calendar;
mod catalog;
mod client;
mod fuzz;
mod health;
mod holds;
mod hosting;
mod keyword;
mod operations;
mod order_reads;
mod orders;
mod outage;
mod redirects;
mod refusals;
mod reviews;
mod search;
mod sign_out;
mod signup_grant;
mod spaces;
mod stalls;
mod text;
mod uploads;
mod users;
