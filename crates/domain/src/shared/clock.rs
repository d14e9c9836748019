//! The clock port: the current instant and today's date in the business time zone.

use chrono::{DateTime, NaiveDate, NaiveDateTime, Utc};

/// Where "now" comes from, so tests can move time instead of sleeping.
#[cfg_attr(any(test, feature = "mocks"), mockall::automock)]
pub trait Clock: Send + Sync {
    /// The current instant.
    fn now(&self) -> DateTime<Utc>;

    /// The current wall-clock time in the business time zone (`Asia/Seoul` by default).
    fn local_now(&self) -> NaiveDateTime;

    /// Today's date in the business time zone.
    fn today(&self) -> NaiveDate {
        self.local_now().date()
    }
}
