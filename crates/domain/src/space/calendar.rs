//! A space's calendar as search reads it: for each date, the hours (0–47 from that date's
//! midnight, so a night package's morning counts) held by confirmed and by waiting orders,
//! and whether anything is still left to book. Storage keeps one [`DayHolds`] per space and
//! date that has a held hour, written with every change to the order's slots; search then
//! excludes the few spaces a date or hour range conflicts with instead of testing every
//! candidate against the slots.

use super::model::SpaceDraft;
use super::view::SpaceDetail;
use crate::order::OrderStatus;
use crate::shared::HourRange;
use chrono::{DateTime, Days, NaiveDate, Utc};

mod mask;
pub use mask::HourMask;

/// What a space sells for a day: its packages and, with an hourly rate, any block of its
/// minimum length starting that day.
#[derive(Debug, Clone, PartialEq, Eq, Default)]
pub struct Offers {
    packages: Vec<HourRange>,
    min_hours: Option<u8>,
}

impl Offers {
    /// `min_hours` is the hourly rate's minimum block (`None` without an hourly rate).
    #[must_use]
    pub fn new(packages: Vec<HourRange>, min_hours: Option<u8>) -> Self {
        Self {
            packages,
            min_hours,
        }
    }

    /// Whether every hour of `package` is free when `held` are taken.
    #[must_use]
    pub fn package_free(package: HourRange, held: HourMask) -> bool {
        !HourMask::of_range(package).overlaps(held)
    }

    /// Whether a block of the minimum length, starting on the day (0–23), fits between the
    /// `held` hours.
    #[must_use]
    pub fn hourly_free(&self, held: HourMask) -> bool {
        self.min_hours.is_some_and(|len| {
            (0..24u8).any(|start| !HourMask::span(start, start + len).overlaps(held))
        })
    }

    /// Whether anything can still be booked on a day whose `held` hours are taken.
    #[must_use]
    pub fn bookable(&self, held: HourMask) -> bool {
        self.packages.iter().any(|p| Self::package_free(*p, held)) || self.hourly_free(held)
    }
}

impl SpaceDetail {
    /// What the space sells for a day: its packages and its minimum hourly block.
    #[must_use]
    pub fn offers(&self) -> Offers {
        let packages = self.options.iter().map(|o| o.hours).collect();
        Offers::new(packages, self.hourly_rate.map(|r| r.min_hours))
    }
}

impl SpaceDraft {
    /// What the space will sell for a day once written.
    #[must_use]
    pub fn offers(&self) -> Offers {
        let packages = self.options.iter().map(|o| o.hours).collect();
        Offers::new(packages, self.hourly_rate.map(|r| r.min_hours))
    }
}

/// The hours one date's calendar row holds, and until when its waiting holds last.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default)]
pub struct DayHolds {
    /// Held by paid orders.
    pub confirmed: HourMask,
    /// Held by orders waiting for the host or for payment.
    pub waiting: HourMask,
    /// The latest deadline among the waiting holds (none when nothing waits). A hold whose
    /// deadline passed stays in `waiting` until the order is expired, but once every
    /// waiting hold of the row has run out the row's waiting hours count as free.
    pub waiting_until: Option<DateTime<Utc>>,
}

/// Who holds hours: a paid order, or one waiting until its deadline.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Holder {
    /// A paid order: held for good.
    Confirmed,
    /// A waiting order: held until its deadline.
    Waiting {
        /// The deadline.
        until: DateTime<Utc>,
    },
}

impl Holder {
    /// The holder an order in `status` is, with its deadline; `None` for a status that
    /// holds nothing.
    #[must_use]
    pub fn of(status: OrderStatus, expires_at: Option<DateTime<Utc>>) -> Option<Holder> {
        match status {
            OrderStatus::Confirmed => Some(Holder::Confirmed),
            s if s.is_waiting() => Some(Holder::Waiting {
                until: expires_at.unwrap_or(DateTime::<Utc>::MIN_UTC),
            }),
            _ => None,
        }
    }

    /// Whether it still holds its hours at `now`: a paid order for good, a waiting one
    /// until its deadline.
    #[must_use]
    pub fn holds_at(self, now: DateTime<Utc>) -> bool {
        match self {
            Holder::Confirmed => true,
            Holder::Waiting { until } => until > now,
        }
    }
}

impl DayHolds {
    /// Nothing held: the row need not be stored.
    #[must_use]
    pub fn is_empty(&self) -> bool {
        self.confirmed.is_empty() && self.waiting.is_empty()
    }

    /// Adds `hours` held by `holder`.
    pub fn hold(&mut self, hours: HourMask, holder: Holder) {
        match holder {
            Holder::Confirmed => self.confirmed = self.confirmed.union(hours),
            Holder::Waiting { until } => {
                self.waiting = self.waiting.union(hours);
                self.waiting_until = Some(self.waiting_until.map_or(until, |u| u.max(until)));
            }
        }
    }

    /// Gives back `hours` held by `holder`.
    pub fn release(&mut self, hours: HourMask, holder: Holder) {
        match holder {
            Holder::Confirmed => self.confirmed = self.confirmed.minus(hours),
            Holder::Waiting { .. } => {
                self.waiting = self.waiting.minus(hours);
                if self.waiting.is_empty() {
                    self.waiting_until = None;
                }
            }
        }
    }

    /// The hours held at `now`: confirmed ones, and waiting ones while any waiting hold of
    /// the row lasts.
    #[must_use]
    pub fn held_at(&self, now: DateTime<Utc>) -> HourMask {
        if self.waiting_until.is_some_and(|u| u > now) {
            self.confirmed.union(self.waiting)
        } else {
            self.confirmed
        }
    }

    /// Nothing left to book once the confirmed hours are taken.
    #[must_use]
    pub fn closed_when_confirmed(&self, offers: &Offers) -> bool {
        !offers.bookable(self.confirmed)
    }

    /// Nothing left to book while the waiting hours are held too.
    #[must_use]
    pub fn closed_while_waiting(&self, offers: &Offers) -> bool {
        !offers.bookable(self.confirmed.union(self.waiting))
    }

    /// Whether a search on this row's date hides the space at `now`: for `hours` when
    /// given, one of them held; otherwise nothing left to book. Storage answers the same
    /// question from the stored masks and flags.
    #[must_use]
    pub fn hides(&self, offers: &Offers, hours: Option<HourRange>, now: DateTime<Utc>) -> bool {
        match hours {
            Some(range) => HourMask::of_range(range).overlaps(self.held_at(now)),
            None => !offers.bookable(self.held_at(now)),
        }
    }
}

/// The calendar rows hours `range` booked on `date` touch, each with those hours as seen
/// from that row's date: the day before (its hours 24–47 are `date`'s morning), `date`
/// itself, and the day after (for hours past midnight). Dates beyond the calendar's ends
/// are left out.
#[must_use]
pub fn touched_days(date: NaiveDate, range: HourRange) -> Vec<(NaiveDate, HourMask)> {
    let mask = HourMask::of_range(range);
    let around = [
        (
            date.checked_sub_days(Days::new(1)),
            mask.seen_from_previous_day(),
        ),
        (Some(date), mask),
        (
            date.checked_add_days(Days::new(1)),
            mask.seen_from_next_day(),
        ),
    ];
    around
        .into_iter()
        .filter_map(|(d, m)| Some((d?, m)).filter(|(_, m)| !m.is_empty()))
        .collect()
}

#[cfg(test)]
#[path = "calendar_tests.rs"]
mod tests;
