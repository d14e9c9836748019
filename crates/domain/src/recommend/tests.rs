//! The recommender on hand-built histories.

use super::{
    Candidate, Interaction, Neighbourhood, Reason, Recommendation, Signal, SpaceTraits, recommend,
    similar,
};
use crate::shared::{CategoryId, DistrictId, SpaceId, Won};

const PARTY: i64 = 1;
const PRACTICE: i64 = 2;
const STUDY: i64 = 3;
const MAPO: i64 = 13;
const SEODAEMUN: i64 = 14;
const EUNPYEONG: i64 = 12;
const GANGNAM: i64 = 23;

fn seoul() -> Neighbourhood {
    Neighbourhood::new([
        (DistrictId(MAPO), DistrictId(SEODAEMUN)),
        (DistrictId(MAPO), DistrictId(EUNPYEONG)),
        (DistrictId(SEODAEMUN), DistrictId(EUNPYEONG)),
    ])
}

fn space(id: i64, category: i64, district: i64, price: i64, guests: (u16, u16)) -> SpaceTraits {
    SpaceTraits {
        id: SpaceId(id),
        category: CategoryId(category),
        district: DistrictId(district),
        min_price: Won::new(price).unwrap(),
        min_guests: guests.0,
        max_guests: guests.1,
    }
}

fn offered(space: SpaceTraits) -> Candidate {
    Candidate {
        space,
        co_chosen: 0,
        recent_bookings: 0,
        taken: false,
    }
}

fn booked(space: SpaceTraits, guests: u16) -> Interaction {
    Interaction {
        space,
        signal: Signal::Booked { guests },
    }
}

fn ids(list: &[Recommendation]) -> Vec<i64> {
    list.iter().map(|r| r.space.get()).collect()
}

fn reasons_of(list: &[Recommendation], id: i64) -> Vec<Reason> {
    list.iter()
        .find(|r| r.space.get() == id)
        .map(|r| r.reasons.clone())
        .unwrap_or_default()
}

#[test]
fn a_guest_who_books_party_rooms_in_mapo_sees_them_there_and_next_door_first() {
    let history = [
        booked(space(1, PARTY, MAPO, 40_000, (1, 10)), 6),
        booked(space(2, PARTY, MAPO, 50_000, (1, 12)), 8),
        Interaction {
            space: space(3, PARTY, SEODAEMUN, 45_000, (1, 10)),
            signal: Signal::Liked,
        },
    ];
    let candidates = [
        offered(space(10, STUDY, MAPO, 45_000, (1, 10))),
        offered(space(11, PARTY, GANGNAM, 45_000, (1, 10))),
        offered(space(12, PARTY, EUNPYEONG, 45_000, (1, 10))),
        offered(space(13, PARTY, MAPO, 45_000, (1, 10))),
        offered(space(14, PRACTICE, GANGNAM, 45_000, (1, 10))),
    ];
    let list = recommend(&history, &candidates, &seoul(), 10);
    assert_eq!(&ids(&list)[..2], [13, 12]);
    assert_eq!(*ids(&list).last().unwrap(), 14);
    let here = reasons_of(&list, 13);
    assert_eq!(&here[..2], [Reason::SameCategory, Reason::SameDistrict]);
    assert!(reasons_of(&list, 12).contains(&Reason::NearbyDistrict));
    assert!(!reasons_of(&list, 11).contains(&Reason::NearbyDistrict));
    assert!(here.contains(&Reason::InYourPriceBand) && here.contains(&Reason::FitsYourGroup));
}

#[test]
fn a_guest_who_books_for_twenty_is_not_shown_rooms_that_cannot_take_twenty() {
    let history = [booked(space(1, PARTY, MAPO, 90_000, (10, 30)), 20)];
    let candidates = [
        offered(space(10, PARTY, MAPO, 40_000, (1, 4))),
        offered(space(11, PARTY, MAPO, 90_000, (10, 40))),
        offered(space(12, PARTY, MAPO, 90_000, (25, 60))),
        offered(space(1, PARTY, MAPO, 90_000, (10, 30))),
    ];
    let list = recommend(&history, &candidates, &seoul(), 10);
    assert_eq!(
        ids(&list),
        [11],
        "rooms for 4, for 25 and more, and the booked one are out"
    );
}

#[test]
fn what_similar_guests_chose_decides_between_equal_fits() {
    let history = [booked(space(1, PARTY, MAPO, 40_000, (1, 10)), 4)];
    let mut chosen = offered(space(20, PARTY, MAPO, 40_000, (1, 10)));
    chosen.co_chosen = 5;
    let candidates = [offered(space(19, PARTY, MAPO, 40_000, (1, 10))), chosen];
    let list = recommend(&history, &candidates, &seoul(), 10);
    assert_eq!(ids(&list), [20, 19]);
    assert!(reasons_of(&list, 20).contains(&Reason::LikedBySimilarGuests));
    assert!(!reasons_of(&list, 19).contains(&Reason::LikedBySimilarGuests));
}

#[test]
fn a_bad_review_counts_against_its_category() {
    let history = [
        booked(space(1, PARTY, GANGNAM, 40_000, (1, 10)), 4),
        booked(space(2, STUDY, GANGNAM, 40_000, (1, 10)), 4),
        Interaction {
            space: space(2, STUDY, GANGNAM, 40_000, (1, 10)),
            signal: Signal::Reviewed { rating: 1 },
        },
        Interaction {
            space: space(3, STUDY, MAPO, 40_000, (1, 10)),
            signal: Signal::Reviewed { rating: 1 },
        },
    ];
    let candidates = [
        offered(space(30, STUDY, GANGNAM, 40_000, (1, 10))),
        offered(space(31, PARTY, GANGNAM, 40_000, (1, 10))),
    ];
    assert_eq!(
        ids(&recommend(&history, &candidates, &seoul(), 10)),
        [31, 30]
    );
}

#[test]
fn a_guest_without_history_gets_what_is_booked_now() {
    let mut busy = offered(space(40, STUDY, GANGNAM, 10_000, (1, 4)));
    busy.recent_bookings = 30;
    let mut quiet = offered(space(41, PARTY, MAPO, 10_000, (1, 4)));
    quiet.recent_bookings = 2;
    let never = offered(space(42, PARTY, MAPO, 10_000, (1, 4)));
    let list = recommend(&[], &[never, quiet, busy], &seoul(), 2);
    assert_eq!(ids(&list), [40, 41], "the page keeps the two most booked");
    assert!(list.iter().all(|r| r.reasons == [Reason::PopularNow]));
}

#[test]
fn similar_spaces_come_from_behaviour_first_then_from_content_never_the_space_itself() {
    let target = space(1, PARTY, MAPO, 40_000, (1, 10));
    let mut trusted = offered(space(50, PRACTICE, GANGNAM, 90_000, (20, 40)));
    trusted.co_chosen = 3;
    let mut once = offered(space(51, PRACTICE, GANGNAM, 90_000, (20, 40)));
    once.co_chosen = 1;
    let candidates = [
        offered(target.clone()),
        once,
        offered(space(52, PARTY, SEODAEMUN, 42_000, (2, 10))),
        offered(space(53, PARTY, MAPO, 41_000, (1, 8))),
        offered(space(54, STUDY, GANGNAM, 40_000, (1, 10))),
        trusted,
    ];
    let list = similar(&target, &candidates, &seoul(), 20);
    assert_eq!(ids(&list), [50, 53, 52, 54, 51]);
    assert_eq!(reasons_of(&list, 50), [Reason::LikedBySimilarGuests]);
    let near = reasons_of(&list, 52);
    assert_eq!(near[0], Reason::SameCategory);
    assert!(near.contains(&Reason::NearbyDistrict) && near.contains(&Reason::SimilarPrice));
    assert!(
        !reasons_of(&list, 51).contains(&Reason::LikedBySimilarGuests),
        "one co-choice is not trusted"
    );
}

#[test]
fn reasons_are_answered_in_snake_case() {
    for reason in [
        Reason::LikedBySimilarGuests,
        Reason::SameDistrict,
        Reason::PopularNow,
    ] {
        let json = serde_json::to_value(reason).unwrap();
        assert_eq!(json, reason.as_str());
    }
}

#[test]
fn bordering_is_symmetric_and_a_district_does_not_border_itself() {
    let map = seoul();
    assert!(map.borders(DistrictId(SEODAEMUN), DistrictId(MAPO)));
    assert!(map.borders(DistrictId(MAPO), DistrictId(SEODAEMUN)));
    assert!(!map.borders(DistrictId(MAPO), DistrictId(MAPO)));
    assert!(!map.borders(DistrictId(MAPO), DistrictId(GANGNAM)));
}

#[test]
fn districts_whose_centres_lie_within_six_km_are_neighbours() {
    use crate::shared::Coordinates;
    let at = |lat, lng| Coordinates::new(lat, lng).unwrap();
    let map = Neighbourhood::of_centres(&[
        (DistrictId(MAPO), at(37.5663, 126.9019)),
        (DistrictId(SEODAEMUN), at(37.5791, 126.9368)),
        (DistrictId(EUNPYEONG), at(37.6027, 126.9291)),
        (DistrictId(GANGNAM), at(37.5172, 127.0473)),
    ]);
    assert!(map.borders(DistrictId(MAPO), DistrictId(SEODAEMUN)));
    assert!(map.borders(DistrictId(SEODAEMUN), DistrictId(MAPO)));
    assert!(!map.borders(DistrictId(MAPO), DistrictId(GANGNAM)));
    assert!(!map.borders(DistrictId(MAPO), DistrictId(MAPO)));
    assert_eq!(
        map.around(&[DistrictId(MAPO)]),
        [DistrictId(EUNPYEONG), DistrictId(SEODAEMUN)]
    );
    assert_eq!(
        map.around(&[DistrictId(MAPO), DistrictId(SEODAEMUN)]),
        [DistrictId(EUNPYEONG)]
    );
}

#[test]
fn a_space_taken_on_the_date_is_never_recommended_and_ranks_as_if_not_found() {
    let history = [booked(space(1, PARTY, MAPO, 40_000, (1, 10)), 4)];
    let mut taken = offered(space(20, PARTY, MAPO, 40_000, (1, 10)));
    (taken.co_chosen, taken.taken) = (10, true);
    let mut chosen = offered(space(21, PARTY, MAPO, 40_000, (1, 10)));
    chosen.co_chosen = 5;
    let free = [
        chosen,
        offered(space(22, PARTY, SEODAEMUN, 40_000, (1, 10))),
    ];
    let with_taken = [free[0].clone(), taken, free[1].clone()];
    let target = space(1, PARTY, MAPO, 40_000, (1, 10));
    let for_you = recommend(&history, &with_taken, &seoul(), 10);
    assert_eq!(ids(&for_you), [21, 22]);
    assert_eq!(for_you, recommend(&history, &free, &seoul(), 10));
    let like_it = similar(&target, &with_taken, &seoul(), 10);
    assert_eq!(ids(&like_it), [21, 22]);
    assert_eq!(like_it, similar(&target, &free, &seoul(), 10));
}
