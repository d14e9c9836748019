//! Keyword search in relevance order, through the real server on both databases: spaces
//! whose title holds the keyword first, then popular, page after page; the order
//! following likes, unlikes and a deleted account.

use ourspace_e2e::{
    Backend, COUNTS_OUT_OF_STEP, Storage, TestApp, db_queries, item_ids, on_both_backends,
    spawn_app_on,
};
use reqwest::Method;
use serde_json::{Value, json};

/// Every page of `query` with `per_page`, concatenated, each page within three statements
/// and carrying the full total.
async fn all_pages(app: &TestApp, query: &str, per_page: usize) -> Vec<i64> {
    let mut seen = Vec::new();
    for page in 1.. {
        let response = app
            .get(&format!(
                "/api/v1/spaces?{query}&per_page={per_page}&page={page}"
            ))
            .await;
        assert_eq!(response.status().as_u16(), 200, "{query}");
        assert!(db_queries(&response) <= 3, "{query} page {page}");
        let body: Value = response.json().await.unwrap();
        let items = item_ids(&body);
        if items.is_empty() {
            assert_eq!(
                body["total"].as_u64().unwrap() as usize,
                seen.len(),
                "{query}"
            );
            return seen;
        }
        seen.extend(items);
    }
    unreachable!()
}

/// Likes `space` by `n` new users (kakao ids from `first`); returns their tokens.
async fn like(app: &TestApp, space: i64, n: i64, first: i64) -> Vec<String> {
    let mut tokens = Vec::new();
    for k in 0..n {
        let token = app.new_user(first + k).await.0;
        let path = format!("/api/v1/spaces/{space}/like");
        assert_eq!(
            app.send(Method::PUT, &path, &token, None)
                .await
                .status()
                .as_u16(),
            200
        );
        tokens.push(token);
    }
    tokens
}

on_both_backends! {
    keyword_pages_put_title_matches_first_then_popular => |backend: Backend| async move {
        let app = spawn_app_on(backend, Storage::Local).await;
        let (host, _) = app.new_user(8001).await;
        // (title, description, likes, whether the title holds every gram of 루프탑)
        let spaces = [
            ("루프탑 파티룸", "", 0, true),
            ("파티룸 A", "루프탑이 있는 파티룸", 2, false),
            ("루프탑 카페", "", 1, true),
            ("옥상 루프 탑", "진짜 루프탑 뷰", 3, false),
            ("Rooftop 루프탑", "", 2, true),
            ("연습실", "작은 루프탑", 0, false),
            ("루프탑 스튜디오", "", 0, true),
            ("세미나실", "루프탑 테라스", 1, false),
            ("조용한 스터디룸", "파티 금지", 4, false),
            // Both grams of 루프탑, never together: a count must not take it for a match.
            ("루프 프탑 공방", "", 5, false),
        ];
        let mut ids = Vec::new();
        for (i, (title, description, likes, _)) in spaces.iter().enumerate() {
            let id = app.register_space(&host, json!({"title": title, "description": description, "category_id": 6, "district_id": 1, "hourly_rate": 10000})).await;
            like(&app, id, *likes, 10_000 + 100 * i as i64).await;
            ids.push(id);
        }
        assert_eq!(app.scalar_i64(COUNTS_OUT_OF_STEP).await, 0);
        // Expected: title group first, then likes, then the newest id.
        let expected = |keep: &dyn Fn(usize) -> bool, group: &dyn Fn(usize) -> bool| {
            let mut order: Vec<usize> = (0..spaces.len()).filter(|i| keep(*i)).collect();
            order.sort_by_key(|&i| (!group(i), -spaces[i].2, -ids[i]));
            order.into_iter().map(|i| ids[i]).collect::<Vec<_>>()
        };
        let rooftop = expected(&|i| i < 8, &|i| spaces[i].3);
        for per_page in [1, 2, 3, 20] {
            assert_eq!(all_pages(&app, "q=%EB%A3%A8%ED%94%84%ED%83%91", per_page).await, rooftop, "루프탑, per_page {per_page}");
        }
        // A one-gram keyword: its title group is exactly the titles that contain it.
        let party = expected(&|i| [0, 1, 8].contains(&i), &|i| spaces[i].0.contains("파티"));
        assert_eq!(all_pages(&app, "q=%ED%8C%8C%ED%8B%B0", 2).await, party);
        // With a filter and a date the order holds; past the end the page is empty.
        let soon = (chrono::Utc::now().date_naive() + chrono::Days::new(40)).to_string();
        let filtered = all_pages(&app, &format!("q=%EB%A3%A8%ED%94%84%ED%83%91&category=6&date={soon}&guests=2"), 3).await;
        assert_eq!(filtered, rooftop);

        // Likes move a space within its group, and a deleted account's likes leave the order.
        let fans = like(&app, ids[6], 5, 20_000).await;
        let rooftop: Vec<i64> = {
            let mut order = rooftop.clone();
            order.retain(|id| *id != ids[6]);
            order.insert(0, ids[6]);
            order
        };
        assert_eq!(all_pages(&app, "q=%EB%A3%A8%ED%94%84%ED%83%91", 3).await, rooftop);
        assert_eq!(app.scalar_i64(COUNTS_OUT_OF_STEP).await, 0);
        for fan in &fans[..4] {
            let gone = app.send(Method::DELETE, "/api/v1/users/me", fan, None).await;
            assert_eq!(gone.status().as_u16(), 204);
        }
        let unliked = app.send(Method::DELETE, &format!("/api/v1/spaces/{}/like", ids[6]), &fans[4], None).await;
        assert_eq!(unliked.status().as_u16(), 200);
        assert_eq!(app.scalar_i64(COUNTS_OUT_OF_STEP).await, 0);
        assert_eq!(all_pages(&app, "q=%EB%A3%A8%ED%94%84%ED%83%91", 3).await, expected(&|i| i < 8, &|i| spaces[i].3));
    };

    a_keyword_of_any_length_answers_within_three_statements => |backend: Backend| async move {
        let app = spawn_app_on(backend, Storage::Local).await;
        let (host, _) = app.new_user(8101).await;
        let long: String = ('가'..='힣').take(100).collect();
        let id = app.register_space(&host, json!({"title": "긴 이름", "description": long, "category_id": 6, "district_id": 1, "hourly_rate": 10000})).await;
        // Up to the longest keyword allowed (100 characters: 99 distinct grams).
        // Words match in any order and place, each on its own: "가 각" holds both.
        for keyword in [&long[..], &long[..30], "가각", "가", "가 각", "각 가", "가 없음"] {
            for sort in ["relevance", "popular", "price_asc"] {
                let query = format!("q={}&sort={sort}", urlencoding(keyword));
                let response = app.get(&format!("/api/v1/spaces?{query}")).await;
                assert_eq!(response.status().as_u16(), 200, "{query}");
                assert!(db_queries(&response) <= 3);
                let body: Value = response.json().await.unwrap();
                let found = item_ids(&body);
                let expected = if keyword == "가 없음" { vec![] } else { vec![id] };
                assert_eq!(found, expected, "{query}");
            }
        }
    };
}

fn urlencoding(text: &str) -> String {
    text.bytes().map(|b| format!("%{b:02X}")).collect()
}
