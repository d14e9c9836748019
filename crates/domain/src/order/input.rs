//! An order as a guest sends it, and the one place it is checked against the space's rules.

use super::booker::BookerContact;
use super::model::BookedTime;
use crate::shared::{BookingHorizon, HourRange, PriceOptionId, UserId, ValidationErrors, Won};
use crate::space::SpaceDetail;
use chrono::{NaiveDate, NaiveDateTime};
use serde::Deserialize;

/// Unchecked order fields, named as the API names them. Required fields are `Option`s so a
/// missing one is reported like any other broken rule.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OrderInput {
    /// The space to book.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub space_id: Option<i64>,
    /// Today or later in the business time zone, inside the space's open period.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub date: Option<NaiveDate>,
    /// A package of the space …
    pub option_id: Option<i64>,
    /// … or an hour range at its hourly rate (hours from midnight of `date`, up to 48).
    pub start_hour: Option<i64>,
    /// The end of the hour range (exclusive).
    pub end_hour: Option<i64>,
    /// Head count, within the space's guest limits.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub guests: Option<i64>,
    /// Who books, as the host sees it.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    #[serde(default)]
    pub booker: BookerInput,
}

/// Unchecked contact details, as the host sees them.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct BookerInput {
    /// 1–50 characters.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub name: String,
    /// A Korean mobile number, e.g. `010-1234-5678`.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub phone: String,
    /// A valid email address.
    #[serde(default)]
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub email: String,
    /// Up to 100 characters.
    pub purpose: Option<String>,
    /// Up to 500 characters.
    pub request: Option<String>,
}

/// A checked order, priced, ready to be written.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct Quote {
    /// The date and hours booked.
    pub time: BookedTime,
    /// The package's name, for a package booking.
    pub option_name: Option<String>,
    /// Head count.
    pub guests: u16,
    /// Checked contact details.
    pub booker: BookerContact,
    /// The price in won.
    pub price: Won,
}

impl OrderInput {
    /// Checks every rule against `space` as of local time `now` for `guest`, and prices
    /// the order: a package's price, or the hourly rate times the hours.
    ///
    /// # Errors
    /// Every broken rule, by field.
    pub fn quote(
        &self,
        space: &SpaceDetail,
        guest: UserId,
        now: NaiveDateTime,
        horizon: BookingHorizon,
    ) -> Result<Quote, ValidationErrors> {
        let mut e = ValidationErrors::new();
        if space.host.id == guest {
            e.add("space_id", "hosts cannot book their own space");
        }
        let date = self.checked_date(space, now, horizon, &mut e);
        let priced = self.time_and_price(space, &mut e);
        if let (Some(d), Some((hours, _, _, field))) = (date, &priced) {
            let time = BookedTime {
                date: d,
                option_id: None,
                hours: *hours,
            };
            if d >= now.date() && time.starts_at() < now {
                e.add(*field, "this time has already begun");
            }
        }
        let guests = self.checked_guests(space, &mut e);
        let b = &self.booker;
        let booker = BookerContact::parse(
            &b.name,
            &b.phone,
            &b.email,
            b.purpose.as_deref(),
            b.request.as_deref(),
        )
        .map_err(|be| e.extend(be))
        .ok();
        match (date, priced, guests, booker) {
            (Some(date), Some((hours, option, price, _)), Some(guests), Some(booker))
                if e.is_empty() =>
            {
                Ok(Quote {
                    time: BookedTime {
                        date,
                        option_id: option.as_ref().map(|(id, _)| *id),
                        hours,
                    },
                    option_name: option.map(|(_, name)| name),
                    guests,
                    booker,
                    price,
                })
            }
            _ => Err(e),
        }
    }

    /// The date, when given (an error otherwise): within the booking horizon from `now`
    /// and the space's open period, or an error saying which it is not.
    fn checked_date(
        &self,
        space: &SpaceDetail,
        now: NaiveDateTime,
        horizon: BookingHorizon,
        e: &mut ValidationErrors,
    ) -> Option<NaiveDate> {
        let date = self.date;
        let outside = date.and_then(|d| horizon.check(d, now.date()).err());
        match (date, outside) {
            (None, _) => e.add("date", "is required"),
            (Some(_), Some(out)) => e.add("date", out.to_string()),
            (Some(d), None) if !space.open_period.contains(d) => {
                e.add("date", "is outside the space's open period");
            }
            (Some(_), None) => {}
        }
        date
    }

    /// The head count, when given and a positive number (an error otherwise), with an
    /// error where the space does not take that many.
    fn checked_guests(&self, space: &SpaceDetail, e: &mut ValidationErrors) -> Option<u16> {
        let guests = match self.guests {
            None => {
                e.add("guests", "is required");
                None
            }
            Some(g) if !(1..=i64::from(u16::MAX)).contains(&g) => {
                e.add("guests", "must be a positive number");
                None
            }
            // In range: checked above.
            Some(g) => Some(g as u16),
        };
        if let Some(g) = guests
            && !(space.summary.min_guests..=space.summary.max_guests).contains(&g)
        {
            e.add(
                "guests",
                format!(
                    "this space takes {} to {} guests",
                    space.summary.min_guests, space.summary.max_guests
                ),
            );
        }
        guests
    }

    /// The hours, the package (if any), the price and the field a time error belongs to.
    fn time_and_price(
        &self,
        space: &SpaceDetail,
        e: &mut ValidationErrors,
    ) -> Option<TimeAndPrice> {
        match (self.option_id, self.start_hour, self.end_hour) {
            (Some(id), None, None) => {
                let Some(option) = space.options.iter().find(|o| o.id.get() == id) else {
                    e.add("option_id", "no such package of this space");
                    return None;
                };
                Some((
                    option.hours,
                    Some((option.id, option.name.clone())),
                    option.price,
                    "option_id",
                ))
            }
            (None, Some(start), Some(end)) => {
                let Some(rate) = space.hourly_rate else {
                    e.add("start_hour", "this space is booked by package only");
                    return None;
                };
                let hours = e.check("end_hour", HourRange::new(start, end))?;
                if hours.len() < rate.min_hours {
                    e.add(
                        "end_hour",
                        format!("book at least {} hours", rate.min_hours),
                    );
                    return None;
                }
                let price = rate.price.checked_mul(i64::from(hours.len()))?;
                Some((hours, None, price, "start_hour"))
            }
            (None, None, None) => {
                e.add("option_id", "give option_id, or start_hour and end_hour");
                None
            }
            (Some(_), _, _) => {
                e.add(
                    "option_id",
                    "give option_id or start_hour and end_hour, not both",
                );
                None
            }
            (None, None, Some(_)) => {
                e.add("start_hour", "is required with end_hour");
                None
            }
            (None, Some(_), None) => {
                e.add("end_hour", "is required with start_hour");
                None
            }
        }
    }
}

type TimeAndPrice = (
    HourRange,
    Option<(PriceOptionId, String)>,
    Won,
    &'static str,
);
