//! The host's space form — the same for registering and editing: every field of the
//! registration, read leniently so a refused form lists every error, and filled from a
//! stored space for editing.

use super::search::Choice;
use crate::catalog::Catalog;
use crate::form::{FieldErrors, Fields, Lenient};
use crate::ko;
use crate::render::Layout;
use askama::Template;
use ourspace_domain::shared::ValidationErrors;
use ourspace_domain::space::{MAX_OPTIONS, OptionInput, SpaceDetail, SpaceInput};

/// Package rows the form offers at least (more when a space has more packages).
const MIN_PACKAGE_ROWS: usize = 4;
/// Each package row's field names (name, start hour, end hour, price), as many as a space
/// may have packages.
#[rustfmt::skip]
const PACKAGE_FIELDS: [[&str; 4]; MAX_OPTIONS] = [
    ["option_name_0", "option_start_0", "option_end_0", "option_price_0"],
    ["option_name_1", "option_start_1", "option_end_1", "option_price_1"],
    ["option_name_2", "option_start_2", "option_end_2", "option_price_2"],
    ["option_name_3", "option_start_3", "option_end_3", "option_price_3"],
    ["option_name_4", "option_start_4", "option_end_4", "option_price_4"],
    ["option_name_5", "option_start_5", "option_end_5", "option_price_5"],
    ["option_name_6", "option_start_6", "option_end_6", "option_price_6"],
    ["option_name_7", "option_start_7", "option_end_7", "option_price_7"],
    ["option_name_8", "option_start_8", "option_end_8", "option_price_8"],
    ["option_name_9", "option_start_9", "option_end_9", "option_price_9"],
];

/// Fields a space must have: blank ones are refused (an edit would otherwise keep them).
const REQUIRED: [&str; 9] = [
    "category_id",
    "district_id",
    "title",
    "address",
    "latitude",
    "longitude",
    "min_guests",
    "max_guests",
    "booking_mode",
];

/// A package row as the form shows it.
pub struct PackageRow {
    pub fields: [&'static str; 4],
    pub index: usize,
}

/// The form's values, choices and errors (shown by `space_fields.html`).
pub struct SpaceForm {
    pub heading: String,
    /// Where the form posts.
    pub action: String,
    /// Registration: photos are part of the form (multipart).
    pub with_photos: bool,
    pub fields: Fields,
    pub categories: Vec<Choice>,
    pub districts: Vec<Choice>,
    pub facilities: Vec<Choice>,
    pub packages: Vec<PackageRow>,
    /// The refused fields, and one message for the whole form.
    pub errors: FieldErrors,
    pub error: Option<String>,
}

/// The registration page.
#[derive(Template)]
#[template(path = "host_new.html")]
pub struct NewPage {
    pub layout: Layout,
    pub form: SpaceForm,
}

impl SpaceForm {
    /// The form with `fields`' values.
    pub fn new(catalog: &Catalog, fields: Fields) -> Self {
        let chosen = |name| fields.ids(name).unwrap_or_default();
        let choices = |all: Vec<(i64, &str)>, chosen: Vec<i64>| {
            all.into_iter()
                .map(|(id, name)| Choice {
                    value: id.to_string(),
                    name: name.to_owned(),
                    selected: chosen.contains(&id),
                })
                .collect()
        };
        Self {
            categories: choices(
                catalog
                    .categories
                    .iter()
                    .map(|c| (c.id.0, c.name.as_str()))
                    .collect(),
                chosen("category_id"),
            ),
            districts: choices(
                catalog
                    .districts
                    .iter()
                    .map(|d| (d.id.0, d.name.as_str()))
                    .collect(),
                chosen("district_id"),
            ),
            facilities: choices(
                catalog
                    .facilities
                    .iter()
                    .map(|f| (f.id.0, f.name.as_str()))
                    .collect(),
                chosen("facility_ids"),
            ),
            packages: PACKAGE_FIELDS
                .iter()
                .take(package_rows(&fields))
                .enumerate()
                .map(|(index, fields)| PackageRow {
                    fields: *fields,
                    index: index + 1,
                })
                .collect(),
            heading: String::new(),
            action: String::new(),
            with_photos: false,
            fields,
            errors: FieldErrors::default(),
            error: None,
        }
    }

    /// Shows `errors` (the domain's, in English) in Korean beside those already shown.
    pub fn refuse(&mut self, errors: &ValidationErrors) {
        self.errors.add_domain(errors);
        self.error = Some("입력한 내용을 확인해 주세요.".into());
    }
}

/// Rows enough for the packages `fields` has and one more, at least [`MIN_PACKAGE_ROWS`].
fn package_rows(fields: &Fields) -> usize {
    let filled = PACKAGE_FIELDS
        .iter()
        .rposition(|row| row.iter().any(|name| fields.text(name).is_some()))
        .map_or(0, |last| last + 1);
    (filled + 1).clamp(MIN_PACKAGE_ROWS, MAX_OPTIONS)
}

fn packages(read: &mut Lenient<'_>) -> Vec<OptionInput> {
    let mut options = Vec::new();
    for [name, start, end, price] in PACKAGE_FIELDS {
        let name = read.text(name);
        let (start, end, price) = (read.get(start), read.get(end), read.get(price));
        if name.is_empty() && start.is_none() && end.is_none() && price.is_none() {
            continue;
        }
        options.push(OptionInput {
            name,
            start_hour: start.unwrap_or(-1),
            end_hour: end.unwrap_or(-1),
            price: price.unwrap_or(-1),
        });
    }
    options
}

/// The space the form describes, and the fields that could not be read or are missing.
pub fn space_input(fields: &Fields) -> (SpaceInput, FieldErrors) {
    let text = |name: &str| fields.text(name).map(str::to_owned);
    let mut read = Lenient::new(fields);
    let input = SpaceInput {
        title: text("title"),
        address: text("address"),
        booking_mode: text("booking_mode"),
        subtitle: read.text("subtitle"),
        description: read.text("description"),
        category_id: read.get("category_id"),
        district_id: read.get("district_id"),
        latitude: read.get("latitude"),
        longitude: read.get("longitude"),
        min_guests: read.get("min_guests"),
        max_guests: read.get("max_guests"),
        facility_ids: read.ids("facility_ids"),
        open_from: read.get("open_from"),
        open_until: read.get("open_until"),
        options: packages(&mut read),
        hourly_rate: read.get("hourly_rate"),
        min_hours: read.get("min_hours"),
    };
    let mut errors = read.errors;
    for field in REQUIRED {
        if fields.text(field).is_none() && !errors.has(field) {
            errors.push(field, ko::message("is required"));
        }
    }
    (input, errors)
}

/// The form's fields for a stored space (to edit it).
pub fn fields_of(space: &SpaceDetail) -> Fields {
    let s = &space.summary;
    let mut pairs: Vec<(&str, String)> = vec![
        ("category_id", s.category.id.0.to_string()),
        ("district_id", s.district.id.0.to_string()),
        ("title", s.title.clone()),
        ("subtitle", s.subtitle.clone()),
        ("description", space.description.clone()),
        ("address", s.address.clone()),
        ("latitude", space.coordinates.latitude().to_string()),
        ("longitude", space.coordinates.longitude().to_string()),
        ("min_guests", s.min_guests.to_string()),
        ("max_guests", s.max_guests.to_string()),
        ("booking_mode", space.booking_mode.as_str().to_owned()),
    ];
    pairs.extend(
        space
            .facilities
            .iter()
            .map(|f| ("facility_ids", f.id.0.to_string())),
    );
    pairs.extend(
        space
            .open_period
            .from()
            .map(|d| ("open_from", d.to_string())),
    );
    pairs.extend(
        space
            .open_period
            .until()
            .map(|d| ("open_until", d.to_string())),
    );
    for (o, [name, start, end, price]) in space.options.iter().zip(PACKAGE_FIELDS) {
        pairs.push((name, o.name.clone()));
        pairs.push((start, o.hours.start().to_string()));
        pairs.push((end, o.hours.end().to_string()));
        pairs.push((price, o.price.get().to_string()));
    }
    if let Some(rate) = space.hourly_rate {
        pairs.push(("hourly_rate", rate.price.get().to_string()));
        pairs.push(("min_hours", rate.min_hours.to_string()));
    }
    Fields::from(
        pairs
            .into_iter()
            .map(|(k, v)| (k.to_owned(), v))
            .collect::<Vec<_>>(),
    )
}
