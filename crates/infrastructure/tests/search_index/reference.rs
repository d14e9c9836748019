//! The obviously correct search: every live row read from the database, then a plain
//! filter and sort in memory. Availability comes from the calendar recomputed from the
//! booked slots (`calendar_from_slots`) and the space's packages, by the domain's rule of
//! what a held hour hides.

use chrono::{DateTime, NaiveDate, Utc};
use ourspace_calendar::{Calendar, calendar_from_slots};
use ourspace_domain::shared::{Coordinates, HourRange};
use ourspace_domain::space::calendar::Offers;
use ourspace_domain::space::{SpaceQuery, SpaceSort};
use sea_orm::{ConnectionTrait, DatabaseConnection, QueryResult, Statement};
use std::cmp::Ordering;
use std::collections::HashMap;

/// A live space as its rows say.
pub struct Row {
    pub id: i64,
    title: String,
    text: String,
    category: i64,
    district: i64,
    guests: (i64, i64),
    price: i64,
    at: (f64, f64),
    open: (Option<NaiveDate>, Option<NaiveDate>),
    likes: i64,
    reviews: i64,
    rating_sum: i64,
    created: DateTime<Utc>,
    facilities: Vec<i64>,
    packages: Vec<HourRange>,
    min_hours: Option<u8>,
}

async fn all(db: &DatabaseConnection, sql: &str) -> Vec<QueryResult> {
    let stmt = Statement::from_string(db.get_database_backend(), sql);
    db.query_all_raw(stmt).await.unwrap()
}

fn get<T: sea_orm::TryGetable>(row: &QueryResult, column: &str) -> T {
    row.try_get("", column).unwrap()
}

/// Every live space, with its facilities and packages, and the calendar of the slots.
pub async fn read(db: &DatabaseConnection) -> (Vec<Row>, Calendar) {
    let mut facilities: HashMap<i64, Vec<i64>> = HashMap::new();
    for r in all(db, "SELECT space_id, facility_id FROM space_facilities").await {
        facilities
            .entry(get(&r, "space_id"))
            .or_default()
            .push(get(&r, "facility_id"));
    }
    let mut packages: HashMap<i64, Vec<HourRange>> = HashMap::new();
    for r in all(
        db,
        "SELECT space_id, start_hour, end_hour FROM price_options",
    )
    .await
    {
        let (start, end): (i32, i32) = (get(&r, "start_hour"), get(&r, "end_hour"));
        let range = HourRange::new(start.into(), end.into()).unwrap();
        packages.entry(get(&r, "space_id")).or_default().push(range);
    }
    let sql = "SELECT id, title, search_text, category_id, district_id, min_guests, max_guests, \
               min_price, latitude, longitude, open_from, open_until, like_count, review_count, \
               rating_sum, created_at, hourly_rate, min_hours FROM spaces WHERE deleted_at IS NULL";
    let mut rows = Vec::new();
    for r in all(db, sql).await {
        let id: i64 = get(&r, "id");
        let hourly: Option<i64> = get(&r, "hourly_rate");
        let min_hours: Option<i32> = get(&r, "min_hours");
        rows.push(Row {
            id,
            title: get(&r, "title"),
            text: get(&r, "search_text"),
            category: get(&r, "category_id"),
            district: get(&r, "district_id"),
            guests: (
                get::<i32>(&r, "min_guests").into(),
                get::<i32>(&r, "max_guests").into(),
            ),
            price: get(&r, "min_price"),
            at: (get(&r, "latitude"), get(&r, "longitude")),
            open: (get(&r, "open_from"), get(&r, "open_until")),
            likes: get::<i32>(&r, "like_count").into(),
            reviews: get::<i32>(&r, "review_count").into(),
            rating_sum: get(&r, "rating_sum"),
            created: get(&r, "created_at"),
            facilities: facilities.remove(&id).unwrap_or_default(),
            packages: packages.remove(&id).unwrap_or_default(),
            min_hours: hourly.map(|_| u8::try_from(min_hours.unwrap_or(1)).unwrap()),
        });
    }
    (rows, calendar_from_slots(db).await.unwrap())
}

fn dot(row: &Row, center: Coordinates) -> f64 {
    let (x, y, z) = Coordinates::new(row.at.0, row.at.1).unwrap().unit_vector();
    let (cx, cy, cz) = center.unit_vector();
    x * cx + y * cy + z * cz
}

fn holds_every_word(text: &str, keyword: &str) -> bool {
    keyword
        .to_lowercase()
        .split_whitespace()
        .all(|word| text.to_lowercase().contains(word))
}

fn finds(row: &Row, calendar: &Calendar, q: &SpaceQuery) -> bool {
    let any = |ids: Vec<i64>, id: i64| ids.is_empty() || ids.contains(&id);
    let bookable = |a: &ourspace_domain::space::Availability| {
        let open = row.open.0.is_none_or(|f| f <= a.date) && row.open.1.is_none_or(|u| a.date <= u);
        let offers = Offers::new(row.packages.clone(), row.min_hours);
        let hidden = match calendar.get(&(row.id, a.date)) {
            Some(day) => day.holds.hides(&offers, a.hours, a.now),
            None => false,
        };
        open && !hidden
    };
    any(q.categories.iter().map(|c| c.get()).collect(), row.category)
        && any(q.districts.iter().map(|d| d.get()).collect(), row.district)
        && q.keyword
            .as_deref()
            .is_none_or(|k| holds_every_word(&row.text, k))
        && q.guests
            .is_none_or(|g| row.guests.0 <= i64::from(g) && i64::from(g) <= row.guests.1)
        && q.facilities
            .iter()
            .all(|f| row.facilities.contains(&f.get()))
        && q.min_price.is_none_or(|p| row.price >= p.get())
        && q.max_price.is_none_or(|p| row.price <= p.get())
        && q.availability.as_ref().is_none_or(bookable)
        && q.near.is_none_or(|n| {
            n.radius_km
                .is_none_or(|r| dot(row, n.center) >= Coordinates::min_dot_within(r))
        })
}

fn rating(row: &Row) -> f64 {
    if row.reviews == 0 {
        0.0
    } else {
        row.rating_sum as f64 / row.reviews as f64
    }
}

/// The order of two matches for `q`: `Less` when `a` comes first.
fn order(q: &SpaceQuery, a: &Row, b: &Row) -> Ordering {
    let popular = || b.likes.cmp(&a.likes).then(rating(b).total_cmp(&rating(a)));
    let by_id_desc = b.id.cmp(&a.id);
    match q.sort {
        SpaceSort::Popular => popular().then(by_id_desc),
        SpaceSort::PriceAsc => a.price.cmp(&b.price).then(a.id.cmp(&b.id)),
        SpaceSort::PriceDesc => b.price.cmp(&a.price).then(by_id_desc),
        SpaceSort::Rating => rating(b)
            .total_cmp(&rating(a))
            .then(b.reviews.cmp(&a.reviews))
            .then(by_id_desc),
        SpaceSort::Newest => b.created.cmp(&a.created).then(by_id_desc),
        SpaceSort::Distance => {
            let center = q.near.expect("a center").center;
            dot(b, center)
                .total_cmp(&dot(a, center))
                .then(a.id.cmp(&b.id))
        }
        SpaceSort::Relevance => {
            let keyword = q.keyword.as_deref().unwrap_or("");
            let titled = |r: &Row| holds_every_word(&r.title, keyword);
            titled(b)
                .cmp(&titled(a))
                .then_with(popular)
                .then(by_id_desc)
        }
    }
}

/// The ids of the page `q` asks for, in its order, and how many spaces match.
pub fn search(rows: &[Row], calendar: &Calendar, q: &SpaceQuery) -> (Vec<i64>, u64) {
    let mut found: Vec<&Row> = rows.iter().filter(|r| finds(r, calendar, q)).collect();
    found.sort_by(|a, b| order(q, a, b));
    let total = found.len() as u64;
    let page: Vec<i64> = found
        .iter()
        .skip(q.page.offset() as usize)
        .take(q.page.per_page() as usize)
        .map(|r| r.id)
        .collect();
    (page, total)
}
