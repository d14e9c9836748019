//! A keyword search's page in relevance order, read from the postings' rank index
//! (`space_grams (gram, in_title, like_count, rating_avg, space_id)`) instead of reading
//! and sorting every space that has the keyword.
//!
//! The order is: spaces whose title holds every probe gram of the keyword (see
//! `ourspace_domain::space::keyword`) first, then popular (likes, rating, id). The first
//! group is one walk of the first gram's title postings; the rest is one walk per probe
//! gram of the postings *not* in the title (a space outside the first group misses at least
//! one gram from its title). Each walk goes in index order, joins the other grams' postings
//! and the space by primary key, and stops after `offset + per_page` matches; the page is
//! taken from their union. On MySQL the joins are `STRAIGHT_JOIN`, so the walk drives.

use super::filters::{filters, geo_dot, keyword_match};
use super::list::{PAGE_COLUMNS, counts_in_page};
use super::{SUMMARY_COLUMNS, Sql};
use ourspace_domain::space::keyword::probe_grams;
use ourspace_domain::space::{SpaceQuery, SpaceSort};
use sea_orm::{DbBackend, Statement};

/// The relevance order of the union's rows: title group first, then popular.
const ORDER: &str = "s.tier DESC, s.like_count DESC, s.rating_avg DESC, s.id DESC";

/// The page statement for a keyword search in relevance order, when the rank index can
/// serve it: the keyword has probe grams, and the page does not count its matches (a
/// host's or liker's list, see `counts_in_page`). `None` otherwise.
pub(crate) fn relevance_page(backend: DbBackend, query: &SpaceQuery) -> Option<Statement> {
    let keyword = query.keyword.as_deref()?;
    let grams = probe_grams(keyword);
    if query.sort != SpaceSort::Relevance || grams.is_empty() || counts_in_page(query) {
        return None;
    }
    let walk = u64::from(query.page.per_page()) + query.page.offset();
    let mut sql = Sql::default();
    sql.push(
        &format!("SELECT {SUMMARY_COLUMNS}, s.geo_dot, s.total_matches FROM (SELECT * FROM ("),
        [],
    );
    branch(&mut sql, backend, query, &grams, None, walk);
    for driving in 0..grams.len() {
        sql.push(" UNION ", []);
        branch(&mut sql, backend, query, &grams, Some(driving), walk);
    }
    sql.push(
        &format!(
            ") s ORDER BY {ORDER} LIMIT ? OFFSET ?) s \
             JOIN categories c ON c.id = s.category_id JOIN districts d ON d.id = s.district_id \
             ORDER BY {ORDER}"
        ),
        [
            i64::from(query.page.per_page()).into(),
            i64::try_from(query.page.offset())
                .unwrap_or(i64::MAX)
                .into(),
        ],
    );
    Some(sql.statement(backend))
}

/// Joins the postings of every gram but the driving one to `g`'s space (in the title too
/// when `in_title`).
fn gram_joins(sql: &mut Sql, join: &str, grams: &[String], driving: usize, in_title: bool) {
    for (i, gram) in grams.iter().enumerate().filter(|(i, _)| *i != driving) {
        let title = if in_title {
            format!(" AND g{i}.in_title = ?")
        } else {
            String::new()
        };
        let mut values = vec![gram.as_str().into()];
        if in_title {
            values.push(true.into());
        }
        sql.push(
            &format!(
                "{join}space_grams g{i} ON g{i}.gram = ? AND g{i}.space_id = g.space_id{title}"
            ),
            values,
        );
    }
}

/// One walk, as `SELECT * FROM (…) b`: with `outside = None` the title group (the first
/// gram's title postings, every other gram in the title too); with `Some(i)` the spaces
/// whose title misses gram `i` (its postings not in the title, the others present).
fn branch(
    sql: &mut Sql,
    backend: DbBackend,
    query: &SpaceQuery,
    grams: &[String],
    outside: Option<usize>,
    walk: u64,
) {
    let join = match backend {
        DbBackend::MySql => " STRAIGHT_JOIN ",
        _ => " CROSS JOIN ",
    };
    let driving = outside.unwrap_or(0);
    let tier = i32::from(outside.is_none());
    sql.push(
        &format!("SELECT * FROM (SELECT {PAGE_COLUMNS}, NULL AS total_matches, {tier} AS tier, "),
        [],
    );
    geo_dot(sql, query);
    sql.push(" AS geo_dot FROM space_grams g", []);
    gram_joins(sql, join, grams, driving, outside.is_none());
    sql.push(&format!("{join}spaces s ON s.id = g.space_id"), []);
    let rest = SpaceQuery {
        keyword: None,
        ..query.clone()
    };
    filters(sql, &rest);
    sql.push(
        " AND g.gram = ? AND g.in_title = ?",
        [grams[driving].as_str().into(), outside.is_none().into()],
    );
    if let Some(keyword) = &query.keyword {
        keyword_match(sql, keyword);
    }
    sql.push(
        &format!(
            " ORDER BY g.like_count DESC, g.rating_avg DESC, g.space_id DESC LIMIT ?) b{}",
            outside.map_or(0, |i| i + 1)
        ),
        [i64::try_from(walk).unwrap_or(i64::MAX).into()],
    );
}
