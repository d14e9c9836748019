//! The recommendation service on mocked storage: the pool it asks for, the page it answers.

use super::*;
use crate::recommend::Guest;
use crate::recommend::ports::{MockRecommendationRepository, Target, UserSignals};
use crate::recommend::{Interaction, Offered, Signal, SpaceTraits};
use crate::shared::clock::MockClock;
use crate::shared::{CategoryId, Coordinates, DistrictId, Won};
use crate::space::view::Named;
use chrono::NaiveDate;

const MAPO: i64 = 13;
const SEODAEMUN: i64 = 14;
const GANGNAM: i64 = 1;

fn clock() -> Arc<dyn Clock> {
    let mut clock = MockClock::new();
    clock
        .expect_now()
        .returning(|| "2026-12-01T03:00:00Z".parse().unwrap());
    clock
        .expect_local_now()
        .returning(|| "2026-12-01T12:00:00".parse().unwrap());
    clock
        .expect_today()
        .returning(|| "2026-12-01".parse().unwrap());
    Arc::new(clock)
}

fn districts() -> Vec<super::super::DistrictCentre> {
    let at = |lat, lng| Coordinates::new(lat, lng).unwrap();
    vec![
        (DistrictId(MAPO), at(37.5663, 126.9019)),
        (DistrictId(SEODAEMUN), at(37.5791, 126.9368)),
        (DistrictId(GANGNAM), at(37.5172, 127.0473)),
    ]
}

fn summary(id: i64, category: i64, district: i64, guests: (u16, u16)) -> SpaceSummary {
    let mut s = crate::space::fixtures::space_detail(crate::space::BookingMode::Instant).summary;
    s.id = SpaceId(id);
    s.category = Named {
        id: CategoryId(category),
        name: String::new(),
    };
    s.district = Named {
        id: DistrictId(district),
        name: String::new(),
    };
    s.min_price = Won::new(20_000).unwrap();
    (s.min_guests, s.max_guests) = guests;
    s
}

fn offered(summary: SpaceSummary, co_chosen: u32) -> Offered {
    Offered {
        summary,
        co_chosen,
        recent_bookings: 0,
        taken: false,
    }
}

/// Guest `id` at taste version 0.
pub(super) fn guest(id: i64) -> Guest {
    Guest {
        id: crate::shared::UserId(id),
        taste_version: 0,
    }
}

fn service(repo: MockRecommendationRepository) -> RecommendationService {
    RecommendationService::new(Arc::new(repo), clock())
}

#[tokio::test]
async fn a_party_room_guest_in_mapo_gets_a_pool_of_party_rooms_in_mapo_and_next_door() {
    let mut repo = MockRecommendationRepository::new();
    let booked = SpaceTraits::from(&summary(1, 1, MAPO, (10, 20)));
    repo.expect_signals().returning(move |_, _| {
        Ok(UserSignals {
            history: vec![Interaction {
                space: booked.clone(),
                signal: Signal::Booked { guests: 12 },
            }],
            districts: districts(),
        })
    });
    repo.expect_candidates()
        .withf(|pool| {
            pool.categories == [CategoryId(1)]
                && pool.districts == [DistrictId(MAPO), DistrictId(SEODAEMUN)]
                && pool.chosen == [SpaceId(1)]
                && pool.guests == Some(12)
                && (1..MAX_RECOMMENDED as u32).contains(&pool.popular_limit)
        })
        .returning(|_| {
            Ok(vec![
                offered(summary(2, 1, GANGNAM, (10, 20)), 0),
                offered(summary(3, 1, SEODAEMUN, (10, 20)), 0),
                offered(summary(4, 1, MAPO, (10, 20)), 0),
                offered(summary(1, 1, MAPO, (10, 20)), 0),
            ])
        });
    let page = service(repo)
        .for_user(guest(7), RecommendParams::default())
        .await
        .unwrap();
    let ids: Vec<i64> = page.items.iter().map(|r| r.summary.id.get()).collect();
    // Never the space already booked; Mapo before its neighbour before Gangnam.
    assert_eq!(ids, [4, 3, 2]);
    assert_eq!(page.total, 3);
    assert_eq!(page.items[0].reasons[0], Reason::SameCategory);
    assert!(page.items[1].reasons.contains(&Reason::NearbyDistrict));
}

#[tokio::test]
async fn pages_slice_the_ranking() {
    let mut repo = MockRecommendationRepository::new();
    repo.expect_signals()
        .returning(|_, _| Ok(UserSignals::default()));
    // Without a taste, what is popular is all there is: enough of it for every page.
    repo.expect_candidates()
        .withf(|pool| pool.categories.is_empty() && pool.popular_limit as usize >= MAX_RECOMMENDED)
        .returning(|_| {
            Ok((1..=25)
                .map(|id| Offered {
                    recent_bookings: u32::try_from(100 - id).unwrap(),
                    ..offered(summary(id, 1, MAPO, (2, 8)), 0)
                })
                .collect())
        });
    let params = RecommendParams {
        page: Some(2),
        per_page: Some(10),
        ..RecommendParams::default()
    };
    let page = service(repo).for_user(guest(7), params).await.unwrap();
    assert_eq!((page.total, page.items.len()), (25, 10));
    let ids: Vec<i64> = page.items.iter().map(|r| r.summary.id.get()).collect();
    assert_eq!(ids, (11..=20).collect::<Vec<_>>());
    assert_eq!(page.items[0].reasons, [Reason::PopularNow]);
}

#[tokio::test]
async fn similar_spaces_never_include_the_space_and_an_unknown_space_is_not_found() {
    let mut repo = MockRecommendationRepository::new();
    repo.expect_target().returning(|id| {
        Ok((id == SpaceId(1)).then(|| Target {
            space: SpaceTraits::from(&summary(1, 1, MAPO, (2, 8))),
            districts: districts(),
        }))
    });
    let found = [
        offered(summary(1, 1, MAPO, (2, 8)), 0),
        offered(summary(5, 2, GANGNAM, (2, 8)), 4),
        offered(summary(6, 1, MAPO, (2, 8)), 0),
    ];
    let mut traits = candidates(&found);
    traits.extend(candidates(&[offered(summary(7, 1, MAPO, (2, 8)), 0)]));
    repo.expect_ranking_inputs()
        .withf(|pool| pool.chosen == [SpaceId(1)] && pool.categories == [CategoryId(1)])
        .returning(move |_| Ok(traits.clone()));
    // Only the page's list items are read, and one gone since it was ranked is left out.
    repo.expect_summaries()
        .withf(|ids| ids.len() == 3 && ids[0] == SpaceId(5) && ids.contains(&SpaceId(7)))
        .times(1)
        .returning(move |_| Ok(found.iter().map(|o| o.summary.clone()).collect()));
    let service = service(repo);
    let page = service
        .similar_to(SpaceId(1), RecommendParams::default())
        .await
        .unwrap();
    let ids: Vec<i64> = page.items.iter().map(|r| r.summary.id.get()).collect();
    // Behaviour first: four guests chose both.
    assert_eq!(ids, [5, 6]);
    assert_eq!(
        page.total, 3,
        "ranked: 5, 6 and 7 (gone before its list item was read)"
    );
    assert_eq!(page.items[0].reasons[0], Reason::LikedBySimilarGuests);
    let missing = service.similar_to(SpaceId(2), RecommendParams::default());
    assert!(matches!(missing.await, Err(SpaceError::NotFound)));
}

#[tokio::test]
async fn pages_over_twenty_and_past_dates_name_their_parameter_before_any_read() {
    let service = service(MockRecommendationRepository::new());
    let big = RecommendParams {
        per_page: Some(MAX_PER_PAGE + 1),
        ..RecommendParams::default()
    };
    let past = RecommendParams {
        date: Some("2026-11-30".parse().unwrap()),
        ..RecommendParams::default()
    };
    let hours_alone = RecommendParams {
        start_hour: Some(10),
        ..RecommendParams::default()
    };
    for (params, parameter) in [
        (big, "per_page"),
        (past, "date"),
        (hours_alone, "start_hour"),
    ] {
        match service.for_user(guest(1), params).await {
            Err(SpaceError::InvalidParameter(e)) => assert_eq!(e.parameter, parameter),
            other => panic!("{parameter}: {other:?}"),
        }
    }
}

#[tokio::test]
async fn a_date_is_passed_to_the_pool_and_a_space_taken_then_is_left_out() {
    let mut repo = MockRecommendationRepository::new();
    repo.expect_target().returning(|_| {
        Ok(Some(Target {
            space: SpaceTraits::from(&summary(1, 1, MAPO, (2, 8))),
            districts: vec![],
        }))
    });
    repo.expect_ranking_inputs()
        .withf(|pool| {
            pool.availability.is_some_and(|a| {
                a.date == "2026-12-05".parse::<NaiveDate>().unwrap()
                    && a.hours.is_some_and(|h| (h.start(), h.end()) == (10, 14))
            })
        })
        .returning(|_| {
            let mut found = candidates(&[
                offered(summary(5, 1, MAPO, (2, 8)), 4),
                offered(summary(6, 1, MAPO, (2, 8)), 0),
            ]);
            found[0].taken = true;
            Ok(found)
        });
    repo.expect_summaries()
        .withf(|ids| ids == [SpaceId(6)])
        .returning(|_| Ok(vec![summary(6, 1, MAPO, (2, 8))]));
    let params = RecommendParams {
        date: Some("2026-12-05".parse().unwrap()),
        start_hour: Some(10),
        end_hour: Some(14),
        ..RecommendParams::default()
    };
    let page = service(repo).similar_to(SpaceId(1), params).await.unwrap();
    let ids: Vec<i64> = page.items.iter().map(|r| r.summary.id.get()).collect();
    assert_eq!((ids, page.total), (vec![6], 1));
}

#[tokio::test]
async fn behaviour_starts_from_the_latest_choices_and_the_whole_history_tells_the_taste() {
    let mut repo = MockRecommendationRepository::new();
    // 30 bookings, the latest first: 29 in Mapo, the oldest in Gangnam.
    repo.expect_signals().returning(move |_, per_kind| {
        assert_eq!(per_kind, HISTORY_PER_KIND);
        let history = (1..=30)
            .map(|id| Interaction {
                space: SpaceTraits::from(&summary(
                    id,
                    1,
                    if id == 30 { GANGNAM } else { MAPO },
                    (2, 8),
                )),
                signal: Signal::Booked { guests: 4 },
            })
            .collect();
        Ok(UserSignals {
            history,
            districts: districts(),
        })
    });
    repo.expect_candidates()
        .withf(|pool| {
            let latest: Vec<SpaceId> = (1..=20).map(SpaceId).collect();
            pool.chosen == latest && pool.districts.contains(&DistrictId(GANGNAM))
        })
        .returning(|_| Ok(Vec::new()));
    let page = service(repo)
        .for_user(guest(7), RecommendParams::default())
        .await
        .unwrap();
    assert_eq!(page.total, 0);
}

#[path = "service_kept_tests.rs"]
mod kept;
