//! Value objects of a space and the validated draft a space is written from.

use crate::shared::{CategoryId, Coordinates, DistrictId, FacilityId, HourRange, TextRule, Won};
use chrono::NaiveDate;
use serde::{Deserialize, Serialize};
use std::str::FromStr;

/// The most guests a space may take.
pub const MAX_GUESTS: i64 = 500;
/// The most packages a space may have.
pub const MAX_OPTIONS: usize = 10;
/// The lowest price, in won.
pub const MIN_PRICE_WON: i64 = 1;
/// The highest price, in won.
pub const MAX_PRICE_WON: i64 = 100_000_000;

/// How a booking of the space is settled.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(rename_all = "snake_case")]
pub enum BookingMode {
    /// The order waits only for payment.
    Instant,
    /// The host accepts or rejects the order first.
    Approval,
}

impl BookingMode {
    /// The mode as the API and the database spell it.
    #[must_use]
    pub fn as_str(self) -> &'static str {
        match self {
            BookingMode::Instant => "instant",
            BookingMode::Approval => "approval",
        }
    }
}

impl FromStr for BookingMode {
    type Err = String;

    fn from_str(s: &str) -> Result<Self, Self::Err> {
        match s {
            "instant" => Ok(BookingMode::Instant),
            "approval" => Ok(BookingMode::Approval),
            _ => Err("must be `instant` or `approval`".to_owned()),
        }
    }
}

/// How many guests a space takes: `1 ≤ min ≤ max ≤ 500`.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct GuestLimits {
    min: u16,
    max: u16,
}

/// Why guest limits are not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum GuestLimitsError {
    /// A limit is outside 1–500.
    #[error("must be between 1 and {MAX_GUESTS}")]
    OutOfRange,
    /// The maximum is below the minimum.
    #[error("must not be below min_guests")]
    MaxBelowMin,
}

impl GuestLimits {
    /// # Errors
    /// [`GuestLimitsError`] naming the broken rule.
    pub fn new(min: i64, max: i64) -> Result<Self, GuestLimitsError> {
        if !(1..=MAX_GUESTS).contains(&min) || !(1..=MAX_GUESTS).contains(&max) {
            return Err(GuestLimitsError::OutOfRange);
        }
        if max < min {
            return Err(GuestLimitsError::MaxBelowMin);
        }
        // Both ≤ 500: they fit.
        Ok(Self {
            min: min as u16,
            max: max as u16,
        })
    }

    /// The fewest guests.
    #[must_use]
    pub fn min(self) -> u16 {
        self.min
    }

    /// The most guests.
    #[must_use]
    pub fn max(self) -> u16 {
        self.max
    }

    /// True when `guests` is within the limits.
    #[must_use]
    pub fn admits(self, guests: u16) -> bool {
        (self.min..=self.max).contains(&guests)
    }
}

/// The dates a space can be booked on; either end may be open.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Default, Serialize)]
pub struct OpenPeriod {
    from: Option<NaiveDate>,
    until: Option<NaiveDate>,
}

/// Why an open period is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OpenPeriodError {
    /// The last date is before the first.
    #[error("must not be before open_from")]
    UntilBeforeFrom,
}

impl OpenPeriod {
    /// # Errors
    /// [`OpenPeriodError::UntilBeforeFrom`] when the period ends before it starts.
    pub fn new(from: Option<NaiveDate>, until: Option<NaiveDate>) -> Result<Self, OpenPeriodError> {
        match (from, until) {
            (Some(f), Some(u)) if u < f => Err(OpenPeriodError::UntilBeforeFrom),
            _ => Ok(Self { from, until }),
        }
    }

    /// The first bookable date, if any.
    #[must_use]
    pub fn from(self) -> Option<NaiveDate> {
        self.from
    }

    /// The last bookable date, if any.
    #[must_use]
    pub fn until(self) -> Option<NaiveDate> {
        self.until
    }

    /// True when `date` lies in the period.
    #[must_use]
    pub fn contains(self, date: NaiveDate) -> bool {
        self.from.is_none_or(|f| f <= date) && self.until.is_none_or(|u| date <= u)
    }
}

/// A price per hour with a minimum number of hours per booking.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize)]
pub struct HourlyRate {
    /// Won per hour.
    pub price: Won,
    /// The fewest hours a booking may have (1–24).
    pub min_hours: u8,
}

/// Why an hourly rate is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum HourlyRateError {
    /// The minimum is not 1–24 hours.
    #[error("must be between 1 and 24 hours")]
    MinHours,
}

impl HourlyRate {
    /// # Errors
    /// [`HourlyRateError::MinHours`] when the minimum is not 1–24 hours.
    pub fn new(price: Won, min_hours: i64) -> Result<Self, HourlyRateError> {
        if !(1..=24).contains(&min_hours) {
            return Err(HourlyRateError::MinHours);
        }
        Ok(Self {
            price,
            min_hours: min_hours as u8,
        })
    }
}

/// A package: a named hour range at a fixed price.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct PriceOption {
    /// The package's name (1–30 characters).
    pub name: String,
    /// Its hours, from midnight of the booked date.
    pub hours: HourRange,
    /// Its price.
    pub price: Won,
}

/// Why a package name is not valid.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
pub enum OptionNameError {
    /// Too short, too long, or a forbidden character (see `TextRule`).
    #[error("{0}")]
    Text(String),
}

impl PriceOption {
    /// # Errors
    /// The broken rule of the name, hours or price (see [`PriceOption::parse_name`]).
    pub fn new(name: &str, hours: HourRange, price: Won) -> Result<Self, OptionNameError> {
        Ok(Self {
            name: Self::parse_name(name)?,
            hours,
            price,
        })
    }

    /// A package name: 1–30 characters after trimming.
    ///
    /// # Errors
    /// [`OptionNameError::Text`] otherwise.
    pub fn parse_name(name: &str) -> Result<String, OptionNameError> {
        TextRule::line(1, 30)
            .check(name)
            .map_err(OptionNameError::Text)
    }
}

/// Everything needed to write a space, every rule already checked.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpaceDraft {
    /// An existing category.
    pub category_id: CategoryId,
    /// An existing district.
    pub district_id: DistrictId,
    /// 1–100 characters.
    pub title: String,
    /// Up to 200 characters.
    pub subtitle: String,
    /// Up to 5,000 characters.
    pub description: String,
    /// 1–200 characters.
    pub address: String,
    /// Where it is.
    pub coordinates: Coordinates,
    /// How many guests it takes.
    pub guests: GuestLimits,
    /// Its amenities, each once.
    pub facility_ids: Vec<FacilityId>,
    /// Instant or approval.
    pub booking_mode: BookingMode,
    /// The dates it may be booked on.
    pub open_period: OpenPeriod,
    /// Its packages.
    pub options: Vec<PriceOption>,
    /// Its hourly rate, if it is rented by the hour.
    pub hourly_rate: Option<HourlyRate>,
}

impl SpaceDraft {
    /// The lowest price a guest can pay: the cheapest package or the hourly rate.
    #[must_use]
    pub fn min_price(&self) -> Won {
        self.options
            .iter()
            .map(|o| o.price)
            .chain(self.hourly_rate.map(|r| r.price))
            .min()
            // parse() guarantees at least one package or an hourly rate.
            .unwrap_or(Won::ZERO)
    }
}

#[cfg(test)]
mod tests {
    use super::{GuestLimits, OpenPeriod};

    #[test]
    fn guest_limits_admit_exactly_their_range() {
        let limits = GuestLimits::new(2, 6).unwrap();
        assert_eq!((limits.min(), limits.max()), (2, 6));
        assert!(!limits.admits(1));
        assert!(limits.admits(2) && limits.admits(6));
        assert!(!limits.admits(7));
    }

    #[test]
    fn an_open_period_keeps_both_ends_and_contains_the_days_between() {
        let (from, until) = ("2026-12-01".parse().unwrap(), "2026-12-31".parse().unwrap());
        let period = OpenPeriod::new(Some(from), Some(until)).unwrap();
        assert_eq!((period.from(), period.until()), (Some(from), Some(until)));
        assert!(period.contains(from) && period.contains(until));
        assert!(!period.contains(until.succ_opt().unwrap()));
        assert!(!period.contains(from.pred_opt().unwrap()));
    }
}
