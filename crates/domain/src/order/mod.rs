//! Orders: bookings of a space on a date, their status flow and refunds.

pub mod booker;
pub mod model;
pub mod refund;
pub mod status;

pub use booker::BookerContact;
pub use model::{BookedTime, Order};
pub use refund::RefundPolicy;
pub use status::{InvalidTransition, OrderAction, OrderStatus};
