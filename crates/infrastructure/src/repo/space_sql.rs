//! The SQL behind space reads, written once for SQLite and MySQL (both take `?` parameters
//! and the same join and `UNION ALL` syntax). Each read is at most three statements: the
//! rows, their related rows in one batched query, and the total.

use ourspace_domain::space::SpaceQuery;
use sea_orm::{DbBackend, FromQueryResult, Statement, Value};

use super::placeholders;

/// Columns a list item needs, with its category and district names joined in.
pub(crate) const SUMMARY_COLUMNS: &str = "s.id, s.title, s.subtitle, s.address, \
     s.category_id, c.name AS category_name, s.district_id, d.name AS district_name, \
     s.min_price, s.min_guests, s.max_guests, s.like_count, s.review_count, s.rating_sum, s.created_at";

const SUMMARY_FROM: &str = "FROM spaces s \
     JOIN categories c ON c.id = s.category_id \
     JOIN districts d ON d.id = s.district_id";

/// A list item as read from the database.
#[derive(Debug, FromQueryResult)]
pub(crate) struct SummaryRow {
    pub id: i64,
    pub title: String,
    pub subtitle: String,
    pub address: String,
    pub category_id: i64,
    pub category_name: String,
    pub district_id: i64,
    pub district_name: String,
    pub min_price: i64,
    pub min_guests: i64,
    pub max_guests: i64,
    pub like_count: i64,
    pub review_count: i64,
    pub rating_sum: i64,
    pub created_at: chrono::DateTime<chrono::Utc>,
}

/// The detail page's own columns on top of the summary.
#[derive(Debug, FromQueryResult)]
pub(crate) struct DetailRow {
    pub description: String,
    pub latitude: f64,
    pub longitude: f64,
    pub booking_mode: String,
    pub open_from: Option<chrono::NaiveDate>,
    pub open_until: Option<chrono::NaiveDate>,
    pub hourly_rate: Option<i64>,
    pub min_hours: Option<i64>,
    pub host_id: i64,
    pub host_nickname: String,
}

/// One related row of a space: an image, a package or a facility.
#[derive(Debug, FromQueryResult)]
pub(crate) struct RelatedRow {
    pub kind: String,
    pub id: i64,
    pub space_id: i64,
    pub label: String,
    pub n1: i64,
    pub n2: i64,
    pub n3: i64,
}

/// `WHERE …` for the list filters and its bound values.
fn filters(query: &SpaceQuery) -> (String, Vec<Value>) {
    let mut clauses = vec!["s.deleted_at IS NULL".to_owned()];
    let mut values: Vec<Value> = Vec::new();
    if let Some(host) = query.host {
        clauses.push("s.host_id = ?".to_owned());
        values.push(host.get().into());
    }
    if !query.categories.is_empty() {
        clauses.push(format!(
            "s.category_id IN ({})",
            placeholders(query.categories.len())
        ));
        values.extend(query.categories.iter().map(|c| Value::from(c.get())));
    }
    if !query.districts.is_empty() {
        clauses.push(format!(
            "s.district_id IN ({})",
            placeholders(query.districts.len())
        ));
        values.extend(query.districts.iter().map(|d| Value::from(d.get())));
    }
    let sql = format!("WHERE {}", clauses.join(" AND "));
    (sql, values)
}

/// One page of matching spaces, most liked first, then best rated, then oldest id.
pub(crate) fn list_page(backend: DbBackend, query: &SpaceQuery) -> Statement {
    let (filter, mut values) = filters(query);
    let order = if query.host.is_some() {
        // A host's own list: newest first.
        "s.id DESC"
    } else {
        "s.like_count DESC, \
         CASE WHEN s.review_count > 0 THEN s.rating_sum * 1.0 / s.review_count ELSE 0 END DESC, \
         s.id ASC"
    };
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS} {SUMMARY_FROM} {filter} ORDER BY {order} LIMIT ? OFFSET ?"
    );
    values.push(i64::from(query.page.per_page()).into());
    values.push((query.page.offset() as i64).into());
    Statement::from_sql_and_values(backend, sql, values)
}

/// The number of matching spaces.
pub(crate) fn list_total(backend: DbBackend, query: &SpaceQuery) -> Statement {
    let (filter, values) = filters(query);
    let sql = format!("SELECT COUNT(*) AS total FROM spaces s {filter}");
    Statement::from_sql_and_values(backend, sql, values)
}

/// A space with its summary and detail columns and its host's nickname.
pub(crate) fn detail(backend: DbBackend, id: i64) -> Statement {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, s.description, s.latitude, s.longitude, s.booking_mode, \
         s.open_from, s.open_until, s.hourly_rate, s.min_hours, s.host_id, \
         u.nickname AS host_nickname {SUMMARY_FROM} JOIN users u ON u.id = s.host_id \
         WHERE s.id = ? AND s.deleted_at IS NULL"
    );
    Statement::from_sql_and_values(backend, sql, [id.into()])
}

/// Which related rows to fetch.
#[derive(Debug, Clone, Copy)]
pub(crate) struct Related {
    pub options_and_facilities: bool,
}

/// Images (and, for the detail, packages and facilities) of all `ids`, in one statement.
/// `n1..n3` carry position, or start hour, end hour and price.
pub(crate) fn related(backend: DbBackend, ids: &[i64], what: Related) -> Statement {
    let marks = placeholders(ids.len());
    let mut parts = vec![format!(
        "SELECT 'image' AS kind, i.id, i.space_id, i.url AS label, i.position AS n1, 0 AS n2, 0 AS n3 \
         FROM space_images i WHERE i.space_id IN ({marks})"
    )];
    if what.options_and_facilities {
        parts.push(format!(
            "SELECT 'option', o.id, o.space_id, o.name, o.start_hour, o.end_hour, o.price \
             FROM price_options o WHERE o.space_id IN ({marks})"
        ));
        parts.push(format!(
            "SELECT 'facility', f.id, sf.space_id, f.name, f.position, 0, 0 \
             FROM space_facilities sf JOIN facilities f ON f.id = sf.facility_id \
             WHERE sf.space_id IN ({marks})"
        ));
    }
    let values: Vec<Value> = parts
        .iter()
        .flat_map(|_| ids.iter().map(|id| Value::from(*id)))
        .collect();
    let sql = format!(
        "{} ORDER BY space_id, kind, n1, id",
        parts.join(" UNION ALL ")
    );
    Statement::from_sql_and_values(backend, sql, values)
}
