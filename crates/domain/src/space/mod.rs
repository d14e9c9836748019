//! Spaces: what hosts list and guests book.

pub mod error;
pub mod input;
pub mod model;
pub mod ports;
pub mod service;
pub mod view;

pub use error::SpaceError;
pub use input::{OptionInput, SpaceInput};
pub use model::{BookingMode, GuestLimits, HourlyRate, OpenPeriod, PriceOption, SpaceDraft};
pub use ports::{NewImage, SpaceQuery, SpaceRepository};
pub use service::SpaceService;
pub use view::{SpaceDetail, SpaceSummary};
