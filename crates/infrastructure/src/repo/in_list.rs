//! Lists of values in `IN (…)`, padded so that a statement takes few texts.
//!
//! Every statement is prepared once per connection and kept in sqlx's statement cache (100
//! per connection); a list of each length is another text. Lists whose length follows the
//! request (the ids a pool ranks, a page's ids, a batch of the search feed's spaces) made the
//! recommendations alone prepare about 80 texts per connection, and after the rest of the
//! matrix the cache thrashed: statements were prepared and closed on every request (p99
//! 59 → 22 ms with a cache large enough, docs/performance.md). Padded to the next power of
//! two by repeating the last value, a list takes at most nine lengths up to 256, and `IN`
//! means the same.

use sea_orm::Value;
use sea_orm::sea_query::{Expr, ExprTrait};

/// `values`, their count raised to the next power of two by repeating the last one (an
/// empty list stays empty).
pub(crate) fn padded<T: Clone>(values: impl IntoIterator<Item = T>) -> Vec<T> {
    let mut values: Vec<T> = values.into_iter().collect();
    if let Some(last) = values.last().cloned() {
        values.resize(values.len().next_power_of_two(), last);
    }
    values
}

/// `expr IN (values…)`, the list [`padded`].
pub(crate) fn among<V: Into<Value> + Clone>(
    expr: impl Into<Expr>,
    values: impl IntoIterator<Item = V>,
) -> Expr {
    expr.into().is_in(padded(values))
}

#[cfg(test)]
mod tests {
    use super::*;
    use sea_orm::sea_query::{MysqlQueryBuilder, Query};

    #[test]
    fn lists_are_padded_to_the_next_power_of_two_with_their_last_value() {
        assert_eq!(padded(Vec::<i64>::new()), Vec::<i64>::new());
        assert_eq!(padded([7]), vec![7]);
        assert_eq!(padded([1, 2, 3]), vec![1, 2, 3, 3]);
        assert_eq!(padded([1, 2, 3, 4]), vec![1, 2, 3, 4]);
        assert_eq!(padded(1..=5).len(), 8);
        assert_eq!(padded(1..=129).len(), 256);
    }

    #[test]
    fn lists_of_lengths_in_one_bucket_give_one_text() {
        let query = |n: i64| {
            Query::select()
                .column("id")
                .from("spaces")
                .and_where(among(Expr::col("id"), 1..=n))
                .take()
        };
        let sql = |n: i64| query(n).build(MysqlQueryBuilder).0;
        assert_eq!(sql(5), sql(8));
        assert_ne!(sql(8), sql(9));
        let inlined = query(3).to_string(MysqlQueryBuilder);
        assert!(inlined.ends_with("IN (1, 2, 3, 3)"), "{inlined}");
    }
}
