//! A space's detail: the row with its names and version, then its photos, packages and
//! facilities, unless the server keeps a detail ([`DetailCache`]) read at that version.

use super::detail_cache::DetailCache;
use super::space::{group_related, related_rows, summary};
use super::space_sql::{
    DetailRow, Related, SummaryRow, held_hour, held_slots, join_names, s, summary_columns,
};
use ourspace_domain::shared::{BoxError, Coordinates, UserId, Won};
use ourspace_domain::space::Availability;
use ourspace_domain::space::view::HostSummary;
use ourspace_domain::space::{HourlyRate, OpenPeriod, SpaceDetail};
use sea_orm::sea_query::{Expr, ExprTrait, Func, JoinType, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, FromQueryResult};
use sea_orm::{DbBackend, Statement};

/// Space `id`'s detail, unless it does not exist or is deleted: at most two statements,
/// one when a kept detail is current.
pub(super) async fn find(
    db: &DatabaseConnection,
    cache: Option<&DetailCache<SpaceDetail>>,
    id: i64,
) -> Result<Option<SpaceDetail>, BoxError> {
    Ok(read(db, cache, id, None).await?.map(|(detail, _)| detail))
}

/// [`find`] with the hours held on `day`'s date and the next (0–47), read with the row.
pub(super) async fn find_day(
    db: &DatabaseConnection,
    cache: Option<&DetailCache<SpaceDetail>>,
    id: i64,
    day: &Availability,
) -> Result<Option<(SpaceDetail, Vec<u8>)>, BoxError> {
    read(db, cache, id, Some(day)).await
}

async fn read(
    db: &DatabaseConnection,
    cache: Option<&DetailCache<SpaceDetail>>,
    id: i64,
    day: Option<&Availability>,
) -> Result<Option<(SpaceDetail, Vec<u8>)>, BoxError> {
    let Some((row, held)) = row(db, id, day).await? else {
        if let Some(cache) = cache {
            cache.forget(id);
        }
        return Ok(None);
    };
    let version = row.1.version;
    // The same version of the same row: an id given again to a new space (a restored
    // backup) is never answered with the old space's detail.
    let kept = cache.and_then(|c| c.get(id, version));
    if let Some(kept) = kept.filter(|k| k.summary.created_at == row.0.created_at) {
        return Ok(Some((kept, held)));
    }
    let detail = complete(db, id, row).await?;
    if let Some(cache) = cache {
        cache.put(id, version, &detail);
    }
    Ok(Some((detail, held)))
}

/// The space's row with its category, district and host names and its version, and for
/// a `day`, the hours held then.
async fn row(
    db: &DatabaseConnection,
    id: i64,
    day: Option<&Availability>,
) -> Result<Option<((SummaryRow, DetailRow), Vec<u8>)>, BoxError> {
    let stmt = statement(db.get_database_backend(), id, day);
    let Some(row) = db.query_one_raw(stmt).await? else {
        return Ok(None);
    };
    let held = match day {
        Some(_) => hours(row.try_get::<Option<String>>("", "held")?.as_deref())?,
        None => Vec::new(),
    };
    Ok(Some((
        (
            SummaryRow::from_query_result(&row, "")?,
            DetailRow::from_query_result(&row, "")?,
        ),
        held,
    )))
}

/// The hours of a `GROUP_CONCAT` (`"9,10,27"`; none when no row), in order.
fn hours(listed: Option<&str>) -> Result<Vec<u8>, BoxError> {
    let mut hours = listed
        .unwrap_or_default()
        .split(',')
        .filter(|h| !h.is_empty())
        .map(str::parse::<u8>)
        .collect::<Result<Vec<_>, _>>()?;
    hours.sort_unstable();
    Ok(hours)
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
        summary: summary(head, related.images)?,
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

/// A space with its summary and detail columns and its host's nickname; for a `day`, also
/// `held`, the hours held then (one slot row per hour: the slot index is unique).
pub(super) fn statement(backend: DbBackend, id: i64, day: Option<&Availability>) -> Statement {
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
    if let Some(day) = day {
        let held = held_slots(s("id"), day)
            .expr(Func::cust("GROUP_CONCAT").arg(held_hour(day)))
            .take();
        query.expr_as(Expr::from(held).cast_as("CHAR"), "held");
    }
    backend.build(&query)
}

#[cfg(test)]
mod tests {
    use super::hours;

    #[test]
    fn held_hours_are_read_from_the_concatenated_list_in_order() {
        assert_eq!(hours(None).unwrap(), Vec::<u8>::new());
        assert_eq!(hours(Some("")).unwrap(), Vec::<u8>::new());
        assert_eq!(hours(Some("27,9,10")).unwrap(), vec![9, 10, 27]);
        assert!(hours(Some("9,x")).is_err(), "never a silently dropped hour");
    }
}
