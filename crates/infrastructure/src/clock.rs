//! Clocks reading local time in the business time zone: the system's, and one tests move.

use chrono::{DateTime, NaiveDateTime, Utc};
use chrono_tz::Tz;
use ourspace_domain::shared::Clock;
#[cfg(any(test, feature = "testing"))]
use std::sync::{Arc, Mutex, PoisonError};

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

    /// The system clock shared as a port, for an adapter that stamps times until the server
    /// hands it its own clock.
    #[must_use]
    pub fn shared_utc() -> std::sync::Arc<dyn Clock> {
        std::sync::Arc::new(Self::new(Tz::UTC))
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

/// A clock that stands still until it is moved: tests drive time through it instead of
/// sleeping. Clones share one time. Only with the `testing` feature.
#[cfg(any(test, feature = "testing"))]
#[derive(Debug, Clone)]
pub struct ManualClock {
    zone: Tz,
    now: Arc<Mutex<DateTime<Utc>>>,
}

#[cfg(any(test, feature = "testing"))]
impl ManualClock {
    #[must_use]
    pub fn new(zone: Tz, now: DateTime<Utc>) -> Self {
        Self {
            zone,
            now: Arc::new(Mutex::new(now)),
        }
    }

    /// Moves the clock to `now`.
    pub fn set(&self, now: DateTime<Utc>) {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner) = now;
    }

    /// Moves the clock on by `by`.
    pub fn advance(&self, by: chrono::Duration) {
        let mut now = self.now.lock().unwrap_or_else(PoisonError::into_inner);
        *now += by;
    }
}

#[cfg(any(test, feature = "testing"))]
impl Clock for ManualClock {
    fn now(&self) -> DateTime<Utc> {
        *self.now.lock().unwrap_or_else(PoisonError::into_inner)
    }

    fn local_now(&self) -> NaiveDateTime {
        self.now().with_timezone(&self.zone).naive_local()
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use chrono::Duration;

    #[test]
    fn seoul_is_nine_hours_ahead_of_utc() {
        let clock = SystemClock::new(chrono_tz::Asia::Seoul);
        let diff = clock.local_now() - clock.now().naive_utc();
        assert!((diff.num_minutes() - 540).abs() <= 1, "{diff}");
    }

    #[test]
    fn a_manual_clock_moves_only_when_told_and_its_clones_follow() {
        let start: DateTime<Utc> = "2026-12-10T14:59:00Z".parse().unwrap();
        let clock = ManualClock::new(chrono_tz::Asia::Seoul, start);
        let shared = clock.clone();
        assert_eq!(clock.today().to_string(), "2026-12-10");
        shared.advance(Duration::minutes(1));
        assert_eq!(clock.now(), start + Duration::minutes(1));
        assert_eq!(clock.today().to_string(), "2026-12-11");
    }
}
