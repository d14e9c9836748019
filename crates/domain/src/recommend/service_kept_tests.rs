//! A guest's kept taste: used only at the taste version it was read at and for at most
//! its age, and then the history is not read; once its pool was read (for any date or
//! none), the pool's spaces are read by id (filtered afresh, with their kept behaviour
//! counts); the answer is the one reading everything gives.

use super::*;
use crate::recommend::TASTE_MAX_AGE_MINUTES;
use chrono::{DateTime, TimeDelta, Utc};
use std::sync::Mutex;

/// How often each read is expected.
#[derive(Clone, Copy)]
struct Reads {
    history: usize,
    inputs: usize,
    among: usize,
}

const SEEN: Reads = Reads {
    history: 1,
    inputs: 0,
    among: 2,
};

/// Expects the history of a guest who booked one party room in Mapo, read `times`.
fn expect_a_mapo_history(repo: &mut MockRecommendationRepository, times: usize) {
    let booked = SpaceTraits::from(&summary(1, 1, MAPO, (2, 8)));
    repo.expect_signals().times(times).returning(move |_, _| {
        Ok(UserSignals {
            history: vec![Interaction {
                space: booked.clone(),
                signal: Signal::Booked { guests: 4 },
            }],
            districts: districts(),
        })
    });
}

/// A guest whose history is one party room in Mapo; candidates in Mapo and next door, the
/// one next door chosen by guests who chose theirs.
fn repo_of_a_mapo_guest(reads: Reads) -> MockRecommendationRepository {
    let mut repo = MockRecommendationRepository::new();
    expect_a_mapo_history(&mut repo, reads.history);
    let found = [
        offered(summary(3, 1, SEODAEMUN, (2, 8)), 5),
        offered(summary(4, 1, MAPO, (2, 8)), 0),
        offered(summary(1, 1, MAPO, (2, 8)), 0),
    ];
    let listed = found.clone();
    repo.expect_candidates()
        .times(reads.history)
        .returning(move |_| Ok(listed.to_vec()));
    // The kept taste draws the same pool: the guest's space, Mapo and its neighbour.
    let same_pool = |pool: &Pool| {
        pool.chosen == [SpaceId(1)] && pool.districts == [DistrictId(MAPO), DistrictId(SEODAEMUN)]
    };
    let traits = candidates(&found);
    repo.expect_ranking_inputs()
        .withf(same_pool)
        .times(reads.inputs)
        .returning(move |_| Ok(traits.clone()));
    // By id, the storage knows no behaviour counts: the kept ones are used.
    let mut unpaired = candidates(&found);
    unpaired.iter_mut().for_each(|c| c.co_chosen = 0);
    repo.expect_ranking_inputs_among()
        .withf(move |ids, pool| ids == [SpaceId(3), SpaceId(4), SpaceId(1)] && same_pool(pool))
        .times(reads.among)
        .returning(move |_, _| Ok(unpaired.clone()));
    let pages = reads.inputs + reads.among;
    repo.expect_summaries()
        .withf(|ids| ids == [SpaceId(3), SpaceId(4)])
        .times(pages)
        .returning(move |_| Ok(found.iter().map(|o| o.summary.clone()).collect()));
    repo
}

async fn ids_on(service: &RecommendationService, guest: Guest, date: Option<&str>) -> Vec<i64> {
    let params = RecommendParams {
        date: date.map(|d| d.parse().unwrap()),
        ..RecommendParams::default()
    };
    let page = service.for_user(guest, params).await.unwrap();
    // Space 3 ranks first for its behaviour count (read with the pool, or kept).
    assert_eq!(page.items[0].summary.id, SpaceId(3));
    assert!(
        page.items[0]
            .reasons
            .contains(&Reason::LikedBySimilarGuests)
    );
    page.items.iter().map(|r| r.summary.id.get()).collect()
}

async fn ids(service: &RecommendationService, guest: Guest) -> Vec<i64> {
    ids_on(service, guest, None).await
}

#[tokio::test]
async fn a_kept_taste_spares_the_history_and_ranks_as_reading_it_does() {
    let service = service(repo_of_a_mapo_guest(SEEN));
    let first = ids(&service, guest(7)).await;
    assert_eq!(first, [3, 4]);
    assert_eq!(ids(&service, guest(7)).await, first);
    assert_eq!(ids(&service, guest(7)).await, first);
}

#[tokio::test]
async fn a_pool_first_read_for_a_date_is_kept_for_any_date_and_none() {
    let reads = Reads {
        history: 1,
        inputs: 0,
        among: 4,
    };
    let service = service(repo_of_a_mapo_guest(reads));
    ids_on(&service, guest(7), Some("2026-12-05")).await;
    ids_on(&service, guest(7), Some("2026-12-05")).await;
    ids_on(&service, guest(7), Some("2026-12-06")).await;
    ids(&service, guest(7)).await;
    ids_on(&service, guest(7), Some("2026-12-05")).await;
}

/// Space 3 (which guests who chose the guest's space chose) taken on the 5th, free on the
/// 6th: left out on the 5th, and the pool read then still holds it for the 6th.
#[tokio::test]
async fn a_space_taken_on_the_date_is_left_out_and_kept_in_the_pool_for_another() {
    let mut repo = MockRecommendationRepository::new();
    expect_a_mapo_history(&mut repo, 1);
    let free = [
        offered(summary(3, 1, SEODAEMUN, (2, 8)), 5),
        offered(summary(4, 1, MAPO, (2, 8)), 0),
    ];
    let mut on_the_5th = free.clone();
    on_the_5th[0].taken = true;
    repo.expect_candidates()
        .withf(|pool| pool.availability.is_some())
        .times(1)
        .returning(move |_| Ok(on_the_5th.to_vec()));
    let by_id = candidates(&free);
    repo.expect_ranking_inputs_among()
        .withf(|ids, _| ids == [SpaceId(3), SpaceId(4)])
        .times(1)
        .returning(move |_, _| Ok(by_id.clone()));
    repo.expect_summaries()
        .times(1)
        .returning(move |_| Ok(free.iter().map(|o| o.summary.clone()).collect()));
    let service = service(repo);
    let on = |date: &str| RecommendParams {
        date: Some(date.parse().unwrap()),
        ..RecommendParams::default()
    };
    let shown = |page: Paged<Recommended>| -> Vec<i64> {
        page.items.iter().map(|r| r.summary.id.get()).collect()
    };
    let fifth = service.for_user(guest(7), on("2026-12-05")).await.unwrap();
    assert_eq!((shown(fifth.clone()), fifth.total), (vec![4], 1));
    let sixth = service.for_user(guest(7), on("2026-12-06")).await.unwrap();
    assert_eq!(shown(sixth), [3, 4]);
}

#[tokio::test]
async fn a_raised_taste_version_or_another_guest_reads_the_history_again() {
    let reads = Reads {
        history: 3,
        among: 1,
        ..SEEN
    };
    let service = service(repo_of_a_mapo_guest(reads));
    ids(&service, guest(7)).await;
    let raised = Guest {
        taste_version: 1,
        ..guest(7)
    };
    ids(&service, raised).await;
    ids(&service, raised).await;
    ids(&service, guest(8)).await;
}

#[tokio::test]
async fn a_taste_is_kept_for_its_age_at_most() {
    let now = Arc::new(Mutex::new(
        "2026-12-01T03:00:00Z".parse::<DateTime<Utc>>().unwrap(),
    ));
    let mut clock = crate::shared::clock::MockClock::new();
    let read = now.clone();
    clock.expect_now().returning(move || *read.lock().unwrap());
    clock
        .expect_today()
        .returning(|| "2026-12-01".parse().unwrap());
    let reads = Reads {
        history: 2,
        among: 1,
        ..SEEN
    };
    let service =
        RecommendationService::new(Arc::new(repo_of_a_mapo_guest(reads)), Arc::new(clock));
    ids(&service, guest(7)).await;
    let almost = TimeDelta::minutes(TASTE_MAX_AGE_MINUTES) - TimeDelta::seconds(1);
    *now.lock().unwrap() += almost;
    ids(&service, guest(7)).await;
    *now.lock().unwrap() += TimeDelta::seconds(1);
    ids(&service, guest(7)).await;
}

#[tokio::test]
async fn a_server_keeping_no_tastes_reads_the_history_every_time() {
    let reads = Reads {
        history: 2,
        among: 0,
        ..SEEN
    };
    let service = service(repo_of_a_mapo_guest(reads)).with_kept_tastes(0);
    ids(&service, guest(7)).await;
    ids(&service, guest(7)).await;
}
