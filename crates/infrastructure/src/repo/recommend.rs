//! What recommendations are made of, read from SeaORM: one statement per method.

use super::space::summary;
use super::space_sql::SummaryRow;
use super::{recommend_signals, recommend_sql};
use async_trait::async_trait;
use ourspace_domain::recommend::ports::{
    Offered, Pool, RecommendationRepository, Target, UserSignals,
};
use ourspace_domain::recommend::{Candidate, DistrictCentre, Interaction, Signal, SpaceTraits};
use ourspace_domain::shared::{
    BoxError, CategoryId, Coordinates, DistrictId, ImageId, SpaceId, UserId, Won,
};
use ourspace_domain::space::SpaceSummary;
use ourspace_domain::space::view::SpaceImage;
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult, QueryResult};

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

    /// The rows of [`recommend_signals::signals`] or [`recommend_signals::target`].
    async fn rows(
        &self,
        query: &sea_orm::sea_query::SelectStatement,
    ) -> Result<Vec<(SignalRow, TraitsRow)>, BoxError> {
        let mut rows = Vec::new();
        for row in self.all(query).await? {
            rows.push((
                SignalRow::from_query_result(&row, "")?,
                TraitsRow::from_query_result(&row, "")?,
            ));
        }
        Ok(rows)
    }

    async fn all(
        &self,
        query: &sea_orm::sea_query::SelectStatement,
    ) -> Result<Vec<QueryResult>, BoxError> {
        let stmt = self.db.get_database_backend().build(query);
        Ok(self.db.query_all_raw(stmt).await?)
    }
}

/// A row of [`recommend_signals::signals`] or [`recommend_signals::target`].
#[derive(Debug, FromQueryResult)]
struct SignalRow {
    kind: String,
    n: i64,
    district_id: i64,
    latitude: f64,
    longitude: f64,
}

/// A space's traits in a row of signals, of a target or of ranking inputs.
#[derive(Debug, FromQueryResult)]
struct TraitsRow {
    space_id: i64,
    category_id: i64,
    district_id: i64,
    min_price: i64,
    min_guests: i64,
    max_guests: i64,
}

impl TraitsRow {
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
}

impl SignalRow {
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

/// A candidate's counts beside its list item or traits.
#[derive(Debug, FromQueryResult)]
struct CountsRow {
    /// A sum, read as a double (sums are decimals on MySQL).
    co_chosen: f64,
    recent_bookings: i64,
    /// 1 when not bookable on the pool's date.
    taken: i64,
}

/// What a candidate's row counts: `co_chosen`, `recent_bookings`, `taken`.
type Counts = (u32, u32, bool);

impl CountsRow {
    /// `co_chosen` and `recent_bookings` as counts (a sum of guests is whole, non-negative
    /// and far below `u32::MAX`; a negative booking count is an error), and `taken`.
    fn counts(&self) -> Result<Counts, BoxError> {
        Ok((
            self.co_chosen.clamp(0.0, f64::from(u32::MAX)) as u32,
            u32::try_from(self.recent_bookings)?,
            self.taken != 0,
        ))
    }
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
        for (row, space) in self
            .rows(&recommend_signals::signals(user.get(), per_kind))
            .await?
        {
            if row.kind == "district" {
                signals.districts.push(row.district()?);
            } else {
                signals.history.push(Interaction {
                    space: space.traits()?,
                    signal: row.signal()?,
                });
            }
        }
        Ok(signals)
    }

    async fn target(&self, space: SpaceId) -> Result<Option<Target>, BoxError> {
        let mut found = None;
        let mut districts = Vec::new();
        for (row, space) in self.rows(&recommend_signals::target(space.get())).await? {
            if row.kind == "district" {
                districts.push(row.district()?);
            } else {
                found = Some(space.traits()?);
            }
        }
        Ok(found.map(|space| Target { space, districts }))
    }

    async fn candidates(&self, pool: &Pool) -> Result<Vec<Offered>, BoxError> {
        let Some(query) = recommend_sql::candidates(pool) else {
            return Ok(Vec::new());
        };
        let rows = self.all(&query).await?;
        let items = list_items(&rows, |row| CountsRow::from_query_result(row, "")?.counts())?;
        Ok(items
            .into_iter()
            .map(|(summary, (co_chosen, recent_bookings, taken))| Offered {
                summary,
                co_chosen,
                recent_bookings,
                taken,
            })
            .collect())
    }

    async fn ranking_inputs(&self, pool: &Pool) -> Result<Vec<Candidate>, BoxError> {
        let Some(query) = recommend_sql::ranking_inputs(pool) else {
            return Ok(Vec::new());
        };
        ranked_candidates(&self.all(&query).await?)
    }

    async fn ranking_inputs_among(
        &self,
        ids: &[SpaceId],
        pool: &Pool,
    ) -> Result<Vec<Candidate>, BoxError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = ids.iter().map(|id| id.get()).collect();
        let query = recommend_sql::ranking_inputs_among(&ids, pool);
        ranked_candidates(&self.all(&query).await?)
    }

    async fn summaries(&self, ids: &[SpaceId]) -> Result<Vec<SpaceSummary>, BoxError> {
        if ids.is_empty() {
            return Ok(Vec::new());
        }
        let ids: Vec<i64> = ids.iter().map(|id| id.get()).collect();
        let rows = self.all(&recommend_sql::summaries(&ids)).await?;
        Ok(list_items(&rows, |_| Ok(()))?
            .into_iter()
            .map(|(summary, ())| summary)
            .collect())
    }
}

/// The candidates of ranking-input rows (`recommend_sql::ranking_inputs`).
fn ranked_candidates(rows: &[QueryResult]) -> Result<Vec<Candidate>, BoxError> {
    let mut found = Vec::new();
    for row in rows {
        let space = TraitsRow::from_query_result(row, "")?.traits()?;
        let (co_chosen, recent_bookings, taken) =
            CountsRow::from_query_result(row, "")?.counts()?;
        found.push(Candidate {
            space,
            co_chosen,
            recent_bookings,
            taken,
        });
    }
    Ok(found)
}

/// The list items of rows that carry one image each (see `recommend_sql`), a space's rows
/// together, each with what `extra` reads of its first row.
fn list_items<T>(
    rows: &[QueryResult],
    extra: impl Fn(&QueryResult) -> Result<T, BoxError>,
) -> Result<Vec<(SpaceSummary, T)>, BoxError> {
    let mut found: Vec<(SpaceSummary, T)> = Vec::new();
    for row in rows {
        let head = SummaryRow::from_query_result(row, "")?;
        if found.last().is_none_or(|(s, _)| s.id.get() != head.id) {
            found.push((summary(head, Vec::new())?, extra(row)?));
        }
        let image = ImageColumns::from_query_result(row, "")?;
        if let (Some(id), Some(url), Some((last, _))) =
            (image.image_id, image.image_url, found.last_mut())
        {
            last.images.push(SpaceImage {
                id: ImageId(id),
                url,
                thumbnail_url: image.image_thumbnail,
            });
        }
    }
    Ok(found)
}
