//! What the benchmark asks: every search filter alone and with a date, three-way
//! combinations, every sort, deep and big pages, the detail, a day's availability,
//! booking with conflicts, and both recommendation endpoints (with and without a date). A
//! list line is written once, as the query string a client sends; the raw-SQL run parses
//! the same string with the domain's own `SearchParams`.

use chrono::{DateTime, NaiveDate, Utc};
use ourspace_domain::shared::BookingHorizon;
use ourspace_domain::shared::BoxError;
use ourspace_domain::space::{SearchParams, SpaceQuery};

/// The kind of request a line measures.
#[derive(Debug, Clone)]
pub enum Kind {
    /// `GET /api/v1/spaces?{query}`.
    List(Box<SpaceQuery>),
    /// `GET /api/v1/spaces/{id}` of a random space.
    Detail,
    /// `GET /api/v1/spaces/{id}/availability?date=…` of a random space.
    Availability,
    /// `POST /api/v1/orders` of a random package of a hot space on one of the next days,
    /// by a random guest: many land on hours already sold (409).
    Booking,
    /// `GET /api/v1/spaces/{id}/similar` of a random space, free on the date when given.
    Similar(Option<NaiveDate>),
    /// `GET /api/v1/users/me/recommendations` for a random guest (of those that book),
    /// free on the date when given.
    Recommendations(Option<NaiveDate>),
    /// The web search page, `GET /spaces?{query}` (its API twin is the list line).
    SearchPage(Box<SpaceQuery>),
    /// The web page of a random space with a day's availability and reviews.
    SpacePage,
}

/// One line of the matrix.
#[derive(Debug, Clone)]
pub struct Line {
    pub name: String,
    /// The list's query string (empty for other kinds).
    pub query: String,
    pub kind: Kind,
}

/// `?a=1&b=x,y` as the search parameters the API would parse.
pub(crate) fn params(query: &str) -> Result<SearchParams, BoxError> {
    let mut p = SearchParams::default();
    let ids = |v: &str| -> Result<Vec<i64>, BoxError> {
        v.split(',').map(|x| Ok(x.parse::<i64>()?)).collect()
    };
    for (key, value) in url::form_urlencoded::parse(query.as_bytes()) {
        let value = value.as_ref();
        match key.as_ref() {
            "q" => p.q = Some(value.to_owned()),
            "category" => p.categories = ids(value)?,
            "district" => p.districts = ids(value)?,
            "facilities" => p.facilities = ids(value)?,
            "guests" => p.guests = Some(value.parse()?),
            "min_price" => p.min_price = Some(value.parse()?),
            "max_price" => p.max_price = Some(value.parse()?),
            "date" => p.date = Some(value.parse()?),
            "start_hour" => p.start_hour = Some(value.parse()?),
            "end_hour" => p.end_hour = Some(value.parse()?),
            "lat" => p.lat = Some(value.parse()?),
            "lng" => p.lng = Some(value.parse()?),
            "radius_km" => p.radius_km = Some(value.parse()?),
            "sort" => p.sort = Some(value.to_owned()),
            "page" => p.page = Some(value.parse()?),
            "per_page" => p.per_page = Some(value.parse()?),
            other => return Err(format!("unknown parameter {other}").into()),
        }
    }
    Ok(p)
}

/// Every filter alone, and each with a date.
fn filter_queries(d: &str, near: &str) -> Vec<(&'static str, String)> {
    vec![
        ("list, no filter", String::new()),
        ("category", "category=1".into()),
        ("district", "district=8".into()),
        ("guests", "guests=4".into()),
        ("facilities (2, all required)", "facilities=1,2".into()),
        ("price range", "min_price=30000&max_price=60000".into()),
        ("keyword, 2 chars", "q=파티".into()),
        ("keyword, 3 chars", "q=루프탑".into()),
        ("radius 3 km", format!("{near}&radius_km=3")),
        ("date", d.to_owned()),
        (
            "date + hours 18–24",
            format!("{d}&start_hour=18&end_hour=24"),
        ),
        ("category + date", format!("category=1&{d}")),
        ("district + date", format!("district=8&{d}")),
        ("guests + date", format!("guests=4&{d}")),
        ("facilities + date", format!("facilities=1,2&{d}")),
        (
            "price range + date",
            format!("min_price=30000&max_price=60000&{d}"),
        ),
        ("keyword + date", format!("q=파티&{d}")),
        ("radius + date", format!("{near}&radius_km=3&{d}")),
    ]
}

/// Three-way combinations, every sort, deep and big pages.
fn shape_queries(d: &str, near: &str) -> Vec<(&'static str, String)> {
    vec![
        (
            "category + district + guests",
            "category=1&district=8&guests=4".into(),
        ),
        (
            "category + facilities + date",
            format!("category=1&facilities=1,2&{d}"),
        ),
        (
            "keyword + district + price",
            "q=파티&district=8&min_price=30000&max_price=60000".into(),
        ),
        (
            "radius + guests + date + hours",
            format!("{near}&radius_km=3&guests=4&{d}&start_hour=18&end_hour=22"),
        ),
        ("sort price_asc", "sort=price_asc".into()),
        ("sort price_desc", "sort=price_desc".into()),
        ("sort rating", "sort=rating".into()),
        ("sort newest", "sort=newest".into()),
        ("sort distance", format!("{near}&sort=distance")),
        (
            "category + date, price_asc, per_page 100",
            format!("category=1&{d}&sort=price_asc&per_page=100"),
        ),
        ("page 50", "page=50".into()),
        ("page 50 + date", format!("page=50&{d}")),
        ("per_page 100", "per_page=100".into()),
        (
            "per_page 100 + date, price_asc",
            format!("per_page=100&{d}&sort=price_asc"),
        ),
    ]
}

/// The lines, for searches on `date` made at `now` (business date `today`).
///
/// # Errors
/// A line whose query the domain refuses.
pub fn lines(date: NaiveDate, today: NaiveDate, now: DateTime<Utc>) -> Result<Vec<Line>, BoxError> {
    let (d, near) = (format!("date={date}"), "lat=37.5&lng=127.0");
    let mut list = filter_queries(&d, near);
    list.extend(shape_queries(&d, near));
    let mut lines = Vec::with_capacity(list.len() + 9);
    for (name, query) in list {
        let parsed = params(&query)?
            .parse(today, now, BookingHorizon::default())
            .map_err(|e| format!("{name}: {e:?}"))?;
        lines.push(Line {
            name: name.into(),
            query,
            kind: Kind::List(Box::new(parsed)),
        });
    }
    let page = format!("category=1&{d}&sort=price_asc");
    let parsed = params(&page)?
        .parse(today, now, BookingHorizon::default())
        .map_err(|e| format!("search page: {e:?}"))?;
    lines.push(Line {
        name: "page: search category + date".into(),
        query: page,
        kind: Kind::SearchPage(Box::new(parsed)),
    });
    for (name, kind) in [
        ("page: space + date", Kind::SpacePage),
        ("detail", Kind::Detail),
        ("availability", Kind::Availability),
        ("booking (with conflicts)", Kind::Booking),
        ("similar spaces", Kind::Similar(None)),
        ("similar spaces + date", Kind::Similar(Some(date))),
        ("recommendations", Kind::Recommendations(None)),
        ("recommendations + date", Kind::Recommendations(Some(date))),
    ] {
        lines.push(Line {
            name: name.into(),
            query: String::new(),
            kind,
        });
    }
    Ok(lines)
}
