//! The order status flow: one enum and the single function that moves it.

use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// Where an order stands.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum OrderStatus {
    /// Waiting for the host's answer (approval-mode spaces).
    Requested,
    /// Waiting for payment.
    Pending,
    /// Paid.
    Confirmed,
    /// Cancelled by the guest.
    Cancelled,
    /// Refused, or cancelled after payment, by the host.
    Rejected,
    /// Its waiting time ran out.
    Expired,
}

/// Something that happens to an order.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum OrderAction {
    /// The host accepts a request.
    Approve,
    /// The host refuses a request.
    Reject,
    /// The guest pays.
    Pay,
    /// The guest cancels.
    Cancel,
    /// The host cancels a paid order (full refund).
    HostCancel,
    /// The waiting time ran out.
    Expire,
}

/// An action the current status does not allow.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
#[error("an order that is {from:?} cannot {action:?}")]
pub struct InvalidTransition {
    /// The order's status.
    pub from: OrderStatus,
    /// What was asked of it.
    pub action: OrderAction,
}

impl OrderStatus {
    /// Every status, in the order of the flow.
    pub const ALL: [OrderStatus; 6] = [
        Self::Requested,
        Self::Pending,
        Self::Confirmed,
        Self::Cancelled,
        Self::Rejected,
        Self::Expired,
    ];

    /// The status after `action`, or the error if the flow does not allow it.
    ///
    /// ```
    /// use ourspace_domain::order::{OrderAction, OrderStatus};
    ///
    /// // An approval space: the host accepts, the guest pays.
    /// let approved = OrderStatus::Requested.transition(OrderAction::Approve).unwrap();
    /// assert_eq!(approved, OrderStatus::Pending);
    /// assert_eq!(approved.transition(OrderAction::Pay), Ok(OrderStatus::Confirmed));
    /// // A paid order cannot expire, and a cancelled one cannot be paid.
    /// assert!(OrderStatus::Confirmed.transition(OrderAction::Expire).is_err());
    /// assert!(OrderStatus::Cancelled.transition(OrderAction::Pay).is_err());
    /// // The host cancelling a paid order rejects it (and refunds in full).
    /// let host_cancel = OrderStatus::Confirmed.transition(OrderAction::HostCancel);
    /// assert_eq!(host_cancel, Ok(OrderStatus::Rejected));
    /// ```
    ///
    /// # Errors
    /// [`InvalidTransition`] for any pair not in the flow.
    pub fn transition(self, action: OrderAction) -> Result<OrderStatus, InvalidTransition> {
        use OrderAction as A;
        use OrderStatus as S;
        match (self, action) {
            (S::Requested, A::Approve) => Ok(S::Pending),
            (S::Requested, A::Reject) | (S::Confirmed, A::HostCancel) => Ok(S::Rejected),
            (S::Pending, A::Pay) => Ok(S::Confirmed),
            (S::Requested | S::Pending | S::Confirmed, A::Cancel) => Ok(S::Cancelled),
            (S::Requested | S::Pending, A::Expire) => Ok(S::Expired),
            (from, action) => Err(InvalidTransition { from, action }),
        }
    }

    /// Waiting for someone (the host or the guest's payment) until `expires_at`.
    #[must_use]
    pub fn is_waiting(self) -> bool {
        matches!(self, Self::Requested | Self::Pending)
    }

    /// The statuses that wait, for storage that filters on them.
    pub fn all_waiting() -> impl Iterator<Item = OrderStatus> {
        Self::ALL.into_iter().filter(|s| s.is_waiting())
    }

    /// Holds its hours: waiting or paid.
    #[must_use]
    pub fn holds_slots(self) -> bool {
        matches!(self, Self::Requested | Self::Pending | Self::Confirmed)
    }

    /// The status as the API and the database spell it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Requested => "requested",
            Self::Pending => "pending",
            Self::Confirmed => "confirmed",
            Self::Cancelled => "cancelled",
            Self::Rejected => "rejected",
            Self::Expired => "expired",
        }
    }
}

impl FromStr for OrderStatus {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|st| st.as_str() == s)
            .ok_or_else(|| format!("unknown order status `{s}`"))
    }
}

#[cfg(test)]
mod tests {
    use super::{OrderAction as A, OrderStatus as S, *};

    const ACTIONS: [A; 6] = [
        A::Approve,
        A::Reject,
        A::Pay,
        A::Cancel,
        A::HostCancel,
        A::Expire,
    ];

    #[test]
    fn the_waiting_statuses_are_requested_and_pending() {
        let waiting: Vec<_> = OrderStatus::all_waiting().collect();
        assert_eq!(waiting, [OrderStatus::Requested, OrderStatus::Pending]);
    }

    #[test]
    fn the_transition_table_is_exactly_the_designed_flow() {
        let allowed = [
            (S::Requested, A::Approve, S::Pending),
            (S::Requested, A::Reject, S::Rejected),
            (S::Requested, A::Cancel, S::Cancelled),
            (S::Requested, A::Expire, S::Expired),
            (S::Pending, A::Pay, S::Confirmed),
            (S::Pending, A::Cancel, S::Cancelled),
            (S::Pending, A::Expire, S::Expired),
            (S::Confirmed, A::Cancel, S::Cancelled),
            (S::Confirmed, A::HostCancel, S::Rejected),
        ];
        for from in S::ALL {
            for action in ACTIONS {
                let expected = allowed
                    .iter()
                    .find(|(f, a, _)| *f == from && *a == action)
                    .map(|(_, _, to)| *to);
                match expected {
                    Some(to) => assert_eq!(from.transition(action), Ok(to)),
                    None => assert_eq!(
                        from.transition(action),
                        Err(InvalidTransition { from, action })
                    ),
                }
            }
        }
    }

    fn action_name(action: A) -> &'static str {
        match action {
            A::Approve => "approve",
            A::Reject => "reject",
            A::Pay => "pay",
            A::Cancel => "cancel",
            A::HostCancel => "host_cancel",
            A::Expire => "expire",
        }
    }

    #[test]
    fn the_documented_diagram_has_exactly_the_domains_transitions() {
        let doc = include_str!("../../../../docs/order-flow.md");
        let mut drawn: Vec<(String, String, String)> = doc
            .lines()
            .filter_map(|line| {
                let (arrow, label) = line.trim().split_once(" : ")?;
                let (from, to) = arrow.split_once(" --> ")?;
                (from != "[*]" && to != "[*]")
                    .then(|| (from.to_owned(), label.to_owned(), to.to_owned()))
            })
            .collect();
        let mut allowed: Vec<(String, String, String)> = S::ALL
            .iter()
            .flat_map(|from| ACTIONS.iter().map(move |action| (*from, *action)))
            .filter_map(|(from, action)| {
                let to = from.transition(action).ok()?;
                Some((
                    from.as_str().to_owned(),
                    action_name(action).to_owned(),
                    to.as_str().to_owned(),
                ))
            })
            .collect();
        drawn.sort();
        allowed.sort();
        assert!(
            !drawn.is_empty(),
            "no transitions found in docs/order-flow.md"
        );
        assert_eq!(drawn, allowed);
    }

    #[test]
    fn statuses_round_trip_through_their_names() {
        for st in S::ALL {
            assert_eq!(st.as_str().parse::<S>(), Ok(st));
        }
        assert!("paid".parse::<S>().is_err());
    }
}
