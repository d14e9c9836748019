//! `GET /api/v1/spaces` filters, sorts and paging, and `/availability`, over a small known
//! set of spaces and orders, on both databases.

use ourspace_e2e::{
    Backend, Storage, TestApp, db_queries, item_ids, on_both_backends, spawn_app_on,
};
use serde_json::{Value, json};

/// A date `offset` days after the searched one, which lies 40 days ahead (inside the
/// booking horizon, whatever today is).
fn date(offset: u64) -> String {
    (chrono::Utc::now().date_naive() + chrono::Days::new(40 + offset)).to_string()
}
const GANGNAM: (f64, f64) = (37.4979, 127.0276);

fn opt(name: &str, start: u32, end: u32, price: i64) -> Value {
    json!({"name": name, "start_hour": start, "end_hour": end, "price": price})
}

/// The five spaces, their orders, likes and ratings; returns their ids in creation order.
async fn arrange(app: &TestApp) -> [i64; 5] {
    let d = date(0);
    let (host, _) = app.new_user(9001).await;
    let (_, guest) = app.new_user(9002).await;
    let s1 = app.register_space(&host, json!({"title": "강남 파티룸 100% 만족", "category_id": 1, "district_id": 1,
        "facility_ids": [1, 2], "options": [opt("day", 9, 18, 50000), opt("night", 18, 24, 40000), opt("all", 9, 24, 80000)]})).await;
    let s2 = app.register_space(&host, json!({"title": "Hongdae Studio", "category_id": 5, "district_id": 13,
        "latitude": 37.5563, "longitude": 126.9236, "max_guests": 4, "facility_ids": [2], "hourly_rate": 10000, "min_hours": 2})).await;
    let s3 = app
        .register_space(
            &host,
            json!({"title": "서초 세미나실", "category_id": 7, "district_id": 15, "min_guests": 10,
        "max_guests": 50, "latitude": 37.4837, "longitude": 127.0324, "facility_ids": [1, 2, 3],
        "open_from": date(4), "options": [opt("morning", 9, 13, 30000)]}),
        )
        .await;
    let s4 = app
        .register_space(
            &host,
            json!({"title": "심야 연습실", "category_id": 2, "district_id": 1, "max_guests": 6,
        "latitude": 37.5000, "longitude": 127.0300, "options": [opt("overnight", 22, 32, 60000)]}),
        )
        .await;
    let s5 = app.register_space(&host, json!({"title": "study_room 50_off", "description": "a quiet studio for study",
        "category_id": 4, "district_id": 13, "latitude": 37.5600, "longitude": 126.9200, "max_guests": 8,
        "options": [opt("day", 9, 18, 20000)]})).await;
    app.book(s1, guest, &d, (9, 18), "confirmed", None).await;
    // The next morning's 07:00 blocks the overnight package booked on D.
    app.book(s4, guest, &date(1), (7, 8), "confirmed", None)
        .await;
    // A waiting order whose time ran out blocks nothing.
    app.book(
        s5,
        guest,
        &d,
        (9, 18),
        "pending",
        Some("2026-01-01 00:00:00"),
    )
    .await;
    // Every even hour of D and the next midnight held: no two free hours in a row for the
    // hourly space, not even 23:00–01:00.
    for hour in (0..26).step_by(2) {
        app.book(s2, guest, &d, (hour, hour + 1), "confirmed", None)
            .await;
    }
    // Likes and ratings through the repositories that keep the counts, not beside them.
    let mut likers = Vec::new();
    for kakao_id in 9101..9104 {
        likers.push(app.new_user(kakao_id).await.1);
    }
    for liker in &likers {
        app.like(s5, *liker).await;
    }
    app.like(s1, likers[0]).await;
    // Reviews of orders long past, on hours nothing else in the tests uses.
    app.review(s3, likers[0], "2026-01-05", (9, 10), 5).await;
    app.review(s3, likers[1], "2026-01-05", (10, 11), 5).await;
    app.review(s2, likers[2], "2026-01-05", (9, 10), 4).await;
    [s1, s2, s3, s4, s5]
}

async fn ids(app: &TestApp, query: &str) -> Vec<i64> {
    let response = app
        .get(&format!("/api/v1/spaces?per_page=100&{query}"))
        .await;
    assert_eq!(response.status().as_u16(), 200, "{query}");
    let queries = db_queries(&response);
    assert!(queries <= 3, "{query} ran {queries} statements");
    let body: Value = response.json().await.unwrap();
    let items = item_ids(&body);
    assert_eq!(
        body["total"].as_u64().unwrap() as usize,
        items.len(),
        "{query}"
    );
    items
}

async fn sorted(app: &TestApp, query: &str) -> Vec<i64> {
    ids(app, query).await
}

fn set(v: Vec<i64>) -> std::collections::BTreeSet<i64> {
    v.into_iter().collect()
}

on_both_backends! {
    every_filter_alone_and_combined_finds_exactly_the_matching_spaces => |backend: Backend| async move {
        let d = date(0);
        let app = spawn_app_on(backend, Storage::Local).await;
        let [s1, s2, s3, s4, s5] = arrange(&app).await;
        let cases: Vec<(String, Vec<i64>)> = vec![
            ("q=파티".to_owned(), vec![s1]),
            ("q=100%25".to_owned(), vec![s1]),
            ("q=50_".to_owned(), vec![s5]),
            ("q=%25".to_owned(), vec![s1]),
            ("q=HONGDAE".to_owned(), vec![s2]),
            ("q=마포구".to_owned(), vec![s2, s5]),
            ("q=세미나실".to_owned(), vec![s3]),
            ("category=1,2".to_owned(), vec![s1, s4]),
            ("district=13".to_owned(), vec![s2, s5]),
            ("guests=20".to_owned(), vec![s3]),
            ("guests=6".to_owned(), vec![s1, s4, s5]),
            ("facilities=1,2".to_owned(), vec![s1, s3]),
            ("facilities=3".to_owned(), vec![s3]),
            ("min_price=30000&max_price=50000".to_owned(), vec![s1, s3]),
            (format!("date={d}"), vec![s1, s5]),
            (format!("date={d}&start_hour=9&end_hour=12"), vec![s4, s5]),
            (format!("date={d}&start_hour=20&end_hour=24"), vec![s1, s4, s5]),
            (format!("date={}", date(5)), vec![s1, s2, s3, s4, s5]),
            (format!("lat={}&lng={}&radius_km=1", GANGNAM.0, GANGNAM.1), vec![s1, s4]),
            (format!("lat={}&lng={}&radius_km=2", GANGNAM.0, GANGNAM.1), vec![s1, s3, s4]),
            (format!("district=1&guests=2&facilities=1&date={d}&max_price=45000&q=강남&lat={}&lng={}&radius_km=5", GANGNAM.0, GANGNAM.1), vec![s1]),
        ];
        for (query, expected) in cases {
            assert_eq!(set(ids(&app, &query).await), set(expected), "{query}");
        }
    };

    each_sort_orders_the_spaces_and_ends_with_the_id => |backend: Backend| async move {
        let app = spawn_app_on(backend, Storage::Local).await;
        let [s1, s2, s3, s4, s5] = arrange(&app).await;
        assert_eq!(sorted(&app, "sort=price_asc").await, [s2, s5, s3, s1, s4]);
        assert_eq!(sorted(&app, "sort=price_desc").await, [s4, s1, s3, s5, s2]);
        assert_eq!(sorted(&app, "sort=newest").await, [s5, s4, s3, s2, s1]);
        assert_eq!(sorted(&app, "sort=rating").await, [s3, s2, s5, s4, s1], "ties: newest id first");
        assert_eq!(sorted(&app, "").await, [s5, s1, s3, s2, s4], "popular: likes, then rating, then id");
        assert_eq!(sorted(&app, "q=studio").await, [s2, s5], "relevance: title matches first");
        let near = format!("lat={}&lng={}&sort=distance", GANGNAM.0, GANGNAM.1);
        assert_eq!(sorted(&app, &near).await, [s1, s4, s3, s2, s5]);
        let body = app.get_json(&format!("/api/v1/spaces?{near}"), 200).await;
        let d: Vec<f64> = body["items"].as_array().unwrap().iter().map(|i| i["distance_km"].as_f64().unwrap()).collect();
        assert_eq!(d[0], 0.0);
        assert!(d.windows(2).all(|w| w[0] <= w[1]), "{d:?}");
        assert!((10.0..12.5).contains(&d[4]), "Gangnam to Hongdae is about 11 km: {d:?}");
        assert!(app.get_json("/api/v1/spaces", 200).await["items"][0].get("distance_km").is_none());
    };

    pages_never_repeat_or_skip_and_stay_at_three_statements => |backend: Backend| async move {
        let d = date(0);
        let app = spawn_app_on(backend, Storage::Local).await;
        arrange(&app).await;
        for sort in ["popular", "price_asc", "rating", "newest"] {
            let mut seen = Vec::new();
            for page in 1..=3 {
                let response = app.get(&format!("/api/v1/spaces?sort={sort}&per_page=2&page={page}")).await;
                assert!(db_queries(&response) <= 3);
                let body: Value = response.json().await.unwrap();
                seen.extend(body["items"].as_array().unwrap().iter().map(|i| i["id"].as_i64().unwrap()));
            }
            let unique = set(seen.clone());
            assert_eq!((seen.len(), unique.len()), (5, 5), "{sort}: {seen:?}");
        }
        // A keyword search counts in its page statement; past the end the count still comes.
        let past_end = app.get_json("/api/v1/spaces?q=%EB%A7%88%ED%8F%AC%EA%B5%AC&page=9", 200).await;
        assert_eq!((past_end["items"].as_array().unwrap().len(), past_end["total"].as_i64()), (0, Some(2)));
        let first = app.get_json("/api/v1/spaces?q=%EB%A7%88%ED%8F%AC%EA%B5%AC&per_page=1", 200).await;
        assert_eq!(first["total"], 2);
        let everything = format!("q=a&category=1,2,3,4,5,6,7,8&district=1,13,15&guests=2&facilities=1&min_price=1&max_price=999999&date={d}&start_hour=20&end_hour=22&lat=37.5&lng=127&radius_km=50&sort=distance");
        for per_page in [1, 20, 100] {
            let response = app.get(&format!("/api/v1/spaces?{everything}&per_page={per_page}")).await;
            assert_eq!(response.status().as_u16(), 200);
            assert!(db_queries(&response) <= 3, "per_page={per_page}");
        }
    };

    availability_shows_free_hours_and_packages_including_the_next_morning => |backend: Backend| async move {
        let d = date(0);
        let app = spawn_app_on(backend, Storage::Local).await;
        let [s1, _, s3, s4, s5] = arrange(&app).await;
        let response = app.get(&format!("/api/v1/spaces/{s1}/availability?date={d}")).await;
        assert!(db_queries(&response) <= 3);
        let a: Value = response.json().await.unwrap();
        assert_eq!(a["in_open_period"], true);
        let free: Vec<i64> = a["free_hours"].as_array().unwrap().iter().map(|h| h.as_i64().unwrap()).collect();
        assert_eq!(free, (0..9).chain(18..24).collect::<Vec<_>>());
        let available: Vec<(String, bool)> = a["options"].as_array().unwrap().iter()
            .map(|o| (o["name"].as_str().unwrap().to_owned(), o["available"].as_bool().unwrap())).collect();
        assert!(available.contains(&("day".into(), false)) && available.contains(&("night".into(), true)) && available.contains(&("all".into(), false)));

        let a = app.get_json(&format!("/api/v1/spaces/{s4}/availability?date={d}"), 200).await;
        assert_eq!(a["options"][0]["available"], false, "the 07:00 order the next morning blocks the overnight package");
        let next: Vec<i64> = a["next_day_free_hours"].as_array().unwrap().iter().map(|h| h.as_i64().unwrap()).collect();
        assert_eq!(next, [0, 1, 2, 3, 4, 5, 6]);
        let a = app.get_json(&format!("/api/v1/spaces/{s5}/availability?date={d}"), 200).await;
        assert_eq!(a["options"][0]["available"], true, "an expired waiting order does not block");
        let a = app.get_json(&format!("/api/v1/spaces/{s3}/availability?date={d}"), 200).await;
        assert_eq!((a["in_open_period"].as_bool(), a["free_hours"].as_array().unwrap().len()), (Some(false), 0));
        for (query, parameter) in [("", "date"), ("?date=2020-01-01", "date"), ("?date=tomorrow", "date")] {
            let body = app.get_json(&format!("/api/v1/spaces/{s1}/availability{query}"), 400).await;
            assert_eq!(body["errors"][0]["field"], parameter);
        }
        assert_eq!(app.get(&format!("/api/v1/spaces/999999/availability?date={d}")).await.status().as_u16(), 404);
    };

    nonsense_search_parameters_answer_400_naming_the_parameter => |backend: Backend| async move {
        let app = spawn_app_on(backend, Storage::Local).await;
        let d = date(0);
        let beyond_horizon = (chrono::Utc::now().date_naive() + chrono::Days::new(400)).to_string();
        for (query, parameter) in [
            ("date=2020-01-01".to_owned(), "date"),
            ("date=01/02/2099".to_owned(), "date"),
            (format!("date={beyond_horizon}"), "date"),
            ("date=%2B262142-12-31".to_owned(), "date"),
            ("date=-262143-01-01".to_owned(), "date"),
            ("start_hour=9&end_hour=12".to_owned(), "start_hour"),
            (format!("date={d}&start_hour=9"), "end_hour"),
            (format!("date={d}&start_hour=9&end_hour=50"), "end_hour"),
            ("sort=cheapest".to_owned(), "sort"),
            ("sort=distance".to_owned(), "sort"),
            ("sort=relevance".to_owned(), "sort"),
            ("lat=37.5".to_owned(), "lng"),
            ("radius_km=3".to_owned(), "radius_km"),
            ("lat=37.5&lng=127&radius_km=-1".to_owned(), "radius_km"),
            ("lat=north&lng=127".to_owned(), "lat"),
            ("guests=0".to_owned(), "guests"),
            ("guests=many".to_owned(), "guests"),
            ("min_price=10&max_price=5".to_owned(), "max_price"),
            ("facilities=1,x".to_owned(), "facilities"),
            ("per_page=101".to_owned(), "per_page"),
        ] {
            let body = app.get_json(&format!("/api/v1/spaces?{query}"), 400).await;
            assert_eq!(body["code"], "invalid_parameter", "{query}");
            assert_eq!(body["errors"][0]["field"], parameter, "{query}: {body}");
        }
        for date in [beyond_horizon.as_str(), "%2B262142-12-31", "2020-01-01"] {
            let body = app.get_json(&format!("/api/v1/spaces/1/availability?date={date}"), 400).await;
            assert_eq!(body["errors"][0]["field"], "date", "{date}: {body}");
        }
    };

    a_space_is_found_by_the_facilities_it_has_after_an_edit => |backend: Backend| async move {
        let app = spawn_app_on(backend, Storage::Local).await;
        let (host, _) = app.new_user(9101).await;
        let space = app
            .register_space(&host, json!({"title": "편의시설", "category_id": 1, "district_id": 1,
                "facility_ids": [1, 12], "options": [opt("day", 9, 18, 10000)]}))
            .await;
        assert_eq!(ids(&app, "facilities=1,12").await, vec![space]);
        assert_eq!(ids(&app, "facilities=1,2").await, Vec::<i64>::new());
        let edited = app
            .client
            .patch(format!("{}/api/v1/spaces/{space}", app.address))
            .bearer_auth(&host)
            .json(&json!({"facility_ids": [2]}))
            .send()
            .await
            .unwrap();
        assert_eq!(edited.status().as_u16(), 200);
        assert_eq!(ids(&app, "facilities=1").await, Vec::<i64>::new());
        assert_eq!(ids(&app, "facilities=2").await, vec![space]);
    };
}
