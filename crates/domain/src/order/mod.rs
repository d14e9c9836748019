//! Orders: bookings of a space on a date, their status flow, points and refunds.

pub mod booker;
pub mod error;
pub mod input;
pub mod model;
pub mod ports;
pub mod refund;
pub mod service;
pub mod status;
#[cfg(test)]
mod tests;
#[cfg(test)]
mod tests_edges;

pub use booker::BookerContact;
pub use error::OrderError;
pub use input::{BookerInput, OrderInput, Quote};
pub use model::{BookedTime, Order};
pub use ports::{
    ChangeOutcome, NewOrder, OrderFilter, OrderRepository, OrderSpace, OrderView, Placement,
    PlacementLimits, StatusChange, When,
};
pub use refund::RefundPolicy;
pub use service::{
    HostOrdersQuery, MyOrdersQuery, OrderReading, OrderRequest, OrderService, OrderSettings,
};
pub use status::{InvalidTransition, OrderAction, OrderStatus};
