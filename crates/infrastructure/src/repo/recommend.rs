//! What recommendations are made of, read from SeaORM: one statement per method.

use super::space::summary;
use super::space_sql::SummaryRow;
use super::{recommend_signals, recommend_sql};
use async_trait::async_trait;
use ourspace_domain::recommend::ports::{
    Offered, Pool, RecommendationRepository, Target, UserSignals,
};
use ourspace_domain::recommend::{DistrictCentre, Interaction, Signal, SpaceTraits};
use ourspace_domain::shared::{
    BoxError, CategoryId, Coordinates, DistrictId, ImageId, SpaceId, UserId, Won,
};
use ourspace_domain::space::view::SpaceImage;
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};

/// Reads recommendation inputs.
#[derive(Clone)]
pub struct SeaOrmRecommendationRepository {
    db: DatabaseConnection,
}

impl SeaOrmRecommendationRepository {
    /// A repository over `db`.
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }

    async fn rows(
        &self,
        query: &sea_orm::sea_query::SelectStatement,
    ) -> Result<Vec<SignalRow>, BoxError> {
        let stmt = self.db.get_database_backend().build(query);
        Ok(SignalRow::find_by_statement(stmt).all(&self.db).await?)
    }
}

/// A row of [`recommend_signals::signals`] or [`recommend_signals::target`].
#[derive(Debug, FromQueryResult)]
struct SignalRow {
    kind: String,
    n: i64,
    space_id: i64,
    category_id: i64,
    district_id: i64,
    min_price: i64,
    min_guests: i64,
    max_guests: i64,
    latitude: f64,
    longitude: f64,
}

impl SignalRow {
    fn traits(&self) -> Result<SpaceTraits, BoxError> {
        Ok(SpaceTraits {
            id: SpaceId(self.space_id),
            category: CategoryId(self.category_id),
            district: DistrictId(self.district_id),
            min_price: Won::new(self.min_price)?,
            min_guests: u16::try_from(self.min_guests)?,
            max_guests: u16::try_from(self.max_guests)?,
        })
    }

    fn district(&self) -> Result<DistrictCentre, BoxError> {
        Ok((
            DistrictId(self.district_id),
            Coordinates::new(self.latitude, self.longitude)?,
        ))
    }

    fn signal(&self) -> Result<Signal, BoxError> {
        Ok(match self.kind.as_str() {
            "booked" => Signal::Booked {
                guests: u16::try_from(self.n)?,
            },
            "liked" => Signal::Liked,
            "reviewed" => Signal::Reviewed {
                rating: u8::try_from(self.n)?,
            },
            other => return Err(format!("unknown signal kind {other}").into()),
        })
    }
}

/// A candidate's counts beside its list item.
#[derive(Debug, FromQueryResult)]
struct CountsRow {
    /// A sum, read as a double (sums are decimals on MySQL).
    co_chosen: f64,
    recent_bookings: i64,
}

/// An image column of a [`recommend_sql::candidates`] row.
#[derive(Debug, FromQueryResult)]
struct ImageColumns {
    image_id: Option<i64>,
    image_url: Option<String>,
    image_thumbnail: Option<String>,
}

#[async_trait]
impl RecommendationRepository for SeaOrmRecommendationRepository {
    async fn signals(&self, user: UserId, per_kind: u32) -> Result<UserSignals, BoxError> {
        let mut signals = UserSignals::default();
        for row in self
            .rows(&recommend_signals::signals(user.get(), per_kind))
            .await?
        {
            if row.kind == "district" {
                signals.districts.push(row.district()?);
            } else {
                signals.history.push(Interaction {
                    space: row.traits()?,
                    signal: row.signal()?,
                });
            }
        }
        Ok(signals)
    }

    async fn target(&self, space: SpaceId) -> Result<Option<Target>, BoxError> {
        let mut found = None;
        let mut districts = Vec::new();
        for row in self.rows(&recommend_signals::target(space.get())).await? {
            if row.kind == "district" {
                districts.push(row.district()?);
            } else {
                found = Some(row.traits()?);
            }
        }
        Ok(found.map(|space| Target { space, districts }))
    }

    async fn candidates(&self, pool: &Pool) -> Result<Vec<Offered>, BoxError> {
        let Some(query) = recommend_sql::candidates(pool) else {
            return Ok(Vec::new());
        };
        let stmt = self.db.get_database_backend().build(&query);
        let mut found: Vec<Offered> = Vec::new();
        for row in self.db.query_all_raw(stmt).await? {
            let head = SummaryRow::from_query_result(&row, "")?;
            if found.last().is_none_or(|o| o.summary.id.get() != head.id) {
                let counts = CountsRow::from_query_result(&row, "")?;
                found.push(Offered {
                    summary: summary(head, Vec::new(), false)?,
                    // A count of guests: whole, non-negative, far below u32::MAX.
                    co_chosen: counts.co_chosen.clamp(0.0, f64::from(u32::MAX)) as u32,
                    recent_bookings: u32::try_from(counts.recent_bookings)?,
                });
            }
            let image = ImageColumns::from_query_result(&row, "")?;
            if let (Some(id), Some(url), Some(last)) =
                (image.image_id, image.image_url, found.last_mut())
            {
                last.summary.images.push(SpaceImage {
                    id: ImageId(id),
                    url,
                    thumbnail_url: image.image_thumbnail,
                });
            }
        }
        Ok(found)
    }
}
