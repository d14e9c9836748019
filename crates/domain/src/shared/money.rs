//! Money: a whole number of Korean won.

use serde::{Deserialize, Serialize};
use std::fmt;

/// An amount in won. Never negative.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize, Deserialize)]
#[serde(transparent)]
pub struct Won(i64);

/// Why an amount is not valid money.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum MoneyError {
    /// Below zero.
    #[error("must not be negative")]
    Negative,
    #[error("must be between {min} and {max} won")]
    /// Outside the allowed range.
    OutOfRange {
        /// The least allowed.
        min: i64,
        /// The most allowed.
        max: i64,
    },
}

impl Won {
    /// No money.
    pub const ZERO: Won = Won(0);

    /// # Errors
    /// [`MoneyError::Negative`] for a negative amount.
    pub fn new(amount: i64) -> Result<Self, MoneyError> {
        if amount < 0 {
            Err(MoneyError::Negative)
        } else {
            Ok(Self(amount))
        }
    }

    /// A price: an amount within `[min, max]`.
    ///
    /// # Errors
    /// [`MoneyError::OutOfRange`] outside the range.
    pub fn price_between(amount: i64, min: i64, max: i64) -> Result<Self, MoneyError> {
        if (min..=max).contains(&amount) {
            Ok(Self(amount))
        } else {
            Err(MoneyError::OutOfRange { min, max })
        }
    }

    /// The amount in won.
    #[must_use]
    pub fn get(self) -> i64 {
        self.0
    }

    /// `numerator / denominator` of this amount, rounded down to whole won.
    #[must_use]
    pub fn fraction_floor(self, numerator: i64, denominator: i64) -> Won {
        Won(self.0.saturating_mul(numerator) / denominator.max(1))
    }

    /// The amount times `factor`, or `None` when it overflows.
    #[must_use]
    pub fn checked_mul(self, factor: i64) -> Option<Won> {
        self.0.checked_mul(factor).filter(|v| *v >= 0).map(Won)
    }
}

impl fmt::Display for Won {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(f, "{}원", self.0)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn negative_amounts_are_refused() {
        assert_eq!(Won::new(-1), Err(MoneyError::Negative));
        assert_eq!(Won::new(0).unwrap(), Won::ZERO);
    }

    #[test]
    fn a_price_must_lie_in_its_range() {
        assert!(Won::price_between(0, 1, 100).is_err());
        assert!(Won::price_between(101, 1, 100).is_err());
        assert_eq!(Won::price_between(100, 1, 100).unwrap().get(), 100);
    }

    #[test]
    fn amounts_are_shown_in_won() {
        assert_eq!(Won::new(15_000).unwrap().to_string(), "15000원");
    }

    #[test]
    fn fractions_round_down_to_whole_won() {
        assert_eq!(Won::new(33_333).unwrap().fraction_floor(1, 2).get(), 16_666);
    }
}
