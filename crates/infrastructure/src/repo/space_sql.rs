//! The SQL behind space reads, written once for SQLite and MySQL (both take `?` parameters
//! and the same join and `UNION ALL` syntax). Each read is at most three statements: the
//! rows, their related rows in one batched query, and the total.

use chrono::Days;
use ourspace_domain::shared::Coordinates;
use ourspace_domain::shared::paging::COUNT_CAP;
use ourspace_domain::space::calendar::HourMask;
use ourspace_domain::space::{Availability, Near, SpaceQuery, SpaceSort};
use sea_orm::sea_query::{
    Alias, Expr, ExprTrait, JoinType, MysqlQueryBuilder, Query, SelectStatement,
};
use sea_orm::{DbBackend, FromQueryResult, Statement, Value};

use super::{facility_bit, facility_mask, placeholders};
use ourspace_migration::search_grams::bigrams;

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

/// The condition (on the calendar row `sc` of the searched date) under which a row hides
/// its space at `a.now` (see `DayHolds::hides`): with hours, one of them held by a paid
/// order or by a waiting one while the row's waiting holds last; without, nothing left to
/// book.
fn hides(a: &Availability) -> sea_orm::sea_query::Expr {
    let lasting = || Expr::col(("sc", "waiting_until")).gt(a.now);
    match a.hours {
        Some(hours) => {
            let mask = HourMask::of_range(hours).as_i64();
            let held = |column| Expr::col(("sc", column)).bit_and(mask).ne(0);
            held("confirmed_hours").or(held("waiting_hours").and(lasting()))
        }
        None => Expr::col(("sc", "closed_confirmed"))
            .eq(true)
            .or(Expr::col(("sc", "closed_any")).eq(true).and(lasting())),
    }
}

/// Bookable on the date: open then, and no calendar row of the date that hides the space.
/// Most spaces have no row for a date, and each candidate is one primary-key probe.
fn available(sql: &mut Sql, a: &Availability) {
    sql.push(
        " AND (s.open_from IS NULL OR s.open_from <= ?) AND (s.open_until IS NULL OR s.open_until >= ?)",
        [a.date.into(), a.date.into()],
    );
    let row = Query::select()
        .expr(Expr::val(1))
        .from_as("space_calendar", "sc")
        .and_where(Expr::col(("sc", "space_id")).equals(("s", "id")))
        .and_where(Expr::col(("sc", "date")).eq(a.date))
        .and_where(hides(a))
        .to_owned();
    sql.push_select(" AND NOT EXISTS (", &row, ")");
}

/// The ids of the spaces a search on the date cannot show, whatever else it asks: hidden by
/// the date's calendar row, or closed on the date. Few, and each read through an index.
fn unavailable_ids(sql: &mut Sql, a: &Availability) {
    let hidden = Query::select()
        .expr_as(Expr::col(("sc", "space_id")), "id")
        .from_as("space_calendar", "sc")
        .and_where(Expr::col(("sc", "date")).eq(a.date))
        .and_where(hides(a))
        .to_owned();
    sql.push_select("", &hidden, "");
    sql.push(
        " UNION SELECT o.id FROM spaces o WHERE o.open_from > ? \
         UNION SELECT o.id FROM spaces o WHERE o.open_until < ?",
        [a.date.into(), a.date.into()],
    );
}

/// The keyword's filter: one byte-wise `LIKE` over the stored, lower-cased text of every
/// searchable field (see `space_write::search_text_of`), after reading the spaces that have
/// every bigram of the keyword from `space_grams`. A two-character keyword is its own gram:
/// having it is matching it, and no `LIKE` is needed.
fn keyword_filter(sql: &mut Sql, keyword: &str) {
    let lowered = keyword.to_lowercase();
    let grams = bigrams(&lowered);
    if grams.len() == 1 && lowered.chars().count() == 2 {
        sql.push(
            " AND s.id IN (SELECT g.space_id FROM space_grams g WHERE g.gram = ?)",
            [lowered.into()],
        );
        return;
    }
    let grams: Vec<&String> = grams.iter().collect();
    if let Some((first, others)) = grams.split_first() {
        // The postings of the first gram, each probed (primary key) for every other gram.
        let mut having = Query::select();
        having
            .column(("g0", "space_id"))
            .from_as("space_grams", "g0")
            .and_where(Expr::col(("g0", "gram")).eq(first.as_str()));
        for (i, gram) in others.iter().enumerate() {
            let alias = Alias::new(format!("g{}", i + 1));
            having.join_as(
                JoinType::InnerJoin,
                "space_grams",
                alias.clone(),
                Expr::col((alias.clone(), "space_id"))
                    .equals(("g0", "space_id"))
                    .and(Expr::col((alias, "gram")).eq(gram.as_str())),
            );
        }
        sql.push_select(" AND s.id IN (", &having, ")");
    }
    let pattern = like_pattern(&lowered);
    sql.push(" AND s.search_text LIKE ? ESCAPE '!'", [pattern.into()]);
}

/// `WHERE …` for every filter of `query`.
fn filters(sql: &mut Sql, query: &SpaceQuery) {
    sql.push(" WHERE s.deleted_at IS NULL", []);
    if let Some(host) = query.host {
        sql.push(" AND s.host_id = ?", [host.get().into()]);
    }
    if let Some(user) = query.liked_by {
        sql.push(
            " AND s.id IN (SELECT lk.space_id FROM likes lk WHERE lk.user_id = ?)",
            [user.get().into()],
        );
    }
    if !query.categories.is_empty() {
        let marks = placeholders(query.categories.len());
        sql.push(
            &format!(" AND s.category_id IN ({marks})"),
            query.categories.iter().map(|c| c.get().into()),
        );
    }
    if !query.districts.is_empty() {
        let marks = placeholders(query.districts.len());
        sql.push(
            &format!(" AND s.district_id IN ({marks})"),
            query.districts.iter().map(|d| d.get().into()),
        );
    }
    if let Some(keyword) = &query.keyword {
        keyword_filter(sql, keyword);
    }
    if let Some(guests) = query.guests {
        sql.push(
            " AND s.min_guests <= ? AND s.max_guests >= ?",
            [i32::from(guests).into(), i32::from(guests).into()],
        );
    }
    // All required: the bits of the space's kept mask, read with the row, and for an id
    // past the mask's 63 bits a primary-key probe of `space_facilities`.
    let mask = facility_mask(&query.facilities);
    if mask != 0 {
        sql.push(" AND (s.facility_mask & ?) = ?", [mask.into(), mask.into()]);
    }
    for facility in query
        .facilities
        .iter()
        .filter(|f| facility_bit(**f).is_none())
    {
        let has = Query::select()
            .expr(Expr::val(1))
            .from_as("space_facilities", "sf")
            .and_where(Expr::col(("sf", "space_id")).equals(("s", "id")))
            .and_where(Expr::col(("sf", "facility_id")).eq(facility.get()))
            .to_owned();
        sql.push_select(" AND EXISTS (", &has, ")");
    }
    if let Some(min) = query.min_price {
        sql.push(" AND s.min_price >= ?", [min.get().into()]);
    }
    if let Some(max) = query.max_price {
        sql.push(" AND s.min_price <= ?", [max.get().into()]);
    }
    if let Some(a) = &query.availability {
        available(sql, a);
    }
    if let Some(Near {
        center,
        radius_km: Some(radius),
    }) = query.near
    {
        // A box around the circle first (the latitude index, longitude checked inside the
        // index), then the exact great-circle test. A degree of latitude is at least 110.5 km.
        let band = radius / 110.5;
        sql.push(
            " AND s.latitude BETWEEN ? AND ?",
            [
                (center.latitude() - band).into(),
                (center.latitude() + band).into(),
            ],
        );
        if let Some(width) = longitude_half_width(center, radius) {
            sql.push(
                " AND s.longitude BETWEEN ? AND ?",
                [
                    (center.longitude() - width).into(),
                    (center.longitude() + width).into(),
                ],
            );
        }
        sql.push(" AND ", []);
        dot(sql, center);
        sql.push(" >= ?", [Coordinates::min_dot_within(radius).into()]);
    }
}

/// Half the width in degrees of longitude of a box that holds every point within
/// `radius_km` of `center` (with a margin), or `None` where no such box is narrow and
/// simple: near the poles, across the antimeridian, or for radii over 500 km.
fn longitude_half_width(center: Coordinates, radius_km: f64) -> Option<f64> {
    let cos = center.latitude().to_radians().cos();
    if radius_km > 500.0 || cos < 0.1 {
        return None;
    }
    let width = radius_km / (110.5 * cos) * 1.05;
    let (west, east) = (center.longitude() - width, center.longitude() + width);
    (west > -180.0 && east < 180.0).then_some(width)
}

/// The dot product of the space's unit vector with `center`'s.
fn dot(sql: &mut Sql, center: Coordinates) {
    let (x, y, z) = center.unit_vector();
    sql.push(
        "(s.geo_x * ? + s.geo_y * ? + s.geo_z * ?)",
        [x.into(), y.into(), z.into()],
    );
}

/// `ORDER BY …` for the query's sort; every order ends with the id. Descending sorts break
/// ties by descending id, so each order is one index walked backwards.
fn order(sql: &mut Sql, query: &SpaceQuery) {
    let popular = "s.like_count DESC, s.rating_avg DESC";
    sql.push(" ORDER BY ", []);
    match (query.host, query.sort) {
        (Some(_), _) | (None, SpaceSort::Newest) => sql.push("s.created_at DESC, s.id DESC", []),
        (None, SpaceSort::Popular) => sql.push(&format!("{popular}, s.id DESC"), []),
        (None, SpaceSort::PriceAsc) => sql.push("s.min_price ASC, s.id ASC", []),
        (None, SpaceSort::PriceDesc) => sql.push("s.min_price DESC, s.id DESC", []),
        (None, SpaceSort::Rating) => {
            sql.push("s.rating_avg DESC, s.review_count DESC, s.id DESC", [])
        }
        (None, SpaceSort::Distance) => sql.push("geo_dot DESC, s.id ASC", []),
        (None, SpaceSort::Relevance) => {
            let pattern = like_pattern(query.keyword.as_deref().unwrap_or_default());
            sql.push(
                &format!(
                    "CASE WHEN s.title LIKE ? ESCAPE '!' THEN 0 ELSE 1 END, {popular}, s.id DESC"
                ),
                [pattern.into()],
            )
        }
    };
}

/// The columns of `spaces` a list item needs, picked before the names are joined.
const PAGE_COLUMNS: &str = "s.id, s.title, s.subtitle, s.address, s.category_id, s.district_id, \
     s.min_price, s.min_guests, s.max_guests, s.like_count, s.review_count, s.rating_sum, \
     s.rating_avg, s.created_at";

/// One page of matching spaces in the query's order: the page is picked from `spaces`
/// alone (an index walk for the plain sorts), then the category and district names are
/// joined to its rows. Carries the dot product with the center when the query has one.
pub(crate) fn list_page(backend: DbBackend, query: &SpaceQuery) -> Statement {
    // Searches that read every row anyway count their matches in the same pass.
    let total = if is_unfiltered(query) {
        LIVE_TOTAL
    } else if counts_in_page(query) {
        "COUNT(*) OVER ()"
    } else {
        "NULL"
    };
    page_statement(backend, query, total)
}

/// How far the first try of a nearest-first page looks (see [`near_first_try`]).
pub(crate) const NEAR_FIRST_TRY_KM: f64 = 2.0;

/// For a nearest-first page of an otherwise unfiltered search: the same page looked for
/// within [`NEAR_FIRST_TRY_KM`] of the center only, read through the latitude index instead
/// of ranking every space. When it comes back full it is the page, since every space
/// outside that circle is farther than every space inside it; otherwise the caller runs
/// [`list_page`].
pub(crate) fn near_first_try(backend: DbBackend, query: &SpaceQuery) -> Option<Statement> {
    let near = query.near?;
    if query.sort != SpaceSort::Distance || !is_unfiltered(query) {
        return None;
    }
    let bounded = SpaceQuery {
        near: Some(Near {
            center: near.center,
            radius_km: Some(NEAR_FIRST_TRY_KM),
        }),
        ..query.clone()
    };
    Some(page_statement(backend, &bounded, LIVE_TOTAL))
}

/// The page statement with `total` as its `total_matches` column.
fn page_statement(backend: DbBackend, query: &SpaceQuery, total: &str) -> Statement {
    let mut sql = Sql::default();
    let window = total;
    sql.push(
        &format!(
            "SELECT {SUMMARY_COLUMNS}, s.geo_dot, s.total_matches FROM (SELECT {PAGE_COLUMNS}, \
             {window} AS total_matches, "
        ),
        [],
    );
    match query.near {
        Some(near) => dot(&mut sql, near.center),
        None => {
            sql.push("CAST(0 AS DOUBLE)", []);
        }
    }
    sql.push(" AS geo_dot FROM spaces s", []);
    filters(&mut sql, query);
    order(&mut sql, query);
    sql.push(
        " LIMIT ? OFFSET ?) s JOIN categories c ON c.id = s.category_id JOIN districts d ON d.id = s.district_id",
        [i64::from(query.page.per_page()).into(), (query.page.offset() as i64).into()],
    );
    order(&mut sql, query);
    sql.statement(backend)
}

/// The number of live spaces, kept in step on write (`space_totals`).
const LIVE_TOTAL: &str = "(SELECT t.live FROM space_totals t WHERE t.id = 1)";

/// Whether the query filters nothing (sort, page and a center without a radius only): its
/// total is every live space, read from `space_totals` instead of counted.
pub(crate) fn is_unfiltered(query: &SpaceQuery) -> bool {
    query.categories.is_empty()
        && query.districts.is_empty()
        && query.host.is_none()
        && query.liked_by.is_none()
        && query.keyword.is_none()
        && query.guests.is_none()
        && query.facilities.is_empty()
        && query.min_price.is_none()
        && query.max_price.is_none()
        && query.availability.is_none()
        && query.near.is_none_or(|n| n.radius_km.is_none())
}

/// The keyword of a search by a two-character keyword alone (no other filter), when it is
/// one bigram: a live space matches exactly when it has that gram (grams are written for
/// live spaces only), so the total is a count of the gram's postings.
pub(crate) fn single_gram(query: &SpaceQuery) -> Option<String> {
    let keyword = query.keyword.as_ref()?.to_lowercase();
    let only_keyword = SpaceQuery {
        keyword: None,
        page: query.page,
        sort: query.sort,
        ..query.clone()
    };
    let grams = bigrams(&keyword);
    let gram = grams.first()?;
    (keyword.chars().count() == 2
        && grams.len() == 1
        && is_unfiltered(&only_keyword)
        && query.near.is_none())
    .then(|| gram.clone())
}

/// Whether the page statement also counts the matches (`total_matches`): a host's or a
/// liker's spaces are few, and counting them in the page leaves a signed-in list its user
/// lookup within three statements. Other searches count separately (up to the cap where
/// counting means reading every candidate), so their page can walk a sort index and stop.
pub(crate) fn counts_in_page(query: &SpaceQuery) -> bool {
    query.host.is_some() || query.liked_by.is_some()
}

/// How a list's total is counted.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Counting {
    /// Every match counted (from kept counts or an index).
    Exact,
    /// Counting stops one past [`COUNT_CAP`]: finding every match would read every
    /// candidate.
    UpToCap,
}

/// The number of matching spaces, and how it was counted. Exact where that is cheap:
/// nothing filtered (the kept count), a two-character keyword alone (its postings), and a
/// date with either of those (that count less the few spaces the date excludes, see
/// [`unavailable_ids`]). Everything else counts up to one past the cap.
pub(crate) fn list_total(backend: DbBackend, query: &SpaceQuery) -> (Statement, Counting) {
    let mut sql = Sql::default();
    let rest = SpaceQuery {
        availability: None,
        ..query.clone()
    };
    let counting = if !is_exactly_countable(&rest) {
        sql.push(
            "SELECT COUNT(*) AS total FROM (SELECT 1 AS one FROM spaces s",
            [],
        );
        filters(&mut sql, query);
        sql.push(
            " LIMIT ?) t",
            [i64::try_from(COUNT_CAP + 1).unwrap_or(i64::MAX).into()],
        );
        Counting::UpToCap
    } else if let Some(a) = &query.availability {
        sql.push("SELECT (", []);
        total_without_date(&mut sql, &rest);
        sql.push(") - (SELECT COUNT(*) FROM (", []);
        unavailable_ids(&mut sql, a);
        sql.push(") u JOIN spaces s ON s.id = u.id", []);
        filters(&mut sql, &rest);
        sql.push(") AS total", []);
        Counting::Exact
    } else {
        total_without_date(&mut sql, query);
        Counting::Exact
    };
    (sql.statement(backend), counting)
}

/// Whether a query without a date is counted from a kept count or its gram's postings.
fn is_exactly_countable(query: &SpaceQuery) -> bool {
    is_unfiltered(query) || single_gram(query).is_some()
}

/// `SELECT … AS total` for a query without a date that [`is_exactly_countable`].
fn total_without_date(sql: &mut Sql, query: &SpaceQuery) {
    match single_gram(query) {
        Some(gram) => {
            sql.push(
                "SELECT COUNT(*) AS total FROM space_grams g WHERE g.gram = ?",
                [gram.into()],
            );
        }
        None => {
            sql.push(&format!("SELECT {LIVE_TOTAL} AS total"), []);
        }
    }
}

/// The hours held on `date` and the next day (0–47 from midnight of `date`).
pub(crate) fn held_hours(backend: DbBackend, id: i64, a: &Availability) -> Statement {
    let mut sql = Sql::default();
    sql.push(&format!("SELECT DISTINCT {SLOT_HOUR} AS hour FROM order_slots os JOIN orders o ON o.id = os.order_id "), [a.date.into()]);
    sql.push(
        "WHERE os.space_id = ? AND os.date IN (?, ?) \
         AND (o.status = 'confirmed' OR (o.status IN ('requested', 'pending') AND o.expires_at > ?)) ORDER BY hour",
        [id.into(), a.date.into(), (a.date + Days::new(1)).into(), a.now.into()],
    );
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

#[cfg(test)]
mod tests {
    use super::*;
    use ourspace_domain::shared::{CategoryId, FacilityId, HourRange, Page, UserId, Won};

    fn full_query(hours: Option<HourRange>, sort: SpaceSort) -> SpaceQuery {
        SpaceQuery {
            page: Page::new(Some(2), Some(10)).unwrap(),
            categories: vec![CategoryId(1), CategoryId(2)],
            keyword: Some("파티_100%".into()),
            guests: Some(4),
            facilities: vec![FacilityId(1), FacilityId(3)],
            min_price: Some(Won::new(1).unwrap()),
            max_price: Some(Won::new(9).unwrap()),
            availability: Some(Availability {
                date: "2099-01-01".parse().unwrap(),
                hours,
                now: "2026-11-26T00:00:00Z".parse().unwrap(),
            }),
            near: Some(Near {
                center: Coordinates::new(37.5, 127.0).unwrap(),
                radius_km: Some(3.0),
            }),
            sort,
            ..SpaceQuery::default()
        }
    }

    fn placeholders_match(stmt: &Statement) {
        let marks = stmt.sql.matches('?').count();
        let values = stmt.values.as_ref().map_or(0, |v| v.0.len());
        assert_eq!(marks, values, "{}", stmt.sql);
    }

    #[test]
    fn the_box_around_a_circle_holds_its_farthest_points() {
        let seoul = Coordinates::new(37.5, 127.0).unwrap();
        let width = longitude_half_width(seoul, 10.0).unwrap();
        // Due east and due west, 10 km away, lie inside the box.
        let east =
            Coordinates::new(37.5, 127.0 + 10.0 / (111.19 * 37.5_f64.to_radians().cos())).unwrap();
        assert!(east.longitude() - 127.0 < width);
        assert!(longitude_half_width(Coordinates::new(89.0, 0.0).unwrap(), 10.0).is_none());
        assert!(longitude_half_width(Coordinates::new(0.0, 179.99).unwrap(), 10.0).is_none());
        assert!(longitude_half_width(seoul, 600.0).is_none());
    }

    #[test]
    fn keywords_match_percent_and_underscore_literally() {
        assert_eq!(like_pattern("100%"), "%100!%%");
        assert_eq!(like_pattern("a_b!"), "%a!_b!!%");
        assert_eq!(like_pattern("파티"), "%파티%");
    }

    #[test]
    fn every_filter_and_sort_binds_one_value_per_placeholder() {
        let sorts = [
            SpaceSort::Popular,
            SpaceSort::PriceAsc,
            SpaceSort::PriceDesc,
            SpaceSort::Rating,
            SpaceSort::Newest,
            SpaceSort::Distance,
            SpaceSort::Relevance,
        ];
        for sort in sorts {
            for hours in [None, Some(HourRange::new(22, 26).unwrap())] {
                let query = full_query(hours, sort);
                for backend in [DbBackend::Sqlite, DbBackend::MySql] {
                    placeholders_match(&list_page(backend, &query));
                    placeholders_match(&list_total(backend, &query).0);
                }
            }
        }
        let a = full_query(None, SpaceSort::Popular).availability.unwrap();
        placeholders_match(&held_hours(DbBackend::MySql, 1, &a));
    }

    #[test]
    fn a_two_character_keyword_alone_is_counted_from_its_gram() {
        let query = |k: &str, category: Vec<CategoryId>| SpaceQuery {
            keyword: Some(k.into()),
            categories: category,
            ..SpaceQuery::default()
        };
        let alone = query("파티", vec![]);
        assert_eq!(single_gram(&alone).as_deref(), Some("파티"));
        assert!(
            list_total(DbBackend::MySql, &alone)
                .0
                .sql
                .contains("FROM space_grams g WHERE g.gram = ?")
        );
        assert!(!list_page(DbBackend::MySql, &alone).sql.contains("OVER ()"));
        for other in [
            query("파티룸", vec![]),
            query("파티", vec![CategoryId(1)]),
            query("a b", vec![]),
        ] {
            assert!(single_gram(&other).is_none(), "{other:?}");
        }
    }

    #[test]
    fn a_keyword_of_two_or_more_characters_reads_the_gram_index_first() {
        let query = |k: &str| SpaceQuery {
            keyword: Some(k.into()),
            ..SpaceQuery::default()
        };
        let two = list_page(DbBackend::MySql, &query("파티룸"));
        assert!(
            two.sql
                .contains("FROM `space_grams` AS `g0` INNER JOIN `space_grams` AS `g1`"),
            "{}",
            two.sql
        );
        placeholders_match(&two);
        let one = list_page(DbBackend::MySql, &query("파"));
        assert!(!one.sql.contains("space_grams"), "{}", one.sql);
    }

    #[test]
    fn totals_are_exact_where_cheap_and_capped_where_counting_reads_every_candidate() {
        let near = |radius_km| Near {
            center: Coordinates::new(37.5, 127.0).unwrap(),
            radius_km,
        };
        let date = Some(Availability {
            date: "2099-01-01".parse().unwrap(),
            hours: None,
            now: "2026-11-26T00:00:00Z".parse().unwrap(),
        });
        let exact = [
            SpaceQuery::default(),
            SpaceQuery {
                near: Some(near(None)),
                sort: SpaceSort::Distance,
                ..SpaceQuery::default()
            },
            SpaceQuery {
                availability: date,
                ..SpaceQuery::default()
            },
            SpaceQuery {
                keyword: Some("파티".into()),
                availability: date,
                ..SpaceQuery::default()
            },
        ];
        for query in exact {
            let (stmt, counting) = list_total(DbBackend::MySql, &query);
            assert_eq!(counting, Counting::Exact, "{query:?}");
            assert!(!stmt.sql.contains("LIMIT"), "{}", stmt.sql);
        }
        let capped = [
            SpaceQuery {
                categories: vec![CategoryId(1)],
                ..SpaceQuery::default()
            },
            SpaceQuery {
                keyword: Some("파티룸".into()),
                ..SpaceQuery::default()
            },
            SpaceQuery {
                guests: Some(4),
                availability: date,
                ..SpaceQuery::default()
            },
            SpaceQuery {
                near: Some(near(Some(3.0))),
                ..SpaceQuery::default()
            },
        ];
        for query in capped {
            let (stmt, counting) = list_total(DbBackend::MySql, &query);
            assert_eq!(counting, Counting::UpToCap, "{query:?}");
            assert!(stmt.sql.ends_with("LIMIT ?) t"), "{}", stmt.sql);
            assert!(!list_page(DbBackend::MySql, &query).sql.contains("OVER ()"));
        }
        let unfiltered = list_page(DbBackend::MySql, &SpaceQuery::default()).sql;
        assert!(unfiltered.contains("FROM space_totals"), "{unfiltered}");
        let hosted = SpaceQuery {
            host: Some(UserId(7)),
            ..SpaceQuery::default()
        };
        assert!(
            list_page(DbBackend::MySql, &hosted)
                .sql
                .contains("COUNT(*) OVER ()")
        );
    }

    #[test]
    fn a_hosts_own_list_is_newest_first_and_only_theirs() {
        let query = SpaceQuery {
            host: Some(UserId(7)),
            ..SpaceQuery::default()
        };
        let sql = list_page(DbBackend::Sqlite, &query).sql;
        assert!(
            sql.contains("s.host_id = ?") && sql.contains("ORDER BY s.created_at DESC, s.id DESC"),
            "{sql}"
        );
    }

    #[test]
    fn a_radius_uses_the_indexed_latitude_band_and_the_exact_dot_product() {
        let sql = list_total(DbBackend::MySql, &full_query(None, SpaceSort::Popular))
            .0
            .sql;
        assert!(sql.contains("s.latitude BETWEEN ? AND ?"), "{sql}");
        assert!(
            sql.contains("(s.geo_x * ? + s.geo_y * ? + s.geo_z * ?) >= ?"),
            "{sql}"
        );
    }
}
