//! Search parameters: typed values from the query string, checked together into a
//! [`SpaceQuery`] (which combinations make sense, what lies in range).

use super::ports::{Availability, Near, SpaceQuery, SpaceSort};
use crate::shared::{
    BookingHorizon, CategoryId, Coordinates, DistrictId, FacilityId, HourRange, Page, Won,
};
use chrono::{DateTime, NaiveDate, Utc};

/// The parameter at fault and why.
#[derive(Debug, Clone, PartialEq, Eq, thiserror::Error)]
#[error("parameter `{parameter}`: {message}")]
pub struct InvalidParameter {
    /// The query parameter.
    pub parameter: &'static str,
    /// What is wrong with it.
    pub message: String,
}

pub(crate) fn invalid(parameter: &'static str, message: impl Into<String>) -> InvalidParameter {
    InvalidParameter {
        parameter,
        message: message.into(),
    }
}

/// Search parameters as the client gave them, already of the right types.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct SearchParams {
    /// `q`: a keyword over the space's text.
    pub q: Option<String>,
    /// `category`: any of these (comma-separated).
    pub categories: Vec<i64>,
    /// `district`: any of these (comma-separated).
    pub districts: Vec<i64>,
    /// `guests`: a head count the space takes.
    pub guests: Option<i64>,
    /// `facilities`: all of these (comma-separated).
    pub facilities: Vec<i64>,
    /// `min_price`: on the lowest price.
    pub min_price: Option<i64>,
    /// `max_price`: on the lowest price.
    pub max_price: Option<i64>,
    /// `date`: bookable on this date.
    pub date: Option<NaiveDate>,
    /// `start_hour`: with `end_hour`, this range free on `date`.
    pub start_hour: Option<i64>,
    /// `end_hour`: exclusive.
    pub end_hour: Option<i64>,
    /// `lat`: the centre for distances.
    pub lat: Option<f64>,
    /// `lng`: the centre for distances.
    pub lng: Option<f64>,
    /// `radius_km`: only spaces this close to the centre.
    pub radius_km: Option<f64>,
    /// `sort`: `popular`, `price_asc`, `price_desc`, `rating`, `newest`, `distance` or `relevance`.
    pub sort: Option<String>,
    /// `page`: from 1.
    pub page: Option<u32>,
    /// `per_page`: up to 100.
    pub per_page: Option<u32>,
}

/// The longest keyword searched for.
pub const MAX_KEYWORD_CHARS: usize = 100;
/// The widest search radius.
pub const MAX_RADIUS_KM: f64 = 500.0;

impl SearchParams {
    /// Checks the parameters together. `today` and `now` are the business date and instant:
    /// a date in the past or past the booking horizon is refused, and waiting orders whose
    /// time ran out do not block.
    ///
    /// # Errors
    /// The first parameter out of range or in a combination that makes no sense.
    pub fn parse(
        self,
        today: NaiveDate,
        now: DateTime<Utc>,
        horizon: BookingHorizon,
    ) -> Result<SpaceQuery, InvalidParameter> {
        let page = Page::new(self.page, self.per_page)
            .map_err(|e| invalid(e.parameter(), e.to_string()))?;
        let keyword = keyword(self.q)?;
        let guests = match self.guests {
            None => None,
            Some(g) if (1..=500).contains(&g) => Some(g as u16),
            Some(_) => return Err(invalid("guests", "must be between 1 and 500")),
        };
        let (min_price, max_price) = prices(self.min_price, self.max_price)?;
        let availability = availability(
            self.date,
            self.start_hour,
            self.end_hour,
            (today, horizon),
            now,
        )?;
        let near = near(self.lat, self.lng, self.radius_km)?;
        let sort = sort(self.sort.as_deref(), keyword.is_some(), near.is_some())?;
        Ok(SpaceQuery {
            page,
            categories: self.categories.into_iter().map(CategoryId).collect(),
            districts: self.districts.into_iter().map(DistrictId).collect(),
            host: None,
            liked_by: None,
            keyword,
            guests,
            facilities: self.facilities.into_iter().map(FacilityId).collect(),
            min_price,
            max_price,
            availability,
            near,
            sort,
        })
    }
}

/// The keyword, trimmed, when it is not blank; at most [`MAX_KEYWORD_CHARS`] characters.
fn keyword(q: Option<String>) -> Result<Option<String>, InvalidParameter> {
    let keyword = q.map(|q| q.trim().to_owned()).filter(|q| !q.is_empty());
    if keyword
        .as_ref()
        .is_some_and(|k| k.chars().count() > MAX_KEYWORD_CHARS)
    {
        return Err(invalid(
            "q",
            format!("at most {MAX_KEYWORD_CHARS} characters"),
        ));
    }
    Ok(keyword)
}

/// The price range: neither bound negative, the lower not above the upper.
fn prices(
    min: Option<i64>,
    max: Option<i64>,
) -> Result<(Option<Won>, Option<Won>), InvalidParameter> {
    let price = |name: &'static str, v: Option<i64>| {
        v.map(|p| Won::new(p).map_err(|_| invalid(name, "must not be negative")))
            .transpose()
    };
    let (min_price, max_price) = (price("min_price", min)?, price("max_price", max)?);
    if let (Some(lo), Some(hi)) = (min_price, max_price)
        && lo > hi
    {
        return Err(invalid("max_price", "must not be below min_price"));
    }
    Ok((min_price, max_price))
}

pub(crate) fn availability(
    date: Option<NaiveDate>,
    start: Option<i64>,
    end: Option<i64>,
    (today, horizon): (NaiveDate, BookingHorizon),
    now: DateTime<Utc>,
) -> Result<Option<Availability>, InvalidParameter> {
    let Some(date) = date else {
        if start.is_some() || end.is_some() {
            let which = if start.is_some() {
                "start_hour"
            } else {
                "end_hour"
            };
            return Err(invalid(which, "needs `date`"));
        }
        return Ok(None);
    };
    horizon
        .check(date, today)
        .map_err(|e| invalid("date", e.to_string()))?;
    let hours = match (start, end) {
        (None, None) => None,
        (Some(s), Some(e)) => Some(HourRange::new(s, e).map_err(|err| {
            let which = if matches!(err, crate::shared::hours::HourRangeError::StartOutOfRange) {
                "start_hour"
            } else {
                "end_hour"
            };
            invalid(which, err.to_string())
        })?),
        (Some(_), None) => return Err(invalid("end_hour", "is required with start_hour")),
        (None, Some(_)) => return Err(invalid("start_hour", "is required with end_hour")),
    };
    Ok(Some(Availability { date, hours, now }))
}

fn near(
    lat: Option<f64>,
    lng: Option<f64>,
    radius_km: Option<f64>,
) -> Result<Option<Near>, InvalidParameter> {
    let (lat, lng) = match (lat, lng) {
        (None, None) => {
            return match radius_km {
                Some(_) => Err(invalid("radius_km", "needs `lat` and `lng`")),
                None => Ok(None),
            };
        }
        (Some(lat), Some(lng)) => (lat, lng),
        (Some(_), None) => return Err(invalid("lng", "is required with lat")),
        (None, Some(_)) => return Err(invalid("lat", "is required with lng")),
    };
    let center = Coordinates::new(lat, lng).map_err(|e| match e {
        crate::shared::geo::CoordinatesError::Latitude => invalid("lat", e.to_string()),
        crate::shared::geo::CoordinatesError::Longitude => invalid("lng", e.to_string()),
    })?;
    if radius_km.is_some_and(|r| !(r > 0.0 && r <= MAX_RADIUS_KM)) {
        return Err(invalid(
            "radius_km",
            format!("must be above 0 and at most {MAX_RADIUS_KM}"),
        ));
    }
    Ok(Some(Near { center, radius_km }))
}

fn sort(
    raw: Option<&str>,
    has_keyword: bool,
    has_center: bool,
) -> Result<SpaceSort, InvalidParameter> {
    let sort = match raw {
        None if has_keyword => SpaceSort::Relevance,
        None | Some("popular") => SpaceSort::Popular,
        Some("price_asc") => SpaceSort::PriceAsc,
        Some("price_desc") => SpaceSort::PriceDesc,
        Some("rating") => SpaceSort::Rating,
        Some("newest") => SpaceSort::Newest,
        Some("distance") => SpaceSort::Distance,
        Some("relevance") => SpaceSort::Relevance,
        Some(other) => {
            return Err(invalid(
                "sort",
                format!(
                    "`{other}` is not one of popular, price_asc, price_desc, rating, newest, distance, relevance"
                ),
            ));
        }
    };
    match sort {
        SpaceSort::Distance if !has_center => {
            Err(invalid("sort", "`distance` needs `lat` and `lng`"))
        }
        SpaceSort::Relevance if !has_keyword => Err(invalid("sort", "`relevance` needs `q`")),
        _ => Ok(sort),
    }
}

#[cfg(test)]
#[path = "search_tests.rs"]
mod tests;
