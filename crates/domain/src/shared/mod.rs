//! Building blocks every area shares: ids, money, hours, paging, validation errors, the clock.

pub mod bounds;
pub mod clock;
pub mod error;
pub mod geo;
pub mod horizon;
pub mod hours;
pub mod ids;
pub mod money;
pub mod paging;
pub mod text;
pub mod versioned;

pub use clock::Clock;
pub use error::{BoxError, FieldError, ValidationErrors};
pub use geo::Coordinates;
pub use horizon::BookingHorizon;
pub use hours::{HourRange, Slot};
pub use ids::*;
pub use money::Won;
pub use paging::{Page, Paged};
pub use text::TextRule;
pub use versioned::VersionedCache;
