//! What is free on a day: the free hours and, per package, whether it can be booked.

use super::calendar::{HourMask, Offers};
use super::error::SpaceError;
use super::model::HourlyRate;
use super::service::SpaceService;
use super::view::{SpaceDetail, StoredPriceOption};
use crate::shared::SpaceId;
use chrono::NaiveDate;
use serde::Serialize;

/// A package and whether all its hours are free.
#[derive(Debug, Clone, PartialEq, Eq, Serialize)]
pub struct OptionAvailability {
    /// The package.
    pub option: StoredPriceOption,
    /// True when every hour of it is free.
    pub available: bool,
}

/// The space on one date.
#[derive(Debug, Clone, PartialEq, Serialize)]
pub struct SpaceAvailability {
    /// The space.
    pub space_id: SpaceId,
    /// The date asked about.
    pub date: NaiveDate,
    /// Whether the date lies in the space's open period.
    pub in_open_period: bool,
    /// Free hours of `date` (0–23); empty outside the open period.
    pub free_hours: Vec<u8>,
    /// Free early hours of the next day (as 0–23 of that day), up to the latest hour a
    /// package booked on `date` reaches.
    pub next_day_free_hours: Vec<u8>,
    /// Every package and whether it is free.
    pub options: Vec<OptionAvailability>,
    /// The hourly rate, if the space has one.
    pub hourly_rate: Option<HourlyRate>,
    /// Whether an hourly booking of the minimum length fits somewhere on `date`.
    pub hourly_available: bool,
}

/// Availability from the space and the hours already held (0–47 from midnight of `date`).
#[must_use]
pub fn availability_of(space: &SpaceDetail, date: NaiveDate, held: &[u8]) -> SpaceAvailability {
    let open = space.open_period.contains(date);
    let held = HourMask::of_hours(held.iter().copied());
    let free = |h: u8| open && !held.contains(h);
    let next_day_end = space
        .options
        .iter()
        .map(|o| o.hours.end())
        .max()
        .unwrap_or(24)
        .max(24);
    let options = space
        .options
        .iter()
        .map(|o| OptionAvailability {
            option: o.clone(),
            available: open && Offers::package_free(o.hours, held),
        })
        .collect();
    let hourly_available = open && space.offers().hourly_free(held);
    SpaceAvailability {
        space_id: space.summary.id,
        date,
        in_open_period: open,
        free_hours: (0..24).filter(|h| free(*h)).collect(),
        next_day_free_hours: (24..next_day_end)
            .filter(|h| free(*h))
            .map(|h| h - 24)
            .collect(),
        options,
        hourly_rate: space.hourly_rate,
        hourly_available,
    }
}

impl SpaceService {
    /// What is free on `date` (today or later).
    ///
    /// # Errors
    /// [`SpaceError::InvalidParameter`] for a date outside the booking horizon,
    /// [`SpaceError::NotFound`].
    pub async fn availability(
        &self,
        id: SpaceId,
        date: NaiveDate,
    ) -> Result<SpaceAvailability, SpaceError> {
        self.check_date(date)?;
        Ok(self.read_day(id, date).await?.1)
    }

    /// Space `id` with what is free on `date`: one read when `date` is today or later within
    /// the booking horizon; otherwise the space and, for the day, why not.
    ///
    /// # Errors
    /// [`SpaceError::NotFound`], or a storage failure; the day's own error is
    /// [`SpaceError::InvalidParameter`] for a date outside the booking horizon.
    pub async fn with_day(
        &self,
        id: SpaceId,
        date: NaiveDate,
    ) -> Result<(SpaceDetail, Result<SpaceAvailability, SpaceError>), SpaceError> {
        if let Err(e) = self.check_date(date) {
            return Ok((self.get(id).await?, Err(e)));
        }
        let (space, day) = self.read_day(id, date).await?;
        Ok((space, Ok(day)))
    }

    fn check_date(&self, date: NaiveDate) -> Result<(), SpaceError> {
        self.horizon().check(date, self.today()).map_err(|e| {
            super::search::InvalidParameter {
                parameter: "date",
                message: e.to_string(),
            }
            .into()
        })
    }
}

#[cfg(test)]
mod tests {
    use super::availability_of;
    use crate::media::MockImageStore;
    use crate::shared::SpaceId;
    use crate::space::fixtures::space_detail;
    use crate::space::ports::MockSpaceRepository;
    use crate::space::{BookingMode, SpaceService};
    use std::sync::Arc;

    #[tokio::test]
    async fn a_days_availability_reads_the_hours_held_as_of_the_clock() {
        let mut repo = MockSpaceRepository::new();
        let (date, now) = (
            "2026-12-01".parse().unwrap(),
            "2026-11-26T03:00:00Z"
                .parse::<chrono::DateTime<chrono::Utc>>()
                .unwrap(),
        );
        repo.expect_find_day()
            .withf(move |id, d, at| *id == SpaceId(10) && *d == date && *at == now)
            .returning(|_, _, _| Ok(Some((space_detail(BookingMode::Instant), vec![10]))));
        let service = SpaceService::new(
            Arc::new(repo),
            Arc::new(MockImageStore::new()),
            crate::space::tests::clock(),
        );
        let free = service.availability(SpaceId(10), date).await.unwrap();
        assert!(!free.free_hours.contains(&10) && free.free_hours.contains(&9));
        assert!(!free.options[0].available && free.options[1].available);
        let near = service.with_booking_horizon(crate::shared::BookingHorizon::new(3).unwrap());
        let beyond = near.availability(SpaceId(10), date).await;
        assert!(
            matches!(beyond, Err(crate::space::SpaceError::InvalidParameter(_))),
            "five days ahead, past a three-day horizon: {beyond:?}"
        );
        let past = near
            .availability(SpaceId(10), "2026-11-25".parse().unwrap())
            .await;
        assert!(
            matches!(past, Err(crate::space::SpaceError::InvalidParameter(_))),
            "yesterday is before the clock's today: {past:?}"
        );
    }

    #[test]
    fn the_next_mornings_hours_are_shown_as_that_days_hours() {
        // The night package runs 22–32 (to 08:00 next day); 25 and 30 are held.
        let space = space_detail(BookingMode::Instant);
        let date = "2026-12-01".parse().unwrap();
        let free = availability_of(&space, date, &[10, 25, 30]);
        assert!(free.in_open_period);
        assert!(!free.free_hours.contains(&10) && free.free_hours.contains(&11));
        assert_eq!(free.next_day_free_hours, [0, 2, 3, 4, 5, 7]);
        assert!(!free.options[0].available && !free.options[1].available);
        assert!(free.hourly_available);
        let closed = availability_of(&space, "2027-07-01".parse().unwrap(), &[]);
        assert!(!closed.in_open_period && closed.free_hours.is_empty());
        assert!(closed.next_day_free_hours.is_empty() && !closed.hourly_available);
    }

    #[tokio::test]
    async fn a_space_with_its_day_is_one_read_and_a_date_out_of_reach_still_shows_the_space() {
        let mut repo = MockSpaceRepository::new();
        repo.expect_find_day()
            .times(1)
            .returning(|_, _, _| Ok(Some((space_detail(BookingMode::Instant), vec![9]))));
        repo.expect_find()
            .times(1)
            .returning(|_| Ok(Some(space_detail(BookingMode::Instant))));
        let service = SpaceService::new(
            Arc::new(repo),
            Arc::new(MockImageStore::new()),
            crate::space::tests::clock(),
        )
        .with_booking_horizon(crate::shared::BookingHorizon::new(3).unwrap());
        let (space, day) = service
            .with_day(SpaceId(10), "2026-11-27".parse().unwrap())
            .await
            .unwrap();
        assert_eq!(space.summary.id, SpaceId(10));
        assert!(!day.unwrap().free_hours.contains(&9));
        let (space, day) = service
            .with_day(SpaceId(10), "2026-12-30".parse().unwrap())
            .await
            .unwrap();
        assert_eq!(space.summary.id, SpaceId(10));
        assert!(matches!(
            day,
            Err(crate::space::SpaceError::InvalidParameter(_))
        ));
    }
}
