//! A search's filters as one Tantivy query: terms for ids, phrases of grams for keyword
//! words, ranges for head count, price, open period and the radius's box. What a query
//! cannot say exactly (a date's calendar rows, the exact great circle) the collector
//! decides (`super::collect`). With the relevance order, a title holding every word scores
//! 1 and any other match 0.

use super::grams::word_terms;
use super::schema::{DAY_PAYLOAD, Fields, day_value, query_day};
use ourspace_domain::shared::Coordinates;
use ourspace_domain::space::index::keyword_words;
use ourspace_domain::space::{SpaceQuery, SpaceSort};
use std::ops::Bound::{self, Included, Unbounded};
use tantivy::Term;
use tantivy::query::{
    AllQuery, BooleanQuery, ConstScoreQuery, Occur, PhraseQuery, Query, RangeQuery, TermQuery,
};
use tantivy::schema::{Field, IndexRecordOption};

type Clause = (Occur, Box<dyn Query>);

fn must(query: impl Query) -> Clause {
    (Occur::Must, Box::new(query))
}

fn term(field: Field, value: u64) -> TermQuery {
    TermQuery::new(Term::from_field_u64(field, value), IndexRecordOption::Basic)
}

/// Any of `ids` in `field` (nothing asked when empty).
fn any_of(field: Field, ids: impl Iterator<Item = i64>) -> Option<Clause> {
    let terms: Vec<Clause> = ids
        .map(|id| -> Clause { (Occur::Should, Box::new(term(field, id.cast_unsigned()))) })
        .collect();
    (!terms.is_empty()).then(|| must(BooleanQuery::new(terms)))
}

/// Every word of the keyword in `field`: a word of one character as its term, a longer
/// one as the phrase of its pairs.
fn words(field: Field, words: &[String]) -> Vec<Clause> {
    words
        .iter()
        .map(|word| {
            let mut terms: Vec<Term> = word_terms(word)
                .iter()
                .map(|t| Term::from_field_text(field, t))
                .collect();
            if terms.len() == 1 {
                let only = terms.remove(0);
                must(TermQuery::new(only, IndexRecordOption::Basic))
            } else {
                must(PhraseQuery::new(terms))
            }
        })
        .collect()
}

fn range_u64(field: Field, low: Bound<u64>, high: Bound<u64>) -> Clause {
    let t = |v| Term::from_field_u64(field, v);
    must(RangeQuery::new(low.map(t), high.map(t)))
}

fn range_i64(field: Field, low: Bound<i64>, high: Bound<i64>) -> Clause {
    let t = |v| Term::from_field_i64(field, v);
    must(RangeQuery::new(low.map(t), high.map(t)))
}

fn range_f64(field: Field, low: f64, high: f64) -> Clause {
    let t = |v| Term::from_field_f64(field, v);
    must(RangeQuery::new(Included(t(low)), Included(t(high))))
}

/// The radius's box: a latitude band, and the longitudes where the box is simple.
fn within_box(f: &Fields, center: Coordinates, radius_km: f64) -> Vec<Clause> {
    let band = Coordinates::latitude_half_width(radius_km);
    let mut clauses = vec![range_f64(
        f.latitude,
        center.latitude() - band,
        center.latitude() + band,
    )];
    if let Some(width) = center.longitude_half_width(radius_km) {
        clauses.push(range_f64(
            f.longitude,
            center.longitude() - width,
            center.longitude() + width,
        ));
    }
    clauses
}

/// The clauses every match meets.
fn filters(f: &Fields, q: &SpaceQuery) -> Vec<Clause> {
    let mut clauses: Vec<Clause> = Vec::new();
    clauses.extend(any_of(f.category, q.categories.iter().map(|c| c.get())));
    clauses.extend(any_of(f.district, q.districts.iter().map(|d| d.get())));
    if let Some(keyword) = &q.keyword {
        clauses.extend(words(f.text, &keyword_words(keyword)));
    }
    if let Some(guests) = q.guests {
        let g = u64::from(guests);
        clauses.push(range_u64(f.min_guests, Unbounded, Included(g)));
        clauses.push(range_u64(f.max_guests, Included(g), Unbounded));
    }
    for facility in &q.facilities {
        clauses.push(must(term(f.facility, facility.get().cast_unsigned())));
    }
    if q.min_price.is_some() || q.max_price.is_some() {
        let low = q.min_price.map_or(Unbounded, |p| Included(p.get()));
        let high = q.max_price.map_or(Unbounded, |p| Included(p.get()));
        clauses.push(range_i64(f.min_price, low, high));
    }
    if let Some(a) = &q.availability {
        let day = query_day(a.date);
        clauses.push(range_i64(f.open_from, Unbounded, Included(day)));
        clauses.push(range_i64(f.open_until, Included(day), Unbounded));
    }
    if let Some(near) = q.near
        && let Some(radius) = near.radius_km
    {
        clauses.extend(within_box(f, near.center, radius));
    }
    clauses
}

/// The query of a search: its filters (every space without any), and with the relevance
/// order the title's words as a score of 1.
pub(super) fn query(f: &Fields, q: &SpaceQuery) -> Box<dyn Query> {
    let clauses = filters(f, q);
    let matching: Box<dyn Query> = if clauses.is_empty() {
        Box::new(AllQuery)
    } else {
        Box::new(BooleanQuery::new(clauses))
    };
    match (&q.keyword, q.sort) {
        (Some(keyword), SpaceSort::Relevance) => {
            let title = BooleanQuery::new(words(f.title, &keyword_words(keyword)));
            Box::new(BooleanQuery::new(vec![
                must(ConstScoreQuery::new(matching, 0.0)),
                (
                    Occur::Should,
                    Box::new(ConstScoreQuery::new(Box::new(title), 1.0)),
                ),
            ]))
        }
        _ => matching,
    }
}

/// The spaces with a calendar row on `date` (a range of the rows' state column, whose
/// values are led by their day): the only ones a date can hide.
pub(super) fn busy_on(f: &Fields, date: chrono::NaiveDate) -> RangeQuery {
    let t = |payload| Term::from_field_u64(f.day_state, day_value(date, payload));
    RangeQuery::new(Included(t(0)), Included(t(DAY_PAYLOAD)))
}
