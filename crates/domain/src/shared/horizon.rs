//! How far ahead a date may be booked or searched: today through today plus the horizon.
//! Every date a client sends (a search's, an availability's, an order's) is checked here
//! first, so no date arithmetic downstream meets the calendar's ends.

use chrono::{Days, NaiveDate};

/// The booking horizon in days (1 to [`BookingHorizon::MAX_DAYS`]).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct BookingHorizon {
    days: u32,
}

impl Default for BookingHorizon {
    fn default() -> Self {
        Self {
            days: Self::DEFAULT_DAYS,
        }
    }
}

/// Why a date cannot be booked or searched.
#[derive(Debug, Clone, Copy, PartialEq, Eq, thiserror::Error)]
pub enum DateOutOfHorizon {
    /// Before today.
    #[error("must not be in the past")]
    Past,
    #[error("must be at most {days} days ahead (on or before {last})")]
    /// Past the horizon.
    TooFar {
        /// The horizon in days.
        days: u32,
        /// The last date that may be booked.
        last: NaiveDate,
    },
}

impl BookingHorizon {
    /// A year ahead, as marketplaces of this kind open their calendars.
    pub const DEFAULT_DAYS: u32 = 365;
    /// Ten years: the widest horizon that may be configured.
    pub const MAX_DAYS: u32 = 3650;

    /// # Errors
    /// A horizon of zero days or over [`Self::MAX_DAYS`].
    pub fn new(days: u32) -> Result<Self, String> {
        if (1..=Self::MAX_DAYS).contains(&days) {
            Ok(Self { days })
        } else {
            Err(format!("must be between 1 and {} days", Self::MAX_DAYS))
        }
    }

    /// How many days ahead may be booked.
    #[must_use]
    pub fn days(self) -> u32 {
        self.days
    }

    /// The last date that may be booked when it is `today`.
    #[must_use]
    pub fn last_day(self, today: NaiveDate) -> NaiveDate {
        today
            .checked_add_days(Days::new(u64::from(self.days)))
            .unwrap_or(NaiveDate::MAX)
    }

    /// Checks `date` against the horizon as of `today`.
    ///
    /// # Errors
    /// A date before today or past [`Self::last_day`].
    pub fn check(self, date: NaiveDate, today: NaiveDate) -> Result<(), DateOutOfHorizon> {
        let last = self.last_day(today);
        if date < today {
            Err(DateOutOfHorizon::Past)
        } else if date > last {
            Err(DateOutOfHorizon::TooFar {
                days: self.days,
                last,
            })
        } else {
            Ok(())
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
    fn today_through_the_last_day_is_inside() {
        let h = BookingHorizon::default();
        let today = d("2026-11-28");
        assert_eq!(h.last_day(today), d("2027-11-28"));
        assert_eq!(h.check(today, today), Ok(()));
        assert_eq!(h.check(d("2027-11-28"), today), Ok(()));
        assert_eq!(h.check(d("2026-11-27"), today), Err(DateOutOfHorizon::Past));
        assert!(matches!(
            h.check(d("2027-11-29"), today),
            Err(DateOutOfHorizon::TooFar { days: 365, .. })
        ));
        assert!(h.check(NaiveDate::MAX, today).is_err());
        assert!(h.check(NaiveDate::MIN, today).is_err());
    }

    #[test]
    fn the_horizon_is_at_least_a_day_and_at_most_ten_years() {
        assert!(BookingHorizon::new(0).is_err());
        assert!(BookingHorizon::new(3651).is_err());
        assert_eq!(BookingHorizon::new(30).unwrap().days(), 30);
        assert_eq!(
            BookingHorizon::new(1).unwrap().last_day(NaiveDate::MAX),
            NaiveDate::MAX,
            "no overflow at the calendar's end"
        );
    }
}
