//! The lists storage still answers itself: a host's own spaces (newest first) and the
//! spaces a guest likes (in the order asked, most liked first by default). Every public
//! search is the search index's (`crate::search`).

use super::{join_names, s, summary_columns};
use crate::repo::count_all;
use ourspace_domain::space::{SpaceQuery, SpaceSort};
use sea_orm::sea_query::{Expr, ExprTrait, Order, Query, SelectStatement, WindowStatement};
use sea_orm::{DbBackend, Statement};

/// The live spaces of the list: the host's, or those the user likes.
fn whose(select: &mut SelectStatement, query: &SpaceQuery) {
    select.and_where(s("deleted_at").is_null());
    if let Some(host) = query.host {
        select.and_where(s("host_id").eq(host.get()));
    }
    if let Some(user) = query.liked_by {
        let liked = Query::select()
            .column(("lk", "space_id"))
            .from_as("likes", "lk")
            .and_where(Expr::col(("lk", "user_id")).eq(user.get()))
            .take();
        select.and_where(s("id").in_subquery(liked));
    }
}

/// `ORDER BY …`: a host's list newest first, a liker's in its sort; ends with the id.
fn order(select: &mut SelectStatement, query: &SpaceQuery) {
    use Order::{Asc, Desc};
    let leading: Vec<(&'static str, Order)> = match (query.host, query.sort) {
        (Some(_), _) | (None, SpaceSort::Newest) => vec![("created_at", Desc)],
        (None, SpaceSort::PriceAsc) => vec![("min_price", Asc)],
        (None, SpaceSort::PriceDesc) => vec![("min_price", Desc)],
        (None, SpaceSort::Rating) => vec![("rating_avg", Desc), ("review_count", Desc)],
        (None, _) => vec![("like_count", Desc), ("rating_avg", Desc)],
    };
    let id = if query.host.is_none() && query.sort == SpaceSort::PriceAsc {
        Asc
    } else {
        Desc
    };
    for (column, direction) in leading {
        select.order_by_expr(s(column), direction);
    }
    select.order_by_expr(s("id"), id);
}

/// One page of the list with its category and district names, each row carrying the
/// list's total (`total_matches`, counted over the same rows).
pub(crate) fn list_page(backend: DbBackend, query: &SpaceQuery) -> Statement {
    let mut page = Query::select();
    summary_columns(&mut page)
        .expr_window_as(count_all(), WindowStatement::new(), "total_matches")
        .from_as("spaces", "s");
    join_names(&mut page);
    whose(&mut page, query);
    order(&mut page, query);
    page.limit(u64::from(query.page.per_page()))
        .offset(query.page.offset());
    backend.build(&page)
}

/// The list's total, for a page past its end (which has no row to carry it).
pub(crate) fn list_total(backend: DbBackend, query: &SpaceQuery) -> Statement {
    let mut total = Query::select();
    total.expr_as(count_all(), "total").from_as("spaces", "s");
    whose(&mut total, query);
    backend.build(&total)
}

#[cfg(test)]
mod tests {
    use super::*;
    use ourspace_domain::shared::{Page, UserId};

    #[test]
    fn a_hosts_list_is_only_theirs_newest_first_and_counted_in_the_page() {
        let query = SpaceQuery {
            page: Page::new(Some(2), Some(10)).unwrap(),
            host: Some(UserId(7)),
            ..SpaceQuery::default()
        };
        let stmt = list_page(DbBackend::Sqlite, &query);
        let sql = stmt.sql.clone();
        assert!(sql.contains(r#""host_id" = ?"#), "{sql}");
        assert!(
            sql.contains(r#"ORDER BY "s"."created_at" DESC, "s"."id" DESC"#),
            "{sql}"
        );
        assert!(sql.contains("COUNT(*) OVER ("), "{sql}");
        assert!(sql.contains("LIMIT ? OFFSET ?"), "{sql}");
    }

    #[test]
    fn a_likers_list_follows_its_sort_and_reads_their_likes() {
        let query = SpaceQuery {
            page: Page::new(None, None).unwrap(),
            liked_by: Some(UserId(3)),
            sort: SpaceSort::PriceAsc,
            ..SpaceQuery::default()
        };
        let sql = list_page(DbBackend::MySql, &query).sql;
        assert!(sql.contains("`likes`"), "{sql}");
        assert!(
            sql.contains("ORDER BY `s`.`min_price` ASC, `s`.`id` ASC"),
            "{sql}"
        );
        assert!(
            list_total(DbBackend::MySql, &query)
                .sql
                .contains("COUNT(*)")
        );
    }
}
