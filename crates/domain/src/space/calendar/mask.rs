//! A set of hours of one date, as the calendar stores and tests them.

use crate::shared::HourRange;

/// A set of hours 0–47 counted from midnight of one date.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Hash)]
pub struct HourMask(u64);

/// Every hour a mask can hold: 48 bits.
const ALL_HOURS: u64 = (1 << 48) - 1;

impl HourMask {
    /// No hour.
    pub const EMPTY: HourMask = HourMask(0);

    /// The hours of `range`.
    #[must_use]
    pub fn of_range(range: HourRange) -> Self {
        Self::span(range.start(), range.end())
    }

    /// Hours `start..end` (clamped to 0–48).
    pub(crate) fn span(start: u8, end: u8) -> Self {
        let (start, end) = (u64::from(start.min(48)), u64::from(end.min(48)));
        if start >= end {
            return Self::EMPTY;
        }
        HourMask(((1 << (end - start)) - 1) << start)
    }

    /// The given hours; hours past 47 are left out.
    #[must_use]
    pub fn of_hours(hours: impl IntoIterator<Item = u8>) -> Self {
        hours
            .into_iter()
            .filter(|h| *h < 48)
            .fold(Self::EMPTY, |m, h| HourMask(m.0 | 1 << h))
    }

    /// The mask stored as `bits`; bits past hour 47 are dropped.
    #[must_use]
    pub fn from_bits(bits: u64) -> Self {
        HourMask(bits & ALL_HOURS)
    }

    /// The stored form: bit `h` set for hour `h`.
    #[must_use]
    pub fn bits(self) -> u64 {
        self.0
    }

    /// The stored form as a signed integer, as SQL columns hold it (never negative).
    #[must_use]
    pub fn as_i64(self) -> i64 {
        // 48 bits always fit.
        self.0 as i64
    }

    /// True when no hour is set.
    #[must_use]
    pub fn is_empty(self) -> bool {
        self.0 == 0
    }

    /// Whether the mask holds `hour` (never an hour past 47: those bits are always clear).
    #[must_use]
    pub fn contains(self, hour: u8) -> bool {
        self.0
            .checked_shr(u32::from(hour))
            .is_some_and(|bits| bits & 1 == 1)
    }

    /// The hours in either mask.
    #[must_use]
    pub fn union(self, other: HourMask) -> HourMask {
        HourMask(self.0 | other.0)
    }

    /// The hours in `self` but not in `other`.
    #[must_use]
    pub fn minus(self, other: HourMask) -> HourMask {
        HourMask(self.0 & !other.0)
    }

    /// True when the masks share an hour.
    #[must_use]
    pub fn overlaps(self, other: HourMask) -> bool {
        self.0 & other.0 != 0
    }

    /// The hours this mask holds, ascending.
    pub fn hours(self) -> impl Iterator<Item = u8> {
        (0..48u8).filter(move |h| self.contains(*h))
    }

    /// The same hours seen from the next date's midnight (hours 24–47 become 0–23).
    pub(crate) fn seen_from_next_day(self) -> HourMask {
        HourMask(self.0 >> 24)
    }

    /// The first day's hours seen from the previous date's midnight (0–23 become 24–47).
    pub(crate) fn seen_from_previous_day(self) -> HourMask {
        HourMask((self.0 & ((1 << 24) - 1)) << 24)
    }
}
