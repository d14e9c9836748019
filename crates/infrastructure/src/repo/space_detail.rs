//! A space's detail: the row with its names and version, then its photos, packages and
//! facilities, unless the server keeps a detail ([`DetailCache`]) read at that version.

use super::detail_cache::DetailCache;
use super::space::{group_related, related_rows, summary};
use super::space_sql::{DetailRow, Related, SummaryRow, join_names, no_dot, s, summary_columns};
use ourspace_domain::shared::{BoxError, Coordinates, UserId, Won};
use ourspace_domain::space::view::HostSummary;
use ourspace_domain::space::{HourlyRate, OpenPeriod, SpaceDetail};
use sea_orm::sea_query::{Expr, ExprTrait, JoinType, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};
use sea_orm::{DbBackend, Statement};

/// Space `id`'s detail, unless it does not exist or is deleted: at most two statements,
/// one when a kept detail is current.
pub(super) async fn find(
    db: &DatabaseConnection,
    cache: Option<&DetailCache<SpaceDetail>>,
    id: i64,
) -> Result<Option<SpaceDetail>, BoxError> {
    let Some(row) = row(db, id).await? else {
        if let Some(cache) = cache {
            cache.forget(id);
        }
        return Ok(None);
    };
    let version = row.1.version;
    if let Some(kept) = cache.and_then(|c| c.get(id, version)) {
        return Ok(Some(kept));
    }
    let detail = complete(db, id, row).await?;
    if let Some(cache) = cache {
        cache.put(id, version, &detail);
    }
    Ok(Some(detail))
}

/// The space's row with its category, district and host names, and its version.
async fn row(
    db: &DatabaseConnection,
    id: i64,
) -> Result<Option<(SummaryRow, DetailRow)>, BoxError> {
    let stmt = statement(db.get_database_backend(), id);
    let Some(row) = db.query_one_raw(stmt).await? else {
        return Ok(None);
    };
    Ok(Some((
        SummaryRow::from_query_result(&row, "")?,
        DetailRow::from_query_result(&row, "")?,
    )))
}

/// The detail of the space whose row is `head` and `rest`, with its photos, packages and
/// facilities (one statement). A write after the row was read raises the version past
/// the row's, so a detail kept at the row's version is read again next time.
async fn complete(
    db: &DatabaseConnection,
    id: i64,
    (head, rest): (SummaryRow, DetailRow),
) -> Result<SpaceDetail, BoxError> {
    let what = Related {
        options_and_facilities: true,
    };
    let related = group_related(related_rows(db, &[id], what).await?)?
        .remove(&id)
        .unwrap_or_default();
    let hourly_rate = match (rest.hourly_rate, rest.min_hours) {
        (Some(rate), min_hours) => Some(HourlyRate::new(Won::new(rate)?, min_hours.unwrap_or(1))?),
        (None, _) => None,
    };
    Ok(SpaceDetail {
        summary: summary(head, related.images, false)?,
        description: rest.description,
        coordinates: Coordinates::new(rest.latitude, rest.longitude)?,
        booking_mode: rest.booking_mode.parse()?,
        open_period: OpenPeriod::new(rest.open_from, rest.open_until)?,
        hourly_rate,
        options: related.options,
        facilities: related.facilities,
        host: HostSummary {
            id: UserId(rest.host_id),
            nickname: rest.host_nickname,
        },
    })
}

/// A space with its summary and detail columns and its host's nickname.
pub(super) fn statement(backend: DbBackend, id: i64) -> Statement {
    let mut query = Query::select();
    summary_columns(&mut query)
        .columns(
            [
                "description",
                "latitude",
                "longitude",
                "booking_mode",
                "open_from",
                "open_until",
                "hourly_rate",
                "min_hours",
                "host_id",
                "version",
            ]
            .map(|c| ("s", c)),
        )
        .expr_as(Expr::col(("u", "nickname")), "host_nickname")
        .expr_as(no_dot(), "geo_dot")
        .expr_as(Expr::null(), "total_matches")
        .from_as("spaces", "s");
    join_names(&mut query)
        .join_as(
            JoinType::InnerJoin,
            "users",
            "u",
            Expr::col(("u", "id")).equals(("s", "host_id")),
        )
        .and_where(s("id").eq(id))
        .and_where(s("deleted_at").is_null());
    backend.build(&query)
}
