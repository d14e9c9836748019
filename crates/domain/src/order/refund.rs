//! The refund policy copied onto an order when it is paid.

use crate::shared::Won;
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};

/// Full refund up to `full_days_before` days before the date, half up to
/// `half_days_before`, nothing after that.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct RefundPolicy {
    /// Cancelled at least this many days before the booked date: everything back.
    pub full_days_before: u32,
    /// Cancelled at least this many days before: half back.
    pub half_days_before: u32,
}

impl Default for RefundPolicy {
    fn default() -> Self {
        Self {
            full_days_before: 2,
            half_days_before: 1,
        }
    }
}

impl RefundPolicy {
    /// What the guest gets back when cancelling on `today` an order for `date`, in whole
    /// won rounded down.
    ///
    /// ```
    /// use ourspace_domain::order::RefundPolicy;
    /// use ourspace_domain::shared::Won;
    /// use chrono::NaiveDate;
    ///
    /// let policy = RefundPolicy::default(); // all back 2 days before, half 1 day before
    /// let price = Won::new(35_001).unwrap();
    /// let date: NaiveDate = "2027-03-10".parse().unwrap();
    /// let on = |today: &str| policy.refund(price, date, today.parse().unwrap()).get();
    /// assert_eq!(on("2027-03-08"), 35_001);
    /// assert_eq!(on("2027-03-09"), 17_500);
    /// assert_eq!(on("2027-03-10"), 0);
    /// ```
    #[must_use]
    pub fn refund(self, price: Won, date: NaiveDate, today: NaiveDate) -> Won {
        let days_before = (date - today).num_days();
        if days_before >= i64::from(self.full_days_before) {
            price
        } else if days_before >= i64::from(self.half_days_before) {
            price.fraction_floor(1, 2)
        } else {
            Won::ZERO
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn d(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn refunds_follow_the_policy_at_each_boundary() {
        let policy = RefundPolicy::default();
        let price = Won::new(33_333).unwrap();
        let date = d("2026-12-10");
        assert_eq!(policy.refund(price, date, d("2026-12-07")), price);
        assert_eq!(policy.refund(price, date, d("2026-12-08")), price);
        assert_eq!(policy.refund(price, date, d("2026-12-09")).get(), 16_666);
        assert_eq!(policy.refund(price, date, d("2026-12-10")), Won::ZERO);
        assert_eq!(policy.refund(price, date, d("2026-12-11")), Won::ZERO);
    }
}
