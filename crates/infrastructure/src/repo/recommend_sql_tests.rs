use super::*;
use ourspace_domain::shared::{CategoryId, DistrictId, SpaceId};
use sea_orm::DbBackend;

fn pool(categories: &[i64]) -> Pool {
    Pool {
        chosen: vec![SpaceId(7)],
        behaviour_limit: 60,
        categories: categories.iter().copied().map(CategoryId).collect(),
        districts: vec![DistrictId(1), DistrictId(2)],
        content_limit: 60,
        broad_limit: 20,
        popular_limit: 10,
        guests: Some(4),
        availability: None,
    }
}

fn mysql(query: &SelectStatement) -> String {
    DbBackend::MySql.build(query).sql.replace('`', "")
}

/// The most-liked sources of a statement: the index each walks and what it tests.
fn walks(sql: &str) -> Vec<(String, String)> {
    sql.split("FORCE INDEX (")
        .skip(1)
        .filter_map(|rest| {
            let (index, rest) = rest.split_once(')')?;
            let (tested, _) = rest.split_once(" ORDER BY")?;
            Some((index.to_owned(), tested.to_owned()))
        })
        .collect()
}

#[test]
fn a_pool_of_one_category_walks_that_categorys_index_for_its_category_sources() {
    let sql = mysql(&ranking_inputs(&pool(&[3])).unwrap());
    let found = walks(&sql);
    // Content, in the category, in the districts, most liked.
    assert_eq!(found.len(), 4, "{sql}");
    for (index, tested) in found {
        let by_category = tested.contains("s.category_id IN");
        let expected = if by_category {
            "idx_spaces_category_pool_cover"
        } else {
            "idx_spaces_popular_cover"
        };
        assert_eq!(index, expected, "{tested}");
    }
}

#[test]
fn a_pool_of_several_categories_walks_the_popular_index_for_every_source() {
    for pool in [pool(&[3, 4]), pool(&[])] {
        let sql = mysql(&ranking_inputs(&pool).unwrap());
        let found = walks(&sql);
        assert!(!found.is_empty(), "{sql}");
        assert!(
            found.iter().all(|(i, _)| i == "idx_spaces_popular_cover"),
            "{sql}"
        );
    }
}

#[test]
fn sqlite_is_told_no_index() {
    let sql = DbBackend::Sqlite
        .build(&ranking_inputs(&pool(&[3])).unwrap())
        .sql;
    assert!(!sql.contains("INDEX"), "{sql}");
}
