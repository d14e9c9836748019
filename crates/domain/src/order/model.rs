//! The order entity.

use super::booker::BookerContact;
use super::refund::RefundPolicy;
use super::status::OrderStatus;
use crate::shared::{HourRange, OrderId, PriceOptionId, SpaceId, UserId, Won};
use chrono::{DateTime, Days, NaiveDate, NaiveDateTime, NaiveTime, Utc};
use serde::Serialize;

/// What was booked: a package, or an hour range at the hourly rate.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct BookedTime {
    /// The booked date (business time zone).
    pub date: NaiveDate,
    /// The package booked, if it is a package booking.
    pub option_id: Option<PriceOptionId>,
    /// The hours held, from midnight of `date` (may run into the next day).
    pub hours: HourRange,
}

impl BookedTime {
    /// The local date-time the booking starts at.
    #[must_use]
    pub fn starts_at(self) -> NaiveDateTime {
        self.at_hour(self.hours.start())
    }

    /// The local date-time the booking ends at (possibly the next day).
    #[must_use]
    pub fn ends_at(self) -> NaiveDateTime {
        self.at_hour(self.hours.end())
    }

    fn at_hour(self, hour: u8) -> NaiveDateTime {
        // Saturating at the calendar's end: dates come through `BookingHorizon` first.
        let date = self
            .date
            .checked_add_days(Days::new(u64::from(hour / 24)))
            .unwrap_or(NaiveDate::MAX);
        date.and_time(NaiveTime::MIN)
            .checked_add_signed(chrono::Duration::hours(i64::from(hour % 24)))
            .unwrap_or(NaiveDateTime::MAX)
    }

    /// True once the booked range has ended at local time `now`.
    #[must_use]
    pub fn has_ended(self, now: NaiveDateTime) -> bool {
        now >= self.ends_at()
    }
}

/// A booking of a space by a guest.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct Order {
    /// The order's id.
    pub id: OrderId,
    /// The space booked.
    pub space_id: SpaceId,
    /// The guest who booked.
    pub guest_id: UserId,
    /// The date and hours booked.
    pub time: BookedTime,
    /// Head count.
    pub guests: u16,
    /// Contact details of the person booking.
    pub booker: BookerContact,
    /// The price in won.
    pub price: Won,
    /// The stored status (a waiting order whose time ran out still reads as waiting here).
    pub status: OrderStatus,
    /// While it waits for the host or for payment.
    pub expires_at: Option<DateTime<Utc>>,
    /// Copied when paid.
    pub refund_policy: Option<RefundPolicy>,
    /// When it was placed.
    pub created_at: DateTime<Utc>,
}

impl Order {
    /// The status as readers should see it: a waiting order whose time ran out is expired.
    #[must_use]
    pub fn effective_status(&self, now: DateTime<Utc>) -> OrderStatus {
        match self.expires_at {
            Some(at) if self.status.is_waiting() && at <= now => OrderStatus::Expired,
            _ => self.status,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_night_package_ends_the_next_morning() {
        let time = BookedTime {
            date: "2026-12-24".parse().unwrap(),
            option_id: None,
            hours: HourRange::new(22, 32).unwrap(),
        };
        assert_eq!(time.ends_at().to_string(), "2026-12-25 08:00:00");
        assert!(!time.has_ended("2026-12-25T07:59:59".parse().unwrap()));
        assert!(time.has_ended("2026-12-25T08:00:00".parse().unwrap()));
    }
}
