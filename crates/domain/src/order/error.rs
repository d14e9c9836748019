//! What can go wrong with orders.

use super::status::InvalidTransition;
use crate::shared::{BoxError, ValidationErrors};
use crate::space::InvalidParameter;

/// What can go wrong with placing, reading or moving an order.
#[derive(Debug, thiserror::Error)]
pub enum OrderError {
    /// No such order, or not one the caller is a party to (its existence is not revealed).
    #[error("the order does not exist")]
    NotFound,
    /// The caller is a party to the order but this action belongs to the other party.
    #[error("only the order's {0} may do this")]
    Forbidden(&'static str),
    /// The input broke these rules.
    #[error("invalid order: {0}")]
    Validation(#[from] ValidationErrors),
    /// A query parameter is not valid.
    #[error(transparent)]
    InvalidParameter(#[from] InvalidParameter),
    /// One of the hours is held by another order; nothing was written.
    #[error("one of the hours is already taken")]
    SlotTaken,
    /// The status flow does not allow the action.
    #[error(transparent)]
    InvalidTransition(#[from] InvalidTransition),
    /// A racing change moved the order first; it is now in this status.
    #[error("the order changed meanwhile; it is now {0:?}")]
    Superseded(super::status::OrderStatus),
    /// Cancelling a booking whose time has already ended.
    #[error("the booked time has already ended")]
    AlreadyEnded,
    /// The guest's points do not cover the price.
    #[error("the points balance does not cover the price")]
    InsufficientPoints,
    /// The guest has this many orders waiting already, the most allowed.
    #[error("{0} orders are waiting already; pay, or wait for the host, first")]
    TooManyWaiting(u32),
    /// A failure that is not the caller's fault.
    #[error("unexpected failure")]
    Unexpected(#[source] BoxError),
}
