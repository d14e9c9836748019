//! A partial change to a space: only the fields present change; `options` is replaced as a
//! whole; `null` clears an optional field.

use super::input::{OptionInput, SpaceInput};
use super::model::SpaceDraft;
use chrono::NaiveDate;
use serde::{Deserialize, Deserializer};

/// Present-and-null (`Some(None)`) versus absent (`None`) for clearable fields.
fn nullable<'de, T: Deserialize<'de>, D: Deserializer<'de>>(
    d: D,
) -> Result<Option<Option<T>>, D::Error> {
    Option::<T>::deserialize(d).map(Some)
}

/// The fields a host may change, named as in [`SpaceInput`]; `options` replaces the
/// packages whole; `null` clears `open_from`, `open_until`, `hourly_rate` and `min_hours`.
#[derive(Debug, Clone, Default, PartialEq, Deserialize)]
#[cfg_attr(feature = "openapi", derive(utoipa::ToSchema))]
#[serde(deny_unknown_fields)]
pub struct SpacePatch {
    /// See [`SpaceInput::category_id`](super::SpaceInput::category_id).
    pub category_id: Option<i64>,
    /// See [`SpaceInput::district_id`](super::SpaceInput::district_id).
    pub district_id: Option<i64>,
    /// See [`SpaceInput::title`](super::SpaceInput::title).
    pub title: Option<String>,
    /// See [`SpaceInput::subtitle`](super::SpaceInput::subtitle).
    pub subtitle: Option<String>,
    /// See [`SpaceInput::description`](super::SpaceInput::description).
    pub description: Option<String>,
    /// See [`SpaceInput::address`](super::SpaceInput::address).
    pub address: Option<String>,
    /// See [`SpaceInput::latitude`](super::SpaceInput::latitude).
    pub latitude: Option<f64>,
    /// See [`SpaceInput::longitude`](super::SpaceInput::longitude).
    pub longitude: Option<f64>,
    /// See [`SpaceInput::min_guests`](super::SpaceInput::min_guests).
    pub min_guests: Option<i64>,
    /// See [`SpaceInput::max_guests`](super::SpaceInput::max_guests).
    pub max_guests: Option<i64>,
    /// Replaces the facilities whole.
    pub facility_ids: Option<Vec<i64>>,
    /// See [`SpaceInput::booking_mode`](super::SpaceInput::booking_mode).
    pub booking_mode: Option<String>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    pub open_from: Option<Option<NaiveDate>>,
    /// `null` clears it.
    #[serde(default, deserialize_with = "nullable")]
    pub open_until: Option<Option<NaiveDate>>,
    /// Replaces the packages whole.
    pub options: Option<Vec<OptionInput>>,
    /// `null` clears it (with `min_hours`).
    #[serde(default, deserialize_with = "nullable")]
    pub hourly_rate: Option<Option<i64>>,
    /// `null` clears it (with `hourly_rate`).
    #[serde(default, deserialize_with = "nullable")]
    pub min_hours: Option<Option<i64>>,
}

macro_rules! apply {
    ($patch:ident, $input:ident; set: $($field:ident),*; wrap: $($wrapped:ident),*) => {
        $(if let Some(v) = $patch.$field { $input.$field = v; })*
        $(if let Some(v) = $patch.$wrapped { $input.$wrapped = Some(v); })*
    };
}

impl SpacePatch {
    /// Whether the patch moves the start of the open period (only then may it not lie in
    /// the past: an old open period must not block editing the title).
    #[must_use]
    pub fn changes_open_from(&self) -> bool {
        self.open_from.is_some()
    }

    /// `current` with this patch applied, ready for [`SpaceInput::parse`].
    #[must_use]
    pub fn apply(self, mut current: SpaceInput) -> SpaceInput {
        apply!(
            self, current;
            set: subtitle, description, facility_ids, open_from, open_until, options, hourly_rate, min_hours;
            wrap: category_id, district_id, title, address, latitude, longitude, min_guests, max_guests,
                booking_mode
        );
        current
    }
}

impl From<&SpaceDraft> for SpaceInput {
    fn from(d: &SpaceDraft) -> Self {
        Self {
            category_id: Some(d.category_id.get()),
            district_id: Some(d.district_id.get()),
            title: Some(d.title.clone()),
            subtitle: d.subtitle.clone(),
            description: d.description.clone(),
            address: Some(d.address.clone()),
            latitude: Some(d.coordinates.latitude()),
            longitude: Some(d.coordinates.longitude()),
            min_guests: Some(i64::from(d.guests.min())),
            max_guests: Some(i64::from(d.guests.max())),
            facility_ids: d.facility_ids.iter().map(|f| f.get()).collect(),
            booking_mode: Some(d.booking_mode.as_str().to_owned()),
            open_from: d.open_period.from(),
            open_until: d.open_period.until(),
            options: d
                .options
                .iter()
                .map(|o| OptionInput {
                    name: o.name.clone(),
                    start_hour: i64::from(o.hours.start()),
                    end_hour: i64::from(o.hours.end()),
                    price: o.price.get(),
                })
                .collect(),
            hourly_rate: d.hourly_rate.map(|r| r.price.get()),
            min_hours: d.hourly_rate.map(|r| i64::from(r.min_hours)),
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn absent_fields_stay_null_clears_and_values_replace() {
        let current = SpaceInput {
            title: Some("old".into()),
            hourly_rate: Some(10_000),
            min_hours: Some(2),
            open_until: Some("2027-01-01".parse().unwrap()),
            ..SpaceInput::default()
        };
        let patch: SpacePatch =
            serde_json::from_str(r#"{"title": "new", "hourly_rate": null, "min_hours": null}"#)
                .unwrap();
        assert!(!patch.changes_open_from());
        let next = patch.apply(current);
        assert_eq!(next.title.as_deref(), Some("new"));
        assert_eq!((next.hourly_rate, next.min_hours), (None, None));
        assert_eq!(next.open_until, Some("2027-01-01".parse().unwrap()));
    }

    #[test]
    fn unknown_fields_are_refused() {
        assert!(serde_json::from_str::<SpacePatch>(r#"{"host_id": 2}"#).is_err());
    }
}
