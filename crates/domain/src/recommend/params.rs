//! The query parameters of both recommendation use cases, checked as a search checks the
//! same ones.

use super::service::MAX_PER_PAGE;
use crate::shared::{BookingHorizon, Page};
use crate::space::search::{availability, invalid};
use crate::space::{Availability, InvalidParameter};
use chrono::{DateTime, NaiveDate, Utc};

/// The page size when the client does not say.
pub const DEFAULT_PER_PAGE: u32 = 10;

/// The query parameters, already of the right types.
#[derive(Debug, Clone, Default, PartialEq)]
pub struct RecommendParams {
    /// `date`: only spaces bookable then.
    pub date: Option<NaiveDate>,
    /// `start_hour`: with `end_hour`, that range free on `date`.
    pub start_hour: Option<i64>,
    /// `end_hour`: exclusive.
    pub end_hour: Option<i64>,
    /// `page`: from 1.
    pub page: Option<u32>,
    /// `per_page`: up to [`MAX_PER_PAGE`].
    pub per_page: Option<u32>,
}

/// A checked request for recommendations.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct RecommendQuery {
    /// Which page of the ranking.
    pub page: Page,
    /// Only spaces bookable then.
    pub availability: Option<Availability>,
}

impl RecommendParams {
    /// Checks the parameters as a search checks the same ones.
    ///
    /// # Errors
    /// The parameter out of range or in a combination that makes no sense.
    pub fn parse(
        self,
        today: NaiveDate,
        now: DateTime<Utc>,
        horizon: BookingHorizon,
    ) -> Result<RecommendQuery, InvalidParameter> {
        let per_page = self.per_page.unwrap_or(DEFAULT_PER_PAGE);
        if !(1..=MAX_PER_PAGE).contains(&per_page) {
            return Err(invalid(
                "per_page",
                format!("must be between 1 and {MAX_PER_PAGE}"),
            ));
        }
        let page = Page::new(self.page, Some(per_page))
            .map_err(|e| invalid(e.parameter(), e.to_string()))?;
        let availability = availability(
            self.date,
            self.start_hour,
            self.end_hour,
            (today, horizon),
            now,
        )?;
        Ok(RecommendQuery { page, availability })
    }
}
