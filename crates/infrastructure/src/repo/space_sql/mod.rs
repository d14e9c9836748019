//! The SQL behind space reads, written once for SQLite and MySQL (both take `?` parameters
//! and the same join and `UNION ALL` syntax). Each read is at most three statements: the
//! rows, their related rows in one batched query, and the total.

use chrono::Days;
use ourspace_domain::space::Availability;
use sea_orm::sea_query::{MysqlQueryBuilder, SelectStatement};
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
    /// The dot product with the search center's unit vector (0 without a center).
    pub geo_dot: f64,
    /// The number of matches, when the page statement counted them.
    pub total_matches: Option<i64>,
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
    /// An image's thumbnail URL.
    pub extra: Option<String>,
}

/// SQL text with its bound values, in placeholder order.
#[derive(Debug, Default)]
pub(crate) struct Sql {
    pub text: String,
    pub values: Vec<Value>,
}

impl Sql {
    pub(crate) fn push(
        &mut self,
        text: &str,
        values: impl IntoIterator<Item = Value>,
    ) -> &mut Self {
        self.text.push_str(text);
        self.values.extend(values);
        self
    }

    /// Appends `select` (rendered for MySQL: both backends take its `?` placeholders and
    /// quoting here) between `before` and `after`.
    pub(crate) fn push_select(&mut self, before: &str, select: &SelectStatement, after: &str) {
        let (text, values) = select.build(MysqlQueryBuilder);
        self.push(before, []).push(&text, values.0).push(after, []);
    }

    pub(crate) fn statement(self, backend: DbBackend) -> Statement {
        Statement::from_sql_and_values(backend, self.text, self.values)
    }
}

/// `LIKE` pattern for a keyword with `%`, `_` and the escape character taken literally.
pub(crate) fn like_pattern(keyword: &str) -> String {
    let mut pattern = String::from("%");
    for c in keyword.chars() {
        if matches!(c, '%' | '_' | '!') {
            pattern.push('!');
        }
        pattern.push(c);
    }
    pattern.push('%');
    pattern
}

/// The hours (0–47 from midnight of the searched date) a slot row stands for.
const SLOT_HOUR: &str = "(CASE WHEN os.date = ? THEN os.hour ELSE os.hour + 24 END)";

/// The hours held on `date` and the next day (0–47 from midnight of `date`).
pub(crate) fn held_hours(backend: DbBackend, id: i64, a: &Availability) -> Statement {
    let mut sql = Sql::default();
    sql.push(&format!("SELECT DISTINCT {SLOT_HOUR} AS hour FROM order_slots os JOIN orders o ON o.id = os.order_id "), [a.date.into()]);
    sql.push(
        "WHERE os.space_id = ? AND os.date IN (?, ?) AND ",
        [id.into(), a.date.into(), (a.date + Days::new(1)).into()],
    );
    let (holding, values) = super::status_sql::holds_hours_at("o.", a.now);
    sql.push(&holding, values).push(" ORDER BY hour", []);
    sql.statement(backend)
}

/// A space with its summary and detail columns and its host's nickname.
pub(crate) fn detail(backend: DbBackend, id: i64) -> Statement {
    let sql = format!(
        "SELECT {SUMMARY_COLUMNS}, s.description, s.latitude, s.longitude, s.booking_mode, \
         s.open_from, s.open_until, s.hourly_rate, s.min_hours, s.host_id, \
         u.nickname AS host_nickname, CAST(0 AS DOUBLE) AS geo_dot, NULL AS total_matches \
         {SUMMARY_FROM} \
         JOIN users u ON u.id = s.host_id \
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
        "SELECT 'image' AS kind, i.id, i.space_id, i.url AS label, i.position AS n1, 0 AS n2, 0 AS n3, \
         i.thumbnail_url AS extra FROM space_images i WHERE i.space_id IN ({marks})"
    )];
    if what.options_and_facilities {
        parts.push(format!(
            "SELECT 'option', o.id, o.space_id, o.name, o.start_hour, o.end_hour, o.price, NULL \
             FROM price_options o WHERE o.space_id IN ({marks})"
        ));
        parts.push(format!(
            "SELECT 'facility', f.id, sf.space_id, f.name, f.position, 0, 0, NULL \
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

mod filters;
mod hints;
mod list;
mod relevance;

pub(crate) use list::{Counting, list_page, list_total, near_first_try};

#[cfg(test)]
mod tests;
