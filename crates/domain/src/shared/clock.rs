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

#[cfg(test)]
mod tests {
    use super::Clock;
    use chrono::{DateTime, NaiveDateTime, Utc};

    struct LateEvening;

    impl Clock for LateEvening {
        fn now(&self) -> DateTime<Utc> {
            "2026-11-26T15:30:00Z".parse().unwrap()
        }
        fn local_now(&self) -> NaiveDateTime {
            "2026-11-27T00:30:00".parse().unwrap()
        }
    }

    #[test]
    fn today_is_the_local_date_not_the_utc_one() {
        assert_eq!(LateEvening.today(), "2026-11-27".parse().unwrap());
    }
}
