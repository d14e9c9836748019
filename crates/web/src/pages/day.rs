//! What a space offers on one date: each package free or taken, the hourly rate and the
//! free hours — the date picker's answer on a space's page.

use super::view::{hourly_text, hours, won};
use crate::error::WebError;
use crate::form::Fields;
use crate::ko;
use crate::visit::Visit;
use chrono::NaiveDate;
use ourspace_domain::shared::SpaceId;
use ourspace_domain::space::{SpaceDetail, SpaceError};

/// A package as shown on a date.
pub struct PackageRow {
    pub id: i64,
    pub name: String,
    pub hours: String,
    pub price: String,
    /// Every hour of it is free on the date.
    pub free: bool,
}

/// One date of a space.
pub struct Day {
    /// The date shown (`YYYY-MM-DD`).
    pub date: String,
    /// The first date the picker offers (today).
    pub min: String,
    /// Why the date cannot be shown.
    pub error: Option<String>,
    /// The date lies in the open period.
    pub open: bool,
    pub packages: Vec<PackageRow>,
    /// "시간당 10,000원 · 최소 2시간".
    pub hourly: Option<String>,
    /// A booking of the minimum length fits somewhere that day.
    pub hourly_free: bool,
    /// The free hours of the date, as "09시".
    pub free_hours: Vec<String>,
}

impl Day {
    /// Space `id` and the date the visitor asked for (today by default): one read when the
    /// date can be shown.
    pub async fn read(
        visit: &Visit,
        id: SpaceId,
        fields: &Fields,
    ) -> Result<(SpaceDetail, Self), WebError> {
        let today = visit.state.services.clock.today();
        let spaces = &visit.state.services.spaces;
        let Ok(date) = fields.get::<NaiveDate>("date") else {
            let space = found(spaces.get(id).await)?;
            let mut day = Self::blank(&space, today);
            day.error = Some("날짜 형식이 올바르지 않습니다.".into());
            return Ok((space, day));
        };
        let date = date.unwrap_or(today);
        let (space, free) = found(spaces.with_day(id, date).await)?;
        let mut day = Self::blank(&space, today);
        day.date = date.to_string();
        match free {
            Ok(a) => {
                day.open = a.in_open_period;
                for (row, option) in day.packages.iter_mut().zip(&a.options) {
                    row.free = option.available;
                }
                day.hourly_free = a.hourly_available;
                day.free_hours = a.free_hours.iter().map(|h| format!("{h:02}시")).collect();
            }
            Err(SpaceError::InvalidParameter(e)) => day.error = Some(ko::message(&e.message)),
            Err(e) => return Err(WebError::unexpected(e)),
        }
        Ok((space, day))
    }

    /// `space` on `today`, nothing known free yet.
    fn blank(space: &SpaceDetail, today: NaiveDate) -> Self {
        Self {
            date: today.to_string(),
            min: today.to_string(),
            error: None,
            open: false,
            packages: space
                .options
                .iter()
                .map(|o| PackageRow {
                    id: o.id.0,
                    name: o.name.clone(),
                    hours: hours(o.hours.start(), o.hours.end()),
                    price: won(o.price.get()),
                    free: false,
                })
                .collect(),
            hourly: space.hourly_rate.map(hourly_text),
            hourly_free: false,
            free_hours: Vec::new(),
        }
    }
}

/// The space read, or no page.
pub fn found<T>(read: Result<T, SpaceError>) -> Result<T, WebError> {
    match read {
        Ok(found) => Ok(found),
        Err(SpaceError::NotFound) => Err(WebError::NotFound),
        Err(e) => Err(WebError::unexpected(e)),
    }
}
