//! A list's total: exact where kept counts give it, otherwise counted up to the cap.

use super::filters::{Probes, filters, filters_probing, unavailable_ids};
use super::hints::{counted_index, live_index};
use super::list::{is_unfiltered, live_total};
use super::{constant, s};
use crate::repo::count_all;
use ourspace_domain::shared::paging::COUNT_CAP;
use ourspace_domain::space::SpaceQuery;
use ourspace_domain::space::keyword::is_one_gram;
use sea_orm::sea_query::extension::mysql::{IndexHintScope, MySqlSelectStatementExt};
use sea_orm::sea_query::{Alias, Expr, ExprTrait, JoinType, Query, SelectStatement};
use sea_orm::{DbBackend, Statement};

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
    (is_one_gram(&keyword) && is_unfiltered(&only_keyword) && query.near.is_none())
        .then_some(keyword)
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
    let rest = SpaceQuery {
        availability: None,
        ..query.clone()
    };
    if !is_exactly_countable(&rest) {
        let statement = count_up_to_cap(backend, query);
        return (backend.build(&statement), Counting::UpToCap);
    }
    let total = match &query.availability {
        Some(a) => {
            let mut hidden = Query::select();
            hidden.expr(count_all()).from_as("spaces", "s");
            if let Some(index) = live_index(backend) {
                hidden.force_index(Alias::new(index), IndexHintScope::All);
            }
            hidden.join_subquery(
                JoinType::InnerJoin,
                unavailable_ids(a),
                "u",
                s("id").equals(("u", "id")),
            );
            filters(&mut hidden, &rest);
            total_without_date(&rest).sub(hidden)
        }
        None => total_without_date(query),
    };
    let statement = Query::select().expr_as(total, "total").take();
    (backend.build(&statement), Counting::Exact)
}

/// `SELECT COUNT(*) AS total` of the matches, counting stops one past [`COUNT_CAP`].
fn count_up_to_cap(backend: DbBackend, query: &SpaceQuery) -> SelectStatement {
    let mut matches = Query::select();
    matches.expr_as(constant(1), "one").from_as("spaces", "s");
    if let Some(index) = counted_index(backend, query) {
        matches.force_index(Alias::new(index), IndexHintScope::All);
    }
    filters_probing(&mut matches, query, Probes::First);
    matches.limit(COUNT_CAP + 1);
    Query::select()
        .expr_as(count_all(), "total")
        .from_subquery(matches, "t")
        .take()
}

/// Whether a query without a date is counted from a kept count or its gram's postings.
fn is_exactly_countable(query: &SpaceQuery) -> bool {
    is_unfiltered(query) || single_gram(query).is_some()
}

/// The total of a query without a date that [`is_exactly_countable`]: its gram's postings
/// or the kept number of live spaces.
fn total_without_date(query: &SpaceQuery) -> Expr {
    match single_gram(query) {
        Some(gram) => Query::select()
            .expr(count_all())
            .from_as("space_grams", "g")
            .and_where(Expr::col(("g", "gram")).eq(gram))
            .take()
            .into(),
        None => live_total(),
    }
}
