use super::*;
use crate::shared::{CategoryId, DistrictId, FacilityId, Page, SpaceId, Won};
use crate::space::fixtures::space_detail;
use crate::space::{BookingMode, Near};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

/// Space 10 ("합주실" in 마포구, guests 2–6, 5,000 won, open until 2027-06-30) with
/// facilities 1 and 3, and its text as a writer stores it.
fn indexed() -> IndexedSpace {
    let detail = space_detail(BookingMode::Instant);
    IndexedSpace {
        search_text: "강남구 아늑한 파티룸 1호점\n\n조용한 방\n서울\n파티룸\n강남구".into(),
        summary: detail.summary,
        rating_sum: 9,
        facilities: vec![FacilityId(1), FacilityId(3)],
        coordinates: detail.coordinates,
        open_period: detail.open_period,
        days: BTreeMap::new(),
    }
}

fn query() -> SpaceQuery {
    SpaceQuery {
        page: Page::new(None, None).unwrap(),
        ..SpaceQuery::default()
    }
}

#[test]
fn a_keyword_is_its_distinct_lower_cased_words() {
    assert_eq!(keyword_words("  강남  파티룸 강남 "), ["강남", "파티룸"]);
    assert_eq!(keyword_words("Hongdae STUDIO"), ["hongdae", "studio"]);
    assert!(keyword_words(" \t ").is_empty());
}

#[test]
fn a_space_matches_every_word_in_any_order_and_place() {
    let space = indexed();
    for keyword in [
        "강남 파티룸",
        "파티룸 강남구",
        "1호점 아늑",
        "룸",
        "방 서울",
    ] {
        let q = SpaceQuery {
            keyword: Some(keyword.into()),
            ..query()
        };
        assert!(space.matches(&q), "{keyword}");
    }
    for keyword in ["강남 마포", "파티룸강남", "룸 x"] {
        let q = SpaceQuery {
            keyword: Some(keyword.into()),
            ..query()
        };
        assert!(!space.matches(&q), "{keyword}");
    }
}

#[test]
fn each_filter_alone_decides() {
    let space = indexed();
    let finds = |q: SpaceQuery| space.matches(&q);
    assert!(finds(SpaceQuery {
        categories: vec![CategoryId(2), CategoryId(1)],
        ..query()
    }));
    assert!(!finds(SpaceQuery {
        districts: vec![DistrictId(2)],
        ..query()
    }));
    assert!(finds(SpaceQuery {
        guests: Some(6),
        ..query()
    }));
    assert!(!finds(SpaceQuery {
        guests: Some(7),
        ..query()
    }));
    assert!(finds(SpaceQuery {
        facilities: vec![FacilityId(3), FacilityId(1)],
        ..query()
    }));
    assert!(!finds(SpaceQuery {
        facilities: vec![FacilityId(1), FacilityId(2)],
        ..query()
    }));
    assert!(finds(SpaceQuery {
        min_price: Some(Won::new(5_000).unwrap()),
        max_price: Some(Won::new(5_000).unwrap()),
        ..query()
    }));
    assert!(!finds(SpaceQuery {
        min_price: Some(Won::new(5_001).unwrap()),
        ..query()
    }));
}

#[test]
fn a_radius_keeps_only_the_spaces_within_it() {
    let space = indexed();
    let near = |km| SpaceQuery {
        near: Some(Near {
            center: Coordinates::new(37.51, 127.0).unwrap(),
            radius_km: Some(km),
        }),
        ..query()
    };
    // 0.01° of latitude is about 1.11 km.
    assert!(space.matches(&near(1.2)));
    assert!(!space.matches(&near(1.0)));
    assert_eq!(
        shown_km(space.dot(Coordinates::new(37.51, 127.0).unwrap())),
        1.11
    );
}

#[test]
fn a_date_hides_what_its_row_holds_and_what_is_closed() {
    let mut space = indexed();
    let d = date("2027-01-05");
    let now = at("2027-01-01T00:00:00Z");
    space.days.insert(
        d,
        DayState {
            confirmed: HourMask::of_range(HourRange::new(9, 12).unwrap()),
            waiting: HourMask::of_range(HourRange::new(14, 16).unwrap()),
            waiting_until: Some(at("2027-01-02T00:00:00Z")),
            closed_confirmed: false,
            closed_any: true,
        },
    );
    let on = |date, hours: Option<(i64, i64)>, now| {
        space.bookable(&Availability {
            date,
            hours: hours.map(|(s, e)| HourRange::new(s, e).unwrap()),
            now,
        })
    };
    assert!(!on(d, Some((11, 13)), now));
    assert!(on(d, Some((12, 14)), now));
    assert!(!on(d, Some((15, 17)), now));
    assert!(!on(d, None, now));
    // Once the waiting holds ran out, only the paid hours count.
    let later = at("2027-01-03T00:00:00Z");
    assert!(on(d, Some((15, 17)), later));
    assert!(on(d, None, later));
    // Another date has no row; a date past the open period is closed.
    assert!(on(date("2027-01-06"), Some((9, 12)), now));
    assert!(!on(date("2027-07-01"), None, now));
}

fn facts(id: i64, likes: u32, rating: f64) -> RankFacts {
    RankFacts {
        id,
        like_count: likes,
        rating,
        ..RankFacts::default()
    }
}

#[test]
fn each_order_ends_with_the_id() {
    let (a, b) = (facts(1, 3, 4.0), facts(2, 3, 4.0));
    assert_eq!(SpaceSort::Popular.compare(&b, &a), Ordering::Less);
    assert_eq!(SpaceSort::PriceAsc.compare(&a, &b), Ordering::Less);
    assert_eq!(SpaceSort::PriceDesc.compare(&b, &a), Ordering::Less);
    assert_eq!(SpaceSort::Distance.compare(&a, &b), Ordering::Less);
    assert_eq!(SpaceSort::Newest.compare(&b, &a), Ordering::Less);
}

#[test]
fn popularity_is_likes_then_rating_and_relevance_puts_title_matches_first() {
    let liked = facts(1, 5, 1.0);
    let rated = facts(2, 4, 5.0);
    assert_eq!(SpaceSort::Popular.compare(&liked, &rated), Ordering::Less);
    assert_eq!(SpaceSort::Rating.compare(&rated, &liked), Ordering::Less);
    let titled = RankFacts {
        title_match: true,
        ..facts(3, 0, 0.0)
    };
    assert_eq!(
        SpaceSort::Relevance.compare(&titled, &liked),
        Ordering::Less
    );
    assert_eq!(SpaceSort::Relevance.compare(&liked, &rated), Ordering::Less);
}

#[test]
fn rank_facts_read_the_exact_rating_and_the_title() {
    let mut space = indexed();
    space.summary.review_count = 2;
    space.summary.id = SpaceId(10);
    let q = SpaceQuery {
        keyword: Some("합주".into()),
        ..query()
    };
    let f = space.rank_facts(&q);
    assert_eq!((f.id, f.rating, f.title_match), (10, 4.5, true));
    assert!(!space.rank_facts(&query()).title_match);
    assert_eq!(exact_rating(7, 0), 0.0);
}

#[test]
fn the_leading_key_never_contradicts_the_whole_order() {
    let sorts = [
        SpaceSort::Popular,
        SpaceSort::PriceAsc,
        SpaceSort::PriceDesc,
        SpaceSort::Rating,
        SpaceSort::Newest,
        SpaceSort::Distance,
        SpaceSort::Relevance,
    ];
    let spaces: Vec<RankFacts> = (0..27)
        .map(|i: i64| RankFacts {
            id: i,
            like_count: (i % 3) as u32,
            rating: ((i / 3) % 3) as f64,
            review_count: (i % 2) as u32,
            min_price: (i / 9) * 1_000,
            created_at: i % 4,
            dot: ((i * 7) % 5) as f64 / 10.0,
            title_match: i % 2 == 0,
        })
        .collect();
    for sort in sorts {
        for a in &spaces {
            for b in &spaces {
                if sort.leading(a, b) != Ordering::Equal {
                    assert_eq!(
                        sort.leading(a, b),
                        sort.compare(a, b),
                        "{sort:?} {a:?} {b:?}"
                    );
                }
            }
        }
    }
}
