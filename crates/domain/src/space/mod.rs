//! Spaces: what hosts list and guests book.

pub mod availability;
pub mod calendar;
pub mod error;
#[cfg(test)]
pub(crate) mod fixtures;
pub mod index;
pub mod input;
pub mod model;
pub mod patch;
pub mod ports;
pub mod search;
pub mod service;
#[cfg(test)]
mod tests;
pub mod view;

pub use error::SpaceError;
pub use index::{IndexedSpace, SpaceIndex};
pub use input::{OptionInput, SpaceInput};
pub use model::{
    BookingMode, GuestLimits, HourlyRate, MAX_OPTIONS, OpenPeriod, PriceOption, SpaceDraft,
};
pub use patch::SpacePatch;
pub use ports::{Availability, Near, NewImage, SpaceQuery, SpaceRepository, SpaceSort};
pub use search::{InvalidParameter, SearchParams};
pub use service::{IMAGE_FOLDER, MAX_IMAGES, SpaceService};
pub use view::{SpaceDetail, SpaceSummary};
