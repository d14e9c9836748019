//! The index's fields and a space's document. A space is one document, replaced whole
//! whenever the change feed names it: its keyword text (grams with positions), the ids
//! to look up (terms), the numbers filters' ranges and sorts read (fast fields), its
//! calendar rows (three multi-valued fast fields, see [`day_value`]) and its list item,
//! stored.

use super::grams::{GRAMS, Grams};
use chrono::{DateTime, NaiveDate, Utc};
use ourspace_domain::space::IndexedSpace;
use ourspace_domain::space::index::exact_rating;
use tantivy::schema::{
    BytesOptions, Field, INDEXED, IndexRecordOption, NumericOptions, Schema, TextFieldIndexing,
    TextOptions,
};
use tantivy::{Index, TantivyDocument};

/// The first day of the calendar fields' day numbers.
const DAY_ZERO: NaiveDate = NaiveDate::from_ymd_opt(2000, 1, 1).expect("a date");
/// Where a calendar value's day number starts: below it, 48 bits of hours or state.
const DAY_SHIFT: u32 = 48;
/// The largest payload below a calendar value's day number.
pub(super) const DAY_PAYLOAD: u64 = (1 << DAY_SHIFT) - 1;
/// The state value's flags: nothing left once the paid hours are taken, and with the
/// waiting hours taken too.
pub(super) const CLOSED_CONFIRMED: u64 = 1 << 47;
pub(super) const CLOSED_ANY: u64 = 1 << 46;
/// The state value's deadline: seconds since [`DAY_ZERO`] plus one, 0 for none.
pub(super) const UNTIL_BITS: u64 = (1 << 46) - 1;

/// The fields of the index.
#[derive(Debug, Clone, Copy)]
pub(super) struct Fields {
    pub id: Field,
    pub text: Field,
    pub title: Field,
    pub category: Field,
    pub district: Field,
    pub facility: Field,
    pub min_guests: Field,
    pub max_guests: Field,
    pub min_price: Field,
    pub latitude: Field,
    pub longitude: Field,
    pub open_from: Field,
    pub open_until: Field,
    pub held_confirmed: Field,
    pub held_waiting: Field,
    pub day_state: Field,
    pub summary: Field,
    pub likes: Field,
    pub rating: Field,
    pub reviews: Field,
    pub created: Field,
    pub geo: [Field; 3],
}

/// The fast fields' names, which collectors read columns by.
pub(super) mod fast {
    pub const ID: &str = "id";
    pub const LIKES: &str = "like_count";
    pub const RATING: &str = "rating";
    pub const REVIEWS: &str = "review_count";
    pub const PRICE: &str = "min_price";
    pub const CREATED: &str = "created_at";
    pub const GEO: [&str; 3] = ["geo_x", "geo_y", "geo_z"];
    pub const HELD_CONFIRMED: &str = "held_confirmed";
    pub const HELD_WAITING: &str = "held_waiting";
    pub const DAY_STATE: &str = "day_state";
}

/// An empty index in memory with the schema and the keyword tokenizer.
pub(super) fn new_index() -> (Index, Fields) {
    let mut b = Schema::builder();
    let grams = TextOptions::default().set_indexing_options(
        TextFieldIndexing::default()
            .set_tokenizer(GRAMS)
            .set_index_option(IndexRecordOption::WithFreqsAndPositions),
    );
    // Terms are looked up in the inverted index; ranges scan a fast field's column.
    let term = || NumericOptions::default() | INDEXED;
    let column = || NumericOptions::default().set_fast();
    let fields = Fields {
        id: b.add_u64_field(fast::ID, term().set_fast()),
        text: b.add_text_field("text", grams.clone()),
        title: b.add_text_field("title", grams),
        category: b.add_u64_field("category", term()),
        district: b.add_u64_field("district", term()),
        facility: b.add_u64_field("facility", term()),
        min_guests: b.add_u64_field("min_guests", column()),
        max_guests: b.add_u64_field("max_guests", column()),
        min_price: b.add_i64_field(fast::PRICE, column()),
        latitude: b.add_f64_field("latitude", column()),
        longitude: b.add_f64_field("longitude", column()),
        open_from: b.add_i64_field("open_from", column()),
        open_until: b.add_i64_field("open_until", column()),
        held_confirmed: b.add_u64_field(fast::HELD_CONFIRMED, column()),
        held_waiting: b.add_u64_field(fast::HELD_WAITING, column()),
        day_state: b.add_u64_field(fast::DAY_STATE, column()),
        summary: b.add_bytes_field("summary", BytesOptions::default().set_stored()),
        likes: b.add_u64_field(fast::LIKES, column()),
        rating: b.add_f64_field(fast::RATING, column()),
        reviews: b.add_u64_field(fast::REVIEWS, column()),
        created: b.add_i64_field(fast::CREATED, column()),
        geo: fast::GEO.map(|name| b.add_f64_field(name, column())),
    };
    let index = Index::create_in_ram(b.build());
    index.tokenizers().register(GRAMS, Grams);
    (index, fields)
}

/// A date's day number in the calendar fields.
pub(super) fn day_number(date: NaiveDate) -> u64 {
    u64::try_from((date - DAY_ZERO).num_days()).unwrap_or(0)
}

/// A calendar value: the day number above 48 bits of `payload`.
pub(super) fn day_value(date: NaiveDate, payload: u64) -> u64 {
    day_number(date) << DAY_SHIFT | (payload & DAY_PAYLOAD)
}

/// The day number of a calendar value, and its payload.
pub(super) fn split_day_value(value: u64) -> (u64, u64) {
    (value >> DAY_SHIFT, value & DAY_PAYLOAD)
}

fn zero() -> DateTime<Utc> {
    DAY_ZERO.and_hms_opt(0, 0, 0).expect("midnight").and_utc()
}

/// A deadline as the state value holds it (whole seconds, as orders are stamped).
pub(super) fn until_bits(until: Option<DateTime<Utc>>) -> u64 {
    until.map_or(0, |u| {
        u64::try_from((u - zero()).num_seconds().max(0) + 1)
            .unwrap_or(0)
            .min(UNTIL_BITS)
    })
}

/// The deadline a state value holds.
pub(super) fn until_from_bits(bits: u64) -> Option<DateTime<Utc>> {
    let seconds = i64::try_from(bits.checked_sub(1)?).ok()?;
    Some(zero() + chrono::Duration::seconds(seconds))
}

/// A date as the open period's fields hold it: days since 1970 (an open end is the
/// farthest day).
fn epoch_day(date: Option<NaiveDate>, open_end: i64) -> i64 {
    date.map_or(open_end, |d| i64::from(d.to_epoch_days()))
}

/// `date` as [`epoch_day`] writes it.
pub(super) fn query_day(date: NaiveDate) -> i64 {
    i64::from(date.to_epoch_days())
}

/// The document of a space.
///
/// # Errors
/// The list item cannot be written as JSON.
pub(super) fn document(
    fields: &Fields,
    space: &IndexedSpace,
) -> Result<TantivyDocument, serde_json::Error> {
    let s = &space.summary;
    let f = fields;
    let mut doc = TantivyDocument::new();
    doc.add_u64(f.id, s.id.get().cast_unsigned());
    doc.add_text(f.text, &space.search_text);
    doc.add_text(f.title, s.title.to_lowercase());
    doc.add_u64(f.category, s.category.id.get().cast_unsigned());
    doc.add_u64(f.district, s.district.id.get().cast_unsigned());
    for facility in &space.facilities {
        doc.add_u64(f.facility, facility.get().cast_unsigned());
    }
    doc.add_u64(f.min_guests, u64::from(s.min_guests));
    doc.add_u64(f.max_guests, u64::from(s.max_guests));
    doc.add_i64(f.min_price, s.min_price.get());
    doc.add_f64(f.latitude, space.coordinates.latitude());
    doc.add_f64(f.longitude, space.coordinates.longitude());
    doc.add_i64(f.open_from, epoch_day(space.open_period.from(), i64::MIN));
    doc.add_i64(f.open_until, epoch_day(space.open_period.until(), i64::MAX));
    for (date, day) in &space.days {
        doc.add_u64(f.held_confirmed, day_value(*date, day.confirmed.bits()));
        doc.add_u64(f.held_waiting, day_value(*date, day.waiting.bits()));
        let flags = if day.closed_confirmed {
            CLOSED_CONFIRMED
        } else {
            0
        } | if day.closed_any { CLOSED_ANY } else { 0 };
        doc.add_u64(
            f.day_state,
            day_value(*date, flags | until_bits(day.waiting_until)),
        );
    }
    doc.add_bytes(f.summary, &serde_json::to_vec(s)?);
    sort_values(&mut doc, fields, space);
    Ok(doc)
}

/// The values only sorts read.
fn sort_values(doc: &mut TantivyDocument, f: &Fields, space: &IndexedSpace) {
    let s = &space.summary;
    doc.add_u64(f.likes, u64::from(s.like_count));
    doc.add_f64(f.rating, exact_rating(space.rating_sum, s.review_count));
    doc.add_u64(f.reviews, u64::from(s.review_count));
    doc.add_i64(f.created, s.created_at.timestamp_micros());
    let (x, y, z) = space.coordinates.unit_vector();
    for (field, value) in f.geo.into_iter().zip([x, y, z]) {
        doc.add_f64(field, value);
    }
}
