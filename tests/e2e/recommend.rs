//! Recommendations through the real server on both databases: spaces for a guest from what
//! they booked and liked (their category and district first, then the neighbours; never a
//! space they booked or one too small for their group), what is booked lately for a guest
//! without history, spaces like a given one from behaviour before content, the date filter,
//! paging, refusals, at most three statements a request, and a guest's own booking seen by
//! their next request though the server keeps their taste.

use super::orders::{act, booker, day, order};
use ourspace_e2e::{
    Backend, TestApp, item_ids, on_both_backends, read_within_budget, spawn_app_with,
};
use reqwest::Method;
use serde_json::{Value, json};

const PARTY: i64 = 1;
const STUDY: i64 = 4;
const GANGNAM: i64 = 1;
const MAPO: i64 = 13;
const SEODAEMUN: i64 = 14;

/// A space of `category` in `district` for `guests` (min, max), 9–24 by the hour.
async fn space(app: &TestApp, host: &str, category: i64, district: i64, guests: (u16, u16)) -> i64 {
    app.register_space(
        host,
        json!({"title": format!("공간 {category}-{district}-{}", guests.1), "category_id": category,
            "district_id": district, "booking_mode": "instant", "min_guests": guests.0,
            "max_guests": guests.1, "options": [], "hourly_rate": 10000, "min_hours": 2}),
    )
    .await
}

/// `guest` books hours 10–12 of `date` for `guests` people at `space` and pays.
async fn book(app: &TestApp, guest: &str, space: i64, date: &str, guests: u16) {
    let body = json!({"space_id": space, "date": date, "start_hour": 10, "end_hour": 12,
        "guests": guests, "booker": booker()});
    let (status, placed) = order(app, guest, &body).await;
    assert_eq!(status, 201, "{placed}");
    assert_eq!(act(app, guest, &placed["id"], "pay").await.0, 200);
}

async fn like(app: &TestApp, user: &str, space: i64) {
    let path = format!("/api/v1/spaces/{space}/like");
    let status = app.send(Method::PUT, &path, user, None).await.status();
    assert!(status.is_success(), "{status}");
}

async fn recommended(app: &TestApp, path: &str, token: Option<&str>) -> Value {
    read_within_budget(app, path, token).await
}

fn reasons(page: &Value, id: i64) -> Vec<String> {
    let item = page["items"]
        .as_array()
        .unwrap()
        .iter()
        .find(|i| i["id"] == id);
    let reasons = item.map_or(json!([]), |i| i["reasons"].clone());
    serde_json::from_value(reasons).unwrap()
}

async fn a_party_guest_in_mapo_sees_party_rooms_in_mapo_then_next_door(backend: Backend) {
    let app = spawn_app_with(backend, &[("OURSPACE_SEED_DEMO", "0")]).await;
    let (host, _) = app.new_user(1).await;
    let (guest, _) = app.new_user_with_points(2, 1_000_000).await;
    let booked = space(&app, &host, PARTY, MAPO, (10, 30)).await;
    let mapo = space(&app, &host, PARTY, MAPO, (10, 30)).await;
    let next_door = space(&app, &host, PARTY, SEODAEMUN, (10, 30)).await;
    let far = space(&app, &host, PARTY, GANGNAM, (10, 30)).await;
    let small = space(&app, &host, PARTY, MAPO, (1, 4)).await;
    let study = space(&app, &host, STUDY, MAPO, (10, 30)).await;
    book(&app, &guest, booked, &day(&app, 3), 20).await;
    let path = "/api/v1/users/me/recommendations";
    let page = recommended(&app, path, Some(&guest)).await;
    let ids = item_ids(&page);
    assert_eq!(&ids[..3], [mapo, next_door, far], "{page}");
    assert!(ids.contains(&study), "{ids:?}");
    assert!(!ids.contains(&booked) && !ids.contains(&small), "{ids:?}");
    assert_eq!(
        reasons(&page, mapo)[..2],
        ["same_category", "same_district"]
    );
    assert!(reasons(&page, next_door).contains(&"nearby_district".to_owned()));
    assert!(reasons(&page, mapo).contains(&"fits_your_group".to_owned()));

    // Guests who liked a space the guest likes also liked the study room.
    for kakao in [11, 12] {
        let (other, _) = app.new_user(kakao).await;
        like(&app, &other, far).await;
        like(&app, &other, study).await;
    }
    like(&app, &guest, far).await;
    app.refresh_recommendations().await;
    let page = recommended(&app, path, Some(&guest)).await;
    assert!(
        reasons(&page, study).contains(&"liked_by_similar_guests".to_owned()),
        "{page}"
    );

    // Only what is free then: the Mapo room is taken 10–12 that day. The guest's like makes
    // the dated request read their pool afresh; kept, it still holds the Mapo room for 14–16.
    let (other, _) = app.new_user_with_points(13, 1_000_000).await;
    let date = day(&app, 5);
    book(&app, &other, mapo, &date, 12).await;
    like(&app, &guest, booked).await;
    let on = format!("{path}?date={date}&start_hour=10&end_hour=12");
    assert!(!item_ids(&recommended(&app, &on, Some(&guest)).await).contains(&mapo));
    let later = format!("{path}?date={date}&start_hour=14&end_hour=16");
    assert!(item_ids(&recommended(&app, &later, Some(&guest)).await).contains(&mapo));

    // Pages of the same ranking.
    let first = recommended(&app, &format!("{path}?per_page=2"), Some(&guest)).await;
    let second = recommended(&app, &format!("{path}?per_page=2&page=2"), Some(&guest)).await;
    assert_eq!(item_ids(&first), ids[..2]);
    assert_eq!(item_ids(&second), ids[2..4]);
    assert_eq!(first["total"], second["total"]);
    // Signed in only.
    assert_eq!(app.get(path).await.status().as_u16(), 401);
}

async fn a_guest_without_history_sees_what_is_booked_lately(backend: Backend) {
    let app = spawn_app_with(backend, &[("OURSPACE_SEED_DEMO", "0")]).await;
    let (host, _) = app.new_user(1).await;
    let (guest, _) = app.new_user_with_points(2, 1_000_000).await;
    let quiet = space(&app, &host, STUDY, GANGNAM, (1, 10)).await;
    let busy = space(&app, &host, STUDY, GANGNAM, (1, 10)).await;
    for days in 1..=3 {
        book(&app, &guest, busy, &day(&app, days), 2).await;
    }
    app.refresh_recommendations().await;
    let (newcomer, _) = app.new_user(3).await;
    let page = recommended(&app, "/api/v1/users/me/recommendations", Some(&newcomer)).await;
    assert_eq!(item_ids(&page)[..2], [busy, quiet], "{page}");
    assert_eq!(reasons(&page, busy), ["popular_now"]);
    assert!(page["items"][0]["thumbnail_url"].is_string(), "{page}");
}

async fn similar_spaces_come_from_behaviour_before_content_and_never_include_the_space(
    backend: Backend,
) {
    let app = spawn_app_with(backend, &[("OURSPACE_SEED_DEMO", "0")]).await;
    let (host, _) = app.new_user(1).await;
    let target = space(&app, &host, PARTY, MAPO, (2, 10)).await;
    let alike = space(&app, &host, PARTY, MAPO, (2, 10)).await;
    let chosen_too = space(&app, &host, STUDY, GANGNAM, (2, 10)).await;
    let gone = space(&app, &host, PARTY, MAPO, (2, 10)).await;
    for kakao in [11, 12, 13] {
        let (guest, _) = app.new_user(kakao).await;
        like(&app, &guest, target).await;
        like(&app, &guest, chosen_too).await;
    }
    app.refresh_recommendations().await;
    let path = format!("/api/v1/spaces/{target}/similar");
    let page = recommended(&app, &path, None).await;
    assert_eq!(item_ids(&page)[..2], [chosen_too, alike], "{page}");
    assert_eq!(reasons(&page, chosen_too)[0], "liked_by_similar_guests");
    assert!(reasons(&page, alike).contains(&"same_district".to_owned()));
    assert!(!item_ids(&page).contains(&target));
    // The page's list items are read after the ranking: whole, with their photos.
    let item = &page["items"][1];
    assert_eq!(item["title"], "공간 1-13-10", "{page}");
    assert_eq!(item["category"]["id"], PARTY, "{page}");
    assert!(item["thumbnail_url"].is_string(), "{page}");
    // Only what is free then: the alike room is taken 10–12 that day.
    let (booker, _) = app.new_user_with_points(14, 1_000_000).await;
    let date = day(&app, 5);
    book(&app, &booker, alike, &date, 4).await;
    let on = format!("{path}?date={date}&start_hour=10&end_hour=12");
    assert!(!item_ids(&recommended(&app, &on, None).await).contains(&alike));
    let later = format!("{path}?date={date}&start_hour=14&end_hour=16");
    assert!(item_ids(&recommended(&app, &later, None).await).contains(&alike));

    let status = app
        .send(
            Method::DELETE,
            &format!("/api/v1/spaces/{gone}"),
            &host,
            None,
        )
        .await
        .status();
    assert_eq!(status.as_u16(), 204);
    assert!(!item_ids(&recommended(&app, &path, None).await).contains(&gone));
    let gone_path = format!("/api/v1/spaces/{gone}/similar");
    assert_eq!(app.get(&gone_path).await.status().as_u16(), 404);
    assert_eq!(
        app.get("/api/v1/spaces/999999/similar")
            .await
            .status()
            .as_u16(),
        404
    );
    let yesterday = format!("{path}?date=2000-01-01");
    for bad in [
        format!("{path}?per_page=21"),
        format!("{path}?per_page=0"),
        format!("{path}?page=0"),
        yesterday,
        format!("{path}?start_hour=10"),
        format!("{path}?date=tomorrow"),
        "/api/v1/spaces/abc/similar".to_owned(),
    ] {
        let response = app.get(&bad).await;
        assert_eq!(response.status().as_u16(), 400, "{bad}");
        let problem: Value = response.json().await.unwrap();
        assert_eq!(problem["code"], "invalid_parameter", "{bad}: {problem}");
    }
}

async fn a_space_booked_from_the_recommendations_leaves_them_at_once(backend: Backend) {
    let app = spawn_app_with(backend, &[("OURSPACE_SEED_DEMO", "0")]).await;
    let (host, _) = app.new_user(1).await;
    let (guest, _) = app.new_user_with_points(2, 1_000_000).await;
    let first = space(&app, &host, PARTY, MAPO, (2, 10)).await;
    for district in [MAPO, MAPO, SEODAEMUN] {
        space(&app, &host, PARTY, district, (2, 10)).await;
    }
    book(&app, &guest, first, &day(&app, 3), 4).await;
    let path = "/api/v1/users/me/recommendations";
    let before = item_ids(&recommended(&app, path, Some(&guest)).await);
    assert_eq!(before.len(), 3, "{before:?}");
    // Asked again, the kept taste answers the same (within the same budget).
    assert_eq!(
        item_ids(&recommended(&app, path, Some(&guest)).await),
        before
    );
    book(&app, &guest, before[0], &day(&app, 4), 4).await;
    let after = item_ids(&recommended(&app, path, Some(&guest)).await);
    assert_eq!(after, before[1..], "a booked space is never recommended");
    assert_eq!(
        item_ids(&recommended(&app, path, Some(&guest)).await),
        after
    );
    // Another guest's taste is their own: what is booked lately.
    app.refresh_recommendations().await;
    let (newcomer, _) = app.new_user(3).await;
    let theirs = item_ids(&recommended(&app, path, Some(&newcomer)).await);
    assert!(theirs.contains(&first), "{theirs:?}");
}

on_both_backends! {
    a_party_guest_in_mapo_sees_party_rooms_in_mapo_then_next_door => |backend: Backend| super::a_party_guest_in_mapo_sees_party_rooms_in_mapo_then_next_door(backend);
    a_guest_without_history_sees_what_is_booked_lately => |backend: Backend| super::a_guest_without_history_sees_what_is_booked_lately(backend);
    similar_spaces_come_from_behaviour_before_content_and_never_include_the_space => |backend: Backend| super::similar_spaces_come_from_behaviour_before_content_and_never_include_the_space(backend);
    a_space_booked_from_the_recommendations_leaves_them_at_once => |backend: Backend| super::a_space_booked_from_the_recommendations_leaves_them_at_once(backend);
}
