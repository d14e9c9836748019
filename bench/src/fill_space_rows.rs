//! Writes the drawn spaces with what hangs off them (packages, facilities, a photo), each
//! row carrying the values the repositories keep beside it.

use crate::fill::Scale;
use crate::fill_spaces::{ADJECTIVES, Drawn, WORDS, names};
use crate::inserts::Inserts;
use chrono::NaiveDateTime;
use ourspace_domain::shared::BoxError;
use ourspace_domain::space::BookingMode;
use ourspace_infrastructure::repo::searchable_text;
use sea_orm::DatabaseConnection;
use sea_orm::sea_query::Value;
use std::collections::{BTreeMap, HashMap};

const SPACE_COLUMNS: [&str; 24] = [
    "host_id",
    "category_id",
    "district_id",
    "title",
    "subtitle",
    "description",
    "search_text",
    "address",
    "latitude",
    "longitude",
    "min_guests",
    "max_guests",
    "booking_mode",
    "open_from",
    "open_until",
    "hourly_rate",
    "min_hours",
    "min_price",
    "like_count",
    "review_count",
    "rating_sum",
    "rating_avg",
    "created_at",
    "updated_at",
];

/// Statements written at once into a table whose ids nothing refers to.
pub(crate) const LANES: usize = 3;

/// A space's review count and rating sum, by space id (1-based).
pub(crate) type Ratings = HashMap<usize, (i64, i64)>;

/// Writes the spaces, their packages, facilities and photos.
pub(crate) async fn write(
    db: &DatabaseConnection,
    scale: Scale,
    spaces: &[Drawn],
    ratings: &Ratings,
    now: NaiveDateTime,
) -> Result<(), BoxError> {
    let (categories, districts) = (
        names(db, "categories").await?,
        names(db, "districts").await?,
    );
    let mut tables = Tables::new();
    for s in spaces {
        let kept = Kept {
            names: [name(&categories, s.category), name(&districts, s.district)],
            ratings: ratings.get(&s.id).copied().unwrap_or((0, 0)),
        };
        tables.add(s, space_row(s, scale, &kept, now), now);
    }
    tables.spaces.write(db).await?;
    for table in [tables.options, tables.facilities, tables.images] {
        table.write_in(db, LANES).await?;
    }
    Ok(())
}

/// The rows of the spaces and of what hangs off them.
struct Tables {
    spaces: Inserts,
    options: Inserts,
    facilities: Inserts,
    images: Inserts,
}

impl Tables {
    fn new() -> Self {
        Self {
            spaces: Inserts::new("spaces", &SPACE_COLUMNS),
            options: Inserts::new(
                "price_options",
                &["space_id", "name", "start_hour", "end_hour", "price"],
            ),
            facilities: Inserts::new("space_facilities", &["space_id", "facility_id"]),
            images: Inserts::new(
                "space_images",
                &["space_id", "object_key", "url", "position", "created_at"],
            ),
        }
    }

    /// Adds space `s` (its `row`), its day and night packages, facilities and photo.
    fn add(&mut self, s: &Drawn, row: [Value; 24], now: NaiveDateTime) {
        let id = s.id as i64;
        self.spaces.row(row);
        for (name, hours, price) in [
            ("day", (9, 18), s.day_price),
            ("night", (18, 24), s.night_price),
        ] {
            let (start, end): (i64, i64) = hours;
            self.options.row([
                id.into(),
                name.into(),
                start.into(),
                end.into(),
                price.into(),
            ]);
        }
        for f in &s.facilities {
            self.facilities.row([id.into(), (*f).into()]);
        }
        self.images.row([
            id.into(),
            format!("spaces/bench-{id}.png").into(),
            format!("/media/spaces/bench-{id}.png").into(),
            0_i64.into(),
            now.into(),
        ]);
    }
}

/// The name of catalogue entry `id`.
fn name(names: &BTreeMap<i64, String>, id: usize) -> String {
    names.get(&(id as i64)).cloned().unwrap_or_default()
}

/// What the repositories keep beside a space's own fields: its category's and district's
/// names (in its search text) and its reviews' count and rating sum.
struct Kept {
    names: [String; 2],
    ratings: (i64, i64),
}

/// Space `s`'s row, in [`SPACE_COLUMNS`]' order.
fn space_row(s: &Drawn, scale: Scale, kept: &Kept, now: NaiveDateTime) -> [Value; 24] {
    let i = s.id;
    let [title, subtitle, description, address] = texts(s);
    let [category, district] = &kept.names;
    let search_text = searchable_text([
        &title,
        &subtitle,
        &description,
        &address,
        category,
        district,
    ]);
    let mode = if i.is_multiple_of(3) {
        BookingMode::Approval
    } else {
        BookingMode::Instant
    };
    let hourly = s.hourly();
    let created = now - chrono::Duration::minutes(i as i64);
    let (reviews, rating_sum) = kept.ratings;
    [
        (scale.host_of(i as u64) as i64).into(),
        (s.category as i64).into(),
        (s.district as i64).into(),
        title.into(),
        subtitle.into(),
        description.into(),
        search_text.into(),
        address.into(),
        s.lat.into(),
        s.lng.into(),
        s.guests.0.into(),
        s.guests.1.into(),
        mode.as_str().into(),
        Option::<i64>::None.into(),
        Option::<i64>::None.into(),
        hourly.then_some(10_000_i64).into(),
        hourly.then_some(2_i64).into(),
        (if hourly {
            10_000
        } else {
            Ord::min(s.day_price, s.night_price)
        })
        .into(),
        s.likes.into(),
        reviews.into(),
        rating_sum.into(),
        average(reviews, rating_sum).into(),
        created.into(),
        created.into(),
    ]
}

/// Space `s`'s title, subtitle, description and address.
fn texts(s: &Drawn) -> [String; 4] {
    let (i, word) = (s.id, WORDS[s.category - 1]);
    [
        format!("{} {word} {i}호", ADJECTIVES[i % ADJECTIVES.len()]),
        format!("도보 {}분", 1 + i % 15),
        format!("벤치마크용 {word} 공간입니다"),
        format!("서울 벤치구 {i}"),
    ]
}

/// The average rating as the review repository keeps it (0 with no reviews).
fn average(reviews: i64, rating_sum: i64) -> f64 {
    if reviews > 0 {
        rating_sum as f64 / reviews as f64
    } else {
        0.0
    }
}
