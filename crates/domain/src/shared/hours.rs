//! Whole-hour ranges counted from midnight of a booked date, and the calendar slots they occupy.

use chrono::{Days, NaiveDate};
use serde::{Deserialize, Serialize};

/// The latest hour a range may end at: 08:00 of the next day is hour 32, midnight two days on is 48.
pub const MAX_END_HOUR: u8 = 48;
/// The longest a single range may last.
pub const MAX_LENGTH_HOURS: u8 = 24;

/// A half-open range of hours `[start, end)` from midnight of a booked date.
///
/// `0 ≤ start < end ≤ 48` and `end - start ≤ 24`: a night package 22–32 runs to 08:00 the
/// next morning.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
pub struct HourRange {
    start: u8,
    end: u8,
}

/// Why an hour range is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HourRangeError {
    /// The start is not 0–47.
    #[error("the start hour must be between 0 and 47")]
    StartOutOfRange,
    /// The end is not 1–48.
    #[error("the end hour must be between 1 and 48")]
    EndOutOfRange,
    /// The end is not after the start.
    #[error("the end hour must come after the start hour")]
    EndNotAfterStart,
    /// Longer than 24 hours.
    #[error("a range may last at most 24 hours")]
    TooLong,
}

/// One bookable hour of one calendar date: the unit the slot table stores.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, PartialOrd, Ord)]
pub struct Slot {
    /// The calendar date.
    pub date: NaiveDate,
    /// 0–23.
    pub hour: u8,
}

impl HourRange {
    /// Hours `start..end` from midnight of the booked date: a range may run past midnight
    /// (up to hour 48) but lasts at most 24 hours.
    ///
    /// ```
    /// use ourspace_domain::shared::HourRange;
    /// use ourspace_domain::shared::hours::HourRangeError;
    ///
    /// let night = HourRange::new(22, 30).unwrap(); // 22:00 to 06:00 the next morning
    /// assert_eq!(night.len(), 8);
    /// assert!(!night.overlaps(HourRange::new(5, 7).unwrap()));
    /// assert!(night.overlaps(HourRange::new(29, 31).unwrap()));
    /// assert_eq!(HourRange::new(18, 18), Err(HourRangeError::EndNotAfterStart));
    /// assert_eq!(HourRange::new(0, 25), Err(HourRangeError::TooLong));
    /// assert_eq!(HourRange::new(9, 49), Err(HourRangeError::EndOutOfRange));
    /// ```
    ///
    /// # Errors
    /// An [`HourRangeError`] naming the broken rule.
    pub fn new(start: i64, end: i64) -> Result<Self, HourRangeError> {
        if !(0..i64::from(MAX_END_HOUR)).contains(&start) {
            return Err(HourRangeError::StartOutOfRange);
        }
        if !(1..=i64::from(MAX_END_HOUR)).contains(&end) {
            return Err(HourRangeError::EndOutOfRange);
        }
        if end <= start {
            return Err(HourRangeError::EndNotAfterStart);
        }
        if end - start > i64::from(MAX_LENGTH_HOURS) {
            return Err(HourRangeError::TooLong);
        }
        // Both fit in u8: checked above.
        Ok(Self {
            start: start as u8,
            end: end as u8,
        })
    }

    /// The first hour, from midnight of the booked date.
    #[must_use]
    pub fn start(self) -> u8 {
        self.start
    }

    /// The hour after the last (exclusive).
    #[must_use]
    pub fn end(self) -> u8 {
        self.end
    }

    /// The number of hours.
    #[must_use]
    pub fn len(self) -> u8 {
        self.end - self.start
    }

    /// Always false: a valid range lasts at least an hour.
    #[must_use]
    pub fn is_empty(self) -> bool {
        false
    }

    /// True when the two ranges share an hour.
    #[must_use]
    pub fn overlaps(self, other: HourRange) -> bool {
        self.start < other.end && other.start < self.end
    }

    /// The calendar slots this range occupies when booked on `date`; hours past 24 fall on
    /// the following dates.
    #[must_use]
    pub fn slots(self, date: NaiveDate) -> Vec<Slot> {
        (self.start..self.end)
            .map(|h| Slot {
                date: date
                    .checked_add_days(Days::new(u64::from(h / 24)))
                    .unwrap_or(NaiveDate::MAX),
                hour: h % 24,
            })
            .collect()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn date(s: &str) -> NaiveDate {
        s.parse().unwrap()
    }

    #[test]
    fn ranges_that_only_touch_do_not_overlap() {
        let (morning, afternoon) = (
            HourRange::new(9, 12).unwrap(),
            HourRange::new(12, 15).unwrap(),
        );
        assert!(!morning.overlaps(afternoon) && !afternoon.overlaps(morning));
        let noon = HourRange::new(11, 13).unwrap();
        assert!(noon.overlaps(morning) && noon.overlaps(afternoon));
        assert!(morning.overlaps(morning));
    }

    #[test]
    fn a_valid_range_is_never_empty() {
        let range = HourRange::new(9, 10).unwrap();
        assert_eq!(range.len(), 1);
        assert!(!range.is_empty());
    }

    #[test]
    fn a_range_must_start_before_it_ends() {
        assert_eq!(HourRange::new(9, 9), Err(HourRangeError::EndNotAfterStart));
        assert_eq!(HourRange::new(18, 9), Err(HourRangeError::EndNotAfterStart));
    }

    #[test]
    fn a_range_stays_within_two_days_and_lasts_at_most_a_day() {
        assert_eq!(HourRange::new(-1, 3), Err(HourRangeError::StartOutOfRange));
        assert_eq!(HourRange::new(48, 49), Err(HourRangeError::StartOutOfRange));
        assert_eq!(HourRange::new(30, 49), Err(HourRangeError::EndOutOfRange));
        assert_eq!(HourRange::new(0, 25), Err(HourRangeError::TooLong));
        assert!(HourRange::new(0, 24).is_ok());
        assert!(HourRange::new(24, 48).is_ok());
    }

    #[test]
    fn day_and_night_do_not_overlap_but_all_overlaps_both() {
        let day = HourRange::new(9, 18).unwrap();
        let night = HourRange::new(18, 24).unwrap();
        let all = HourRange::new(9, 24).unwrap();
        assert!(!day.overlaps(night));
        assert!(all.overlaps(day));
        assert!(all.overlaps(night));
    }

    #[test]
    fn hours_past_midnight_occupy_the_next_date() {
        let night = HourRange::new(22, 26).unwrap();
        let slots = night.slots(date("2026-12-31"));
        let expected = [
            ("2026-12-31", 22),
            ("2026-12-31", 23),
            ("2027-01-01", 0),
            ("2027-01-01", 1),
        ];
        assert_eq!(slots.len(), expected.len());
        for (slot, (d, h)) in slots.iter().zip(expected) {
            assert_eq!(slot.date, date(d));
            assert_eq!(slot.hour, h);
        }
        assert_eq!(night.len(), 4);
    }
}
