//! The system clock, reading local time in the business time zone.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use ourspace_domain::shared::Clock;

/// The real clock.
#[derive(Debug, Clone, Copy)]
pub struct SystemClock {
    zone: Tz,
}

impl SystemClock {
    #[must_use]
    pub fn new(zone: Tz) -> Self {
        Self { zone }
    }
}

impl Clock for SystemClock {
    fn now(&self) -> DateTime<Utc> {
        Utc::now()
    }

    fn local_now(&self) -> NaiveDateTime {
        Utc::now().with_timezone(&self.zone).naive_local()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn seoul_is_nine_hours_ahead_of_utc() {
        let clock = SystemClock::new(chrono_tz::Asia::Seoul);
        let diff = clock.local_now() - clock.now().naive_utc();
        assert!((diff.num_minutes() - 540).abs() <= 1, "{diff}");
    }
}
