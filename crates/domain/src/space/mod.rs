//! Spaces: what hosts list and guests book.

pub mod error;
pub mod input;
pub mod model;
pub mod patch;
pub mod ports;
pub mod service;
#[cfg(test)]
mod tests;
pub mod view;

pub use error::SpaceError;
pub use input::{OptionInput, SpaceInput};
pub use model::{BookingMode, GuestLimits, HourlyRate, OpenPeriod, PriceOption, SpaceDraft};
pub use patch::SpacePatch;
pub use ports::{NewImage, SpaceQuery, SpaceRepository};
pub use service::SpaceService;
pub use view::{SpaceDetail, SpaceSummary};
