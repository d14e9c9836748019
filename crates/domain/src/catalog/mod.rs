//! The catalog: categories, districts and facilities that spaces are filed under.

pub mod model;
pub mod ports;
pub mod service;

pub use model::{Category, District, Facility};
pub use ports::CatalogRepository;
pub use service::CatalogService;
