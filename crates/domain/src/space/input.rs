//! A space as a client sends it, and the one place its rules are checked.

use super::model::{
    BookingMode, GuestLimits, HourlyRate, MAX_OPTIONS, MAX_PRICE_WON, MIN_PRICE_WON, OpenPeriod,
    PriceOption, SpaceDraft,
};
use super::ports::CatalogRefs;
use crate::shared::{
    CategoryId, Coordinates, DistrictId, FacilityId, HourRange, TextRule, ValidationErrors, Won,
};
use chrono::NaiveDate;
use serde::Deserialize;
use std::collections::HashSet;

/// Unchecked space fields, named as the API names them. Required fields are `Option`s so a
/// missing one is reported like any other broken rule.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct SpaceInput {
    /// An existing category.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub category_id: Option<i64>,
    /// An existing district.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub district_id: Option<i64>,
    /// 1–100 characters.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub title: Option<String>,
    /// Up to 200 characters.
    #[serde(default)]
    pub subtitle: String,
    /// Up to 5,000 characters, with line breaks.
    #[serde(default)]
    pub description: String,
    /// 1–200 characters.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub address: Option<String>,
    /// −90 to 90.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub latitude: Option<f64>,
    /// −180 to 180.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub longitude: Option<f64>,
    /// 1 ≤ `min_guests` ≤ `max_guests` ≤ 500.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub min_guests: Option<i64>,
    /// At least `min_guests`, at most 500.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub max_guests: Option<i64>,
    /// Existing facilities, each at most once.
    #[serde(default)]
    pub facility_ids: Vec<i64>,
    /// `instant` or `approval`.
    #[cfg_attr(feature = "openapi", schema(required = true, nullable = false))]
    pub booking_mode: Option<String>,
    /// The first and last bookable dates, either optional.
    pub open_from: Option<NaiveDate>,
    /// The last bookable date, not before `open_from`.
    pub open_until: Option<NaiveDate>,
    /// Up to 10 packages; a space needs packages or an hourly rate.
    #[serde(default)]
    pub options: Vec<OptionInput>,
    /// Won per hour.
    pub hourly_rate: Option<i64>,
    /// 1–24, with `hourly_rate`.
    pub min_hours: Option<i64>,
}

/// An unchecked package.
#[derive(Debug, Clone, Default, PartialEq, Eq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
pub struct OptionInput {
    /// 1–30 characters, e.g. `day`, `night`, `all`.
    pub name: String,
    /// Hours from midnight of the booked date: `0 ≤ start_hour < end_hour ≤ 48`, at most 24
    /// hours long.
    pub start_hour: i64,
    /// The end of its hours (exclusive).
    pub end_hour: i64,
    /// Won, 1–100,000,000.
    pub price: i64,
}

fn text(errors: &mut ValidationErrors, field: &str, value: &str, rule: TextRule) -> String {
    errors
        .check(field, rule.check(value))
        .unwrap_or_else(|| value.trim().to_owned())
}

fn price(amount: i64) -> Result<Won, crate::shared::money::MoneyError> {
    Won::price_between(amount, MIN_PRICE_WON, MAX_PRICE_WON)
}

fn parse_options(errors: &mut ValidationErrors, inputs: &[OptionInput]) -> Vec<PriceOption> {
    if inputs.len() > MAX_OPTIONS {
        errors.add("options", format!("at most {MAX_OPTIONS} packages"));
    }
    let mut names = HashSet::new();
    let mut options = Vec::new();
    for (i, o) in inputs.iter().enumerate() {
        let field = |name: &str| format!("options[{i}].{name}");
        let name = errors.check(&field("name"), PriceOption::parse_name(&o.name));
        if let Some(n) = &name
            && !names.insert(n.clone())
        {
            errors.add(field("name"), "package names must be unique");
        }
        let hours = match HourRange::new(o.start_hour, o.end_hour) {
            Ok(h) => Some(h),
            Err(e) => {
                let which = if matches!(e, crate::shared::hours::HourRangeError::StartOutOfRange) {
                    "start_hour"
                } else {
                    "end_hour"
                };
                errors.add(field(which), e.to_string());
                None
            }
        };
        let price = errors.check(&field("price"), price(o.price));
        if let (Some(name), Some(hours), Some(price)) = (name, hours, price) {
            options.push(PriceOption { name, hours, price });
        }
    }
    options
}

fn parse_hourly(errors: &mut ValidationErrors, input: &SpaceInput) -> Option<HourlyRate> {
    match (input.hourly_rate, input.min_hours) {
        (None, None) => None,
        (None, Some(_)) => {
            errors.add("hourly_rate", "is required with min_hours");
            None
        }
        (Some(rate), min_hours) => {
            let rate = errors.check("hourly_rate", price(rate))?;
            errors.check("min_hours", HourlyRate::new(rate, min_hours.unwrap_or(1)))
        }
    }
}

impl SpaceInput {
    /// The catalog ids named, to be looked up beside [`Self::parse`].
    #[must_use]
    pub fn catalog_refs(&self) -> CatalogRefs {
        let mut facilities: Vec<FacilityId> =
            self.facility_ids.iter().copied().map(FacilityId).collect();
        facilities.sort_unstable();
        facilities.dedup();
        CatalogRefs {
            category: self.category_id.map(CategoryId),
            district: self.district_id.map(DistrictId),
            facilities,
        }
    }

    /// Checks every rule at once. `today` is the business date: `open_from` may not lie
    /// before it. Whether the category, district and facility ids exist is the caller's
    /// concern (they live in storage).
    ///
    /// # Errors
    /// Every broken rule, one entry per field.
    pub fn parse(&self, today: NaiveDate) -> Result<SpaceDraft, ValidationErrors> {
        let mut e = ValidationErrors::new();
        let category_id = required(&mut e, "category_id", self.category_id);
        let district_id = required(&mut e, "district_id", self.district_id);
        let (title, subtitle, description, address) = self.texts(&mut e);
        let coordinates = self.coordinates(&mut e);
        let guests = parse_guests(&mut e, self.min_guests, self.max_guests);
        let booking_mode = required(&mut e, "booking_mode", self.booking_mode.as_deref())
            .and_then(|m| e.check("booking_mode", m.parse::<BookingMode>()));
        if self.open_from.is_some_and(|d| d < today) {
            e.add("open_from", "must not be in the past");
        }
        let open_period = e.check(
            "open_until",
            OpenPeriod::new(self.open_from, self.open_until),
        );
        let (options, hourly_rate) = self.prices(&mut e);
        let facility_ids = self.catalog_refs().facilities;
        // Every None below recorded an error above.
        let (
            Some(category_id),
            Some(district_id),
            Some(title),
            Some(address),
            Some(coordinates),
            Some(guests),
            Some(booking_mode),
            Some(open_period),
        ) = (
            category_id,
            district_id,
            title,
            address,
            coordinates,
            guests,
            booking_mode,
            open_period,
        )
        else {
            return Err(e);
        };
        e.into_result(|| SpaceDraft {
            category_id: CategoryId(category_id),
            district_id: DistrictId(district_id),
            title,
            subtitle,
            description,
            address,
            coordinates,
            guests,
            facility_ids,
            booking_mode,
            open_period,
            options,
            hourly_rate,
        })
    }
}

impl SpaceInput {
    /// The title, subtitle, description and address, each cleaned and within its length
    /// (the title and the address required).
    fn texts(&self, e: &mut ValidationErrors) -> (Option<String>, String, String, Option<String>) {
        let title = required(e, "title", self.title.as_deref())
            .map(|t| text(e, "title", t, TextRule::line(1, 100)));
        let subtitle = text(e, "subtitle", &self.subtitle, TextRule::line(0, 200));
        let description = text(
            e,
            "description",
            &self.description,
            TextRule::lines(0, 5000),
        );
        let address = required(e, "address", self.address.as_deref())
            .map(|a| text(e, "address", a, TextRule::line(1, 200)));
        (title, subtitle, description, address)
    }

    /// The point, when both its latitude and its longitude are given and in range (an error
    /// for each that is not).
    fn coordinates(&self, e: &mut ValidationErrors) -> Option<Coordinates> {
        let lat = required(e, "latitude", self.latitude)
            .and_then(|v| e.check("latitude", Coordinates::new(v, 0.0)));
        let lng = required(e, "longitude", self.longitude)
            .and_then(|v| e.check("longitude", Coordinates::new(0.0, v)));
        Coordinates::new(lat?.latitude(), lng?.longitude()).ok()
    }

    /// The packages and the hourly rate, at least one of them.
    fn prices(&self, e: &mut ValidationErrors) -> (Vec<PriceOption>, Option<HourlyRate>) {
        let options = parse_options(e, &self.options);
        let hourly_rate = parse_hourly(e, self);
        if self.options.is_empty() && self.hourly_rate.is_none() {
            e.add("options", "give at least one package or an hourly_rate");
        }
        (options, hourly_rate)
    }
}

/// The value of a required field, or a recorded "is required".
fn required<T>(errors: &mut ValidationErrors, field: &str, value: Option<T>) -> Option<T> {
    if value.is_none() {
        errors.add(field, "is required");
    }
    value
}

fn parse_guests(
    e: &mut ValidationErrors,
    min: Option<i64>,
    max: Option<i64>,
) -> Option<GuestLimits> {
    let (min, max) = (
        required(e, "min_guests", min),
        required(e, "max_guests", max),
    );
    let (min, max) = (min?, max?);
    match GuestLimits::new(min, max) {
        Ok(g) => Some(g),
        Err(err) => {
            let field = if (1..=super::model::MAX_GUESTS).contains(&min) {
                "max_guests"
            } else {
                "min_guests"
            };
            e.add(field, err.to_string());
            None
        }
    }
}

#[cfg(test)]
#[path = "input_tests.rs"]
mod tests;
