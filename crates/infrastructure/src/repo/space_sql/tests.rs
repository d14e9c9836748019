use super::total::single_gram;
use super::*;
use ourspace_domain::shared::Coordinates;
use ourspace_domain::shared::{CategoryId, DistrictId, FacilityId, HourRange, Page, UserId, Won};
use ourspace_domain::space::{Near, SpaceQuery, SpaceSort};

fn full_query(hours: Option<HourRange>, sort: SpaceSort) -> SpaceQuery {
    SpaceQuery {
        page: Page::new(Some(2), Some(10)).unwrap(),
        categories: vec![CategoryId(1), CategoryId(2)],
        keyword: Some("파티_100%".into()),
        guests: Some(4),
        facilities: vec![FacilityId(1), FacilityId(3)],
        min_price: Some(Won::new(1).unwrap()),
        max_price: Some(Won::new(9).unwrap()),
        availability: Some(Availability {
            date: "2099-01-01".parse().unwrap(),
            hours,
            now: "2026-11-26T00:00:00Z".parse().unwrap(),
        }),
        near: Some(Near {
            center: Coordinates::new(37.5, 127.0).unwrap(),
            radius_km: Some(3.0),
        }),
        sort,
        ..SpaceQuery::default()
    }
}

/// The statement's text without identifier quotes, as a reader would write it.
fn text(stmt: &Statement) -> String {
    stmt.sql.replace(['`', '"'], "")
}

fn placeholders_match(stmt: &Statement) {
    let marks = stmt.sql.matches('?').count();
    let values = stmt.values.as_ref().map_or(0, |v| v.0.len());
    assert_eq!(marks, values, "{}", stmt.sql);
}

#[test]
fn keywords_match_percent_and_underscore_literally() {
    assert_eq!(like_pattern("100%"), "%100!%%");
    assert_eq!(like_pattern("a_b!"), "%a!_b!!%");
    assert_eq!(like_pattern("파티"), "%파티%");
}

#[test]
fn every_filter_and_sort_binds_one_value_per_placeholder() {
    let sorts = [
        SpaceSort::Popular,
        SpaceSort::PriceAsc,
        SpaceSort::PriceDesc,
        SpaceSort::Rating,
        SpaceSort::Newest,
        SpaceSort::Distance,
        SpaceSort::Relevance,
    ];
    for sort in sorts {
        for hours in [None, Some(HourRange::new(22, 26).unwrap())] {
            let query = full_query(hours, sort);
            for backend in [DbBackend::Sqlite, DbBackend::MySql] {
                placeholders_match(&list_page(backend, &query));
                placeholders_match(&list_total(backend, &query).0);
            }
        }
    }
    let a = full_query(None, SpaceSort::Popular).availability.unwrap();
    placeholders_match(&crate::repo::space_detail::statement(
        DbBackend::MySql,
        1,
        Some(&a),
    ));
}

#[test]
fn a_two_character_keyword_alone_is_counted_from_its_gram() {
    let query = |k: &str, category: Vec<CategoryId>| SpaceQuery {
        keyword: Some(k.into()),
        categories: category,
        ..SpaceQuery::default()
    };
    let alone = query("파티", vec![]);
    assert_eq!(single_gram(&alone).as_deref(), Some("파티"));
    let total = text(&list_total(DbBackend::MySql, &alone).0);
    assert!(
        total.contains("FROM space_grams AS g WHERE g.gram = ?"),
        "{total}"
    );
    assert!(!list_page(DbBackend::MySql, &alone).sql.contains("OVER ()"));
    for other in [
        query("파티룸", vec![]),
        query("파티", vec![CategoryId(1)]),
        query("a b", vec![]),
    ] {
        assert!(single_gram(&other).is_none(), "{other:?}");
    }
}

#[test]
fn a_keyword_of_two_or_more_characters_reads_the_gram_index_first() {
    let query = |k: &str| SpaceQuery {
        keyword: Some(k.into()),
        ..SpaceQuery::default()
    };
    let two = list_page(DbBackend::MySql, &query("파티룸"));
    assert!(
        text(&two).contains("FROM space_grams AS g0 INNER JOIN space_grams AS g1"),
        "{}",
        two.sql
    );
    placeholders_match(&two);
    let one = list_page(DbBackend::MySql, &query("파"));
    assert!(!one.sql.contains("space_grams"), "{}", one.sql);
}

#[test]
fn a_capped_count_narrows_by_the_first_gram_and_leaves_the_rest_to_the_substring_test() {
    let query = SpaceQuery {
        keyword: Some("루프탑".into()),
        ..SpaceQuery::default()
    };
    let (statement, counting) = list_total(DbBackend::MySql, &query);
    assert_eq!(counting, Counting::UpToCap);
    placeholders_match(&statement);
    let count = text(&statement);
    assert!(count.contains("FROM space_grams AS g0 WHERE"), "{count}");
    assert!(!count.contains("g1"), "{count}");
    assert!(count.contains("search_text LIKE"), "{count}");
    let page = text(&list_page(DbBackend::MySql, &query));
    assert!(page.contains("g1"), "the page probes every gram: {page}");
}

#[test]
fn totals_are_exact_where_cheap_and_capped_where_counting_reads_every_candidate() {
    let near = |radius_km| Near {
        center: Coordinates::new(37.5, 127.0).unwrap(),
        radius_km,
    };
    let date = Some(Availability {
        date: "2099-01-01".parse().unwrap(),
        hours: None,
        now: "2026-11-26T00:00:00Z".parse().unwrap(),
    });
    let exact = [
        SpaceQuery::default(),
        SpaceQuery {
            near: Some(near(None)),
            sort: SpaceSort::Distance,
            ..SpaceQuery::default()
        },
        SpaceQuery {
            availability: date,
            ..SpaceQuery::default()
        },
        SpaceQuery {
            keyword: Some("파티".into()),
            availability: date,
            ..SpaceQuery::default()
        },
    ];
    for query in exact {
        let (stmt, counting) = list_total(DbBackend::MySql, &query);
        assert_eq!(counting, Counting::Exact, "{query:?}");
        assert!(!stmt.sql.contains("LIMIT"), "{}", stmt.sql);
    }
    let capped = [
        SpaceQuery {
            categories: vec![CategoryId(1)],
            ..SpaceQuery::default()
        },
        SpaceQuery {
            keyword: Some("파티룸".into()),
            ..SpaceQuery::default()
        },
        SpaceQuery {
            guests: Some(4),
            availability: date,
            ..SpaceQuery::default()
        },
        SpaceQuery {
            near: Some(near(Some(3.0))),
            ..SpaceQuery::default()
        },
    ];
    for query in capped {
        let (stmt, counting) = list_total(DbBackend::MySql, &query);
        assert_eq!(counting, Counting::UpToCap, "{query:?}");
        assert!(text(&stmt).ends_with("LIMIT ?) AS t"), "{}", stmt.sql);
        assert!(!list_page(DbBackend::MySql, &query).sql.contains("OVER ()"));
    }
    let unfiltered = text(&list_page(DbBackend::MySql, &SpaceQuery::default()));
    assert!(unfiltered.contains("FROM space_totals"), "{unfiltered}");
    let hosted = SpaceQuery {
        host: Some(UserId(7)),
        ..SpaceQuery::default()
    };
    let hosted = text(&list_page(DbBackend::MySql, &hosted));
    assert!(
        hosted.contains("COUNT(*) OVER (  ) AS total_matches"),
        "{hosted}"
    );
}

#[test]
fn a_hosts_own_list_is_newest_first_and_only_theirs() {
    let query = SpaceQuery {
        host: Some(UserId(7)),
        ..SpaceQuery::default()
    };
    let sql = text(&list_page(DbBackend::Sqlite, &query));
    assert!(
        sql.contains("s.host_id = ?") && sql.contains("ORDER BY s.created_at DESC, s.id DESC"),
        "{sql}"
    );
}

#[test]
fn a_radius_reads_its_grid_cells_or_its_latitude_band_and_tests_the_exact_dot_product() {
    let mut query = full_query(None, SpaceSort::Popular);
    let sql = text(&list_total(DbBackend::MySql, &query).0);
    let center = Coordinates::new(37.5, 127.0).unwrap();
    // The cells, padded to the next power of two (`in_list::padded`).
    let touched = center.grid_cells_within(3.0).unwrap().len();
    let cells = "?, ".repeat(touched.next_power_of_two() - 1);
    assert!(sql.contains(&format!("s.grid_cell IN ({cells}?)")), "{sql}");
    assert!(!sql.contains("s.latitude BETWEEN"), "{sql}");
    assert!(
        sql.contains("(s.geo_x * ?) + (s.geo_y * ?) + (s.geo_z * ?) >= ?"),
        "{sql}"
    );
    query.near = Some(Near {
        center,
        radius_km: Some(30.0),
    });
    let wide = list_total(DbBackend::MySql, &query).0;
    let wide_text = text(&wide);
    assert!(!wide_text.contains("grid_cell"), "{wide_text}");
    assert!(
        wide_text.contains("s.latitude BETWEEN ? AND ?"),
        "{wide_text}"
    );
    assert!(
        wide_text.contains("s.longitude BETWEEN ? AND ?"),
        "{wide_text}"
    );
    placeholders_match(&wide);
}

#[test]
fn a_relevance_page_walks_the_rank_index_once_per_probe_gram_and_once_for_titles() {
    let query = |k: &str, sort| SpaceQuery {
        keyword: Some(k.into()),
        sort,
        ..SpaceQuery::default()
    };
    let one = list_page(DbBackend::MySql, &query("파티", SpaceSort::Relevance));
    assert_eq!(one.sql.matches(" UNION ").count(), 1, "{}", one.sql);
    assert!(
        text(&one).contains("STRAIGHT_JOIN spaces AS s"),
        "{}",
        one.sql
    );
    assert!(
        !one.sql.contains("LIKE"),
        "a one-gram keyword needs no substring test"
    );
    placeholders_match(&one);
    let long: String = ('가'..='힣').take(100).collect();
    let many = list_page(DbBackend::Sqlite, &query(&long, SpaceSort::Relevance));
    assert_eq!(many.sql.matches(" UNION ").count(), 4, "four probe grams");
    assert_eq!(text(&many).matches("CROSS JOIN space_grams").count(), 5 * 3);
    // Each joined posting and the space are tied to the walked posting.
    assert_eq!(text(&many).matches("g1.space_id = g.space_id").count(), 4);
    assert_eq!(text(&many).matches("s.id = g.space_id").count(), 5);
    assert_eq!(text(&one).matches("s.id = g.space_id").count(), 2);
    assert!(text(&many).contains("s.search_text LIKE ? ESCAPE '!'"));
    placeholders_match(&many);
    for other in [
        query("파", SpaceSort::Relevance),
        query("파티", SpaceSort::Popular),
        SpaceQuery {
            host: Some(UserId(1)),
            ..query("파티", SpaceSort::Relevance)
        },
    ] {
        assert!(!list_page(DbBackend::MySql, &other).sql.contains(" UNION "));
    }
}

#[test]
fn a_page_filtered_by_the_date_alone_walks_its_sort_index_on_mysql() {
    let dated = |sort| SpaceQuery {
        page: Page::new(Some(50), None).unwrap(),
        availability: full_query(None, sort).availability,
        sort,
        ..SpaceQuery::default()
    };
    for (sort, index) in [
        (SpaceSort::Popular, "idx_spaces_popular_cover"),
        (SpaceSort::PriceAsc, "idx_spaces_price_cover"),
        (SpaceSort::PriceDesc, "idx_spaces_price_cover"),
        (SpaceSort::Rating, "idx_spaces_rating_cover"),
        (SpaceSort::Newest, "idx_spaces_created_cover"),
    ] {
        for query in [
            dated(sort),
            SpaceQuery {
                availability: None,
                ..dated(sort)
            },
        ] {
            let sql = text(&list_page(DbBackend::MySql, &query));
            assert!(
                sql.contains(&format!("FROM spaces AS s FORCE INDEX ({index}) WHERE")),
                "{sql}"
            );
            assert!(!list_page(DbBackend::Sqlite, &query).sql.contains("FORCE"));
        }
    }
    let filtered = SpaceQuery {
        categories: vec![CategoryId(1)],
        ..dated(SpaceSort::Popular)
    };
    assert!(!list_page(DbBackend::MySql, &filtered).sql.contains("FORCE"));
    let near = SpaceQuery {
        near: full_query(None, SpaceSort::Distance).near.map(|n| Near {
            radius_km: None,
            ..n
        }),
        ..dated(SpaceSort::Distance)
    };
    assert!(!list_page(DbBackend::MySql, &near).sql.contains("FORCE"));
}

#[test]
fn a_count_up_to_the_cap_reads_the_count_index_unless_its_filter_has_its_own() {
    let count = |query: &SpaceQuery| text(&list_total(DbBackend::MySql, query).0);
    let by = |categories: Vec<CategoryId>, districts: Vec<DistrictId>| SpaceQuery {
        categories,
        districts,
        guests: Some(4),
        ..SpaceQuery::default()
    };
    for counted in [
        by(vec![CategoryId(1)], vec![]),
        by(vec![CategoryId(1)], vec![DistrictId(2)]),
        by(vec![], vec![]),
    ] {
        assert!(count(&counted).contains("FROM spaces AS s FORCE INDEX (idx_spaces_count) WHERE"));
        assert!(
            !list_total(DbBackend::Sqlite, &counted)
                .0
                .sql
                .contains("FORCE")
        );
    }
    let full = full_query(None, SpaceSort::Popular);
    let keyword = SpaceQuery {
        near: None,
        ..full.clone()
    };
    let radius = SpaceQuery {
        keyword: None,
        ..full
    };
    for own in [by(vec![], vec![DistrictId(2)]), keyword, radius] {
        assert!(!count(&own).contains("FORCE"), "{}", count(&own));
    }
}
