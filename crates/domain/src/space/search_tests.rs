//! Unit tests of the search parameters.

use super::*;

fn parse(p: SearchParams) -> Result<SpaceQuery, InvalidParameter> {
    p.parse(
        "2026-11-26".parse().unwrap(),
        "2026-11-26T03:00:00Z".parse().unwrap(),
        BookingHorizon::default(),
    )
}

fn fails_on(p: SearchParams) -> &'static str {
    parse(p).unwrap_err().parameter
}

#[test]
fn a_keyword_makes_relevance_the_default_order() {
    let q = parse(SearchParams {
        q: Some("  파티 ".into()),
        ..Default::default()
    })
    .unwrap();
    assert_eq!(
        (q.keyword.as_deref(), q.sort),
        (Some("파티"), SpaceSort::Relevance)
    );
    assert_eq!(
        parse(SearchParams::default()).unwrap().sort,
        SpaceSort::Popular
    );
}

#[test]
fn nonsense_combinations_name_their_parameter() {
    let d = || Some("2026-12-01".parse().unwrap());
    assert_eq!(
        fails_on(SearchParams {
            sort: Some("distance".into()),
            ..Default::default()
        }),
        "sort"
    );
    assert_eq!(
        fails_on(SearchParams {
            sort: Some("relevance".into()),
            ..Default::default()
        }),
        "sort"
    );
    assert_eq!(
        fails_on(SearchParams {
            sort: Some("cheapest".into()),
            ..Default::default()
        }),
        "sort"
    );
    assert_eq!(
        fails_on(SearchParams {
            start_hour: Some(9),
            end_hour: Some(12),
            ..Default::default()
        }),
        "start_hour"
    );
    assert_eq!(
        fails_on(SearchParams {
            date: d(),
            start_hour: Some(9),
            ..Default::default()
        }),
        "end_hour"
    );
    assert_eq!(
        fails_on(SearchParams {
            date: d(),
            start_hour: Some(12),
            end_hour: Some(9),
            ..Default::default()
        }),
        "end_hour"
    );
    assert_eq!(
        fails_on(SearchParams {
            date: Some("2026-11-25".parse().unwrap()),
            ..Default::default()
        }),
        "date"
    );
    assert_eq!(
        fails_on(SearchParams {
            lat: Some(37.5),
            ..Default::default()
        }),
        "lng"
    );
    assert_eq!(
        fails_on(SearchParams {
            radius_km: Some(3.0),
            ..Default::default()
        }),
        "radius_km"
    );
    assert_eq!(
        fails_on(SearchParams {
            lat: Some(91.0),
            lng: Some(0.0),
            ..Default::default()
        }),
        "lat"
    );
    assert_eq!(
        fails_on(SearchParams {
            lat: Some(37.0),
            lng: Some(127.0),
            radius_km: Some(0.0),
            ..Default::default()
        }),
        "radius_km"
    );
    assert_eq!(
        fails_on(SearchParams {
            min_price: Some(5),
            max_price: Some(4),
            ..Default::default()
        }),
        "max_price"
    );
    assert_eq!(
        fails_on(SearchParams {
            guests: Some(0),
            ..Default::default()
        }),
        "guests"
    );
    assert_eq!(
        fails_on(SearchParams {
            q: Some("가".repeat(101)),
            ..Default::default()
        }),
        "q"
    );
    assert_eq!(
        fails_on(SearchParams {
            per_page: Some(101),
            ..Default::default()
        }),
        "per_page"
    );
}

#[test]
fn a_full_query_keeps_every_filter() {
    let q = parse(SearchParams {
        date: Some("2026-11-26".parse().unwrap()),
        start_hour: Some(22),
        end_hour: Some(26),
        lat: Some(37.5),
        lng: Some(127.0),
        radius_km: Some(5.0),
        sort: Some("distance".into()),
        facilities: vec![1, 2],
        guests: Some(4),
        ..Default::default()
    })
    .unwrap();
    let a = q.availability.unwrap();
    assert_eq!(a.hours.map(|h| (h.start(), h.end())), Some((22, 26)));
    assert_eq!(q.near.unwrap().radius_km, Some(5.0));
    assert_eq!(
        (q.sort, q.guests, q.facilities.len()),
        (SpaceSort::Distance, Some(4), 2)
    );
}

#[test]
fn limits_are_inclusive_and_hours_without_a_date_are_refused() {
    let long = "가".repeat(MAX_KEYWORD_CHARS);
    let at_limit = parse(SearchParams {
        q: Some(long.clone()),
        ..Default::default()
    });
    assert_eq!(at_limit.unwrap().keyword.as_deref(), Some(long.as_str()));
    let one_price = parse(SearchParams {
        min_price: Some(20_000),
        max_price: Some(20_000),
        ..Default::default()
    });
    assert!(one_price.is_ok(), "{one_price:?}");
    for (start, end, named) in [
        (Some(9), None, "start_hour"),
        (None, Some(12), "end_hour"),
        (Some(9), Some(12), "start_hour"),
    ] {
        let hours_only = SearchParams {
            start_hour: start,
            end_hour: end,
            ..Default::default()
        };
        assert_eq!(fails_on(hours_only), named);
    }
}
