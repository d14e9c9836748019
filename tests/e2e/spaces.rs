//! `GET /api/v1/spaces` and `GET /api/v1/spaces/{id}` over the demo data.

use ourspace_e2e::{Backend, db_queries, on_both_backends, spawn_app};
use serde_json::Value;
use std::collections::HashSet;

const LIST_FIELDS: [&str; 14] = [
    "id",
    "title",
    "subtitle",
    "address",
    "category",
    "district",
    "min_price",
    "min_guests",
    "max_guests",
    "images",
    "like_count",
    "rating_avg",
    "review_count",
    "created_at",
];

const DETAIL_FIELDS: [&str; 10] = [
    "description",
    "latitude",
    "longitude",
    "booking_mode",
    "open_from",
    "open_until",
    "hourly_rate",
    "min_hours",
    "options",
    "facilities",
];

fn assert_bad_parameter(body: &Value, parameter: &str) {
    assert_eq!(body["code"], "invalid_parameter", "{body}");
    assert_eq!(body["status"], 400);
    assert_eq!(body["errors"][0]["field"], parameter, "{body}");
}

on_both_backends! {
    the_list_answers_a_page_with_every_field => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let page = app.get_json("/api/v1/spaces", 200).await;
        assert_eq!(page["page"], 1);
        assert_eq!(page["per_page"], 20);
        assert_eq!(page["total"], 40);
        let items = page["items"].as_array().unwrap();
        assert_eq!(items.len(), 20);
        for field in LIST_FIELDS {
            assert!(items[0].get(field).is_some(), "missing {field}");
        }
        assert!(items[0]["category"]["name"].is_string());
        assert!(items[0]["district"]["id"].is_i64());
        assert!(items[0]["images"][0].as_str().unwrap().starts_with("/media/spaces/"));
        assert!(items.iter().all(|i| i["min_price"].as_i64().unwrap() > 0));
    };

    the_list_runs_at_most_three_statements_whatever_the_page_size => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        for per_page in [1, 5, 20, 100] {
            let response = app.get(&format!("/api/v1/spaces?per_page={per_page}")).await;
            assert_eq!(response.status().as_u16(), 200);
            let queries = db_queries(&response);
            assert!(queries <= 3, "per_page={per_page} ran {queries} statements");
            let body: Value = response.json().await.unwrap();
            assert_eq!(body["items"].as_array().unwrap().len(), per_page.min(40));
        }
    };

    pages_neither_repeat_nor_skip_a_space => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let mut seen = HashSet::new();
        for page in 1..=5 {
            let body = app.get_json(&format!("/api/v1/spaces?page={page}&per_page=9"), 200).await;
            for item in body["items"].as_array().unwrap() {
                assert!(seen.insert(item["id"].as_i64().unwrap()), "repeated {}", item["id"]);
            }
        }
        assert_eq!(seen.len(), 40);
        let past_the_end = app.get_json("/api/v1/spaces?page=99", 200).await;
        assert!(past_the_end["items"].as_array().unwrap().is_empty());
        assert_eq!(past_the_end["total"], 40);
    };

    the_list_filters_by_category_and_district => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let body = app.get_json("/api/v1/spaces?category=1,2&per_page=100", 200).await;
        assert_eq!(body["total"], 10);
        assert_eq!(body["items"].as_array().unwrap().len(), 10);
        for item in body["items"].as_array().unwrap() {
            let category = item["category"]["id"].as_i64().unwrap();
            assert!(category == 1 || category == 2);
        }
        let first = &body["items"][0];
        let district = first["district"]["id"].as_i64().unwrap();
        let by_district = app.get_json(&format!("/api/v1/spaces?district={district}&per_page=100"), 200).await;
        let items = by_district["items"].as_array().unwrap();
        assert!(!items.is_empty(), "at least the space the district was taken from");
        assert!(items.iter().any(|i| i["id"] == first["id"]));
        assert!(items.iter().all(|i| i["district"]["id"] == district));
        assert_eq!(by_district["total"].as_u64().unwrap(), items.len() as u64);
    };

    the_detail_shows_options_facilities_images_and_host_in_three_statements => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let response = app.get("/api/v1/spaces/1").await;
        assert_eq!(response.status().as_u16(), 200);
        assert!(db_queries(&response) <= 3);
        let space: Value = response.json().await.unwrap();
        for field in LIST_FIELDS.iter().chain(DETAIL_FIELDS.iter()) {
            assert!(space.get(*field).is_some(), "missing {field}");
        }
        assert_eq!(space["id"], 1);
        assert_eq!(space["host"]["name"], "오아시스 호스트");
        assert_eq!(space["booking_mode"], "instant");
        let options = space["options"].as_array().unwrap();
        let names: Vec<&str> = options.iter().map(|o| o["name"].as_str().unwrap()).collect();
        assert!(names.contains(&"day") && names.contains(&"night") && names.contains(&"all"), "{names:?}");
        let overnight = options.iter().find(|o| o["name"] == "overnight").expect("overnight package");
        assert_eq!((overnight["start_hour"].as_i64(), overnight["end_hour"].as_i64()), (Some(22), Some(32)));
        assert!(!space["facilities"].as_array().unwrap().is_empty());
        assert!(space["facilities"][0]["name"].is_string());
        assert_eq!(space["images"].as_array().unwrap().len(), 2);
        assert!(space["images"][0]["id"].is_i64());

        let hourly = app.get_json("/api/v1/spaces/2", 200).await;
        assert!(hourly["hourly_rate"].as_i64().unwrap() > 0);
        assert!(hourly["min_hours"].as_i64().unwrap() >= 1);
    };

    a_listed_photo_url_serves_the_png => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let space = app.get_json("/api/v1/spaces/3", 200).await;
        let url = space["images"][0]["url"].as_str().unwrap();
        let response = app.get(url).await;
        assert_eq!(response.status().as_u16(), 200);
        assert_eq!(response.headers()["content-type"], "image/png");
        assert!(response.headers()["cache-control"].to_str().unwrap().contains("max-age"));
        let bytes = response.bytes().await.unwrap();
        assert!(bytes.starts_with(b"\x89PNG\r\n\x1a\n"));
        assert_eq!(app.get("/media/spaces/does-not-exist.png").await.status().as_u16(), 404);
        for sneaky in ["/media/..%2F..%2Fetc%2Fpasswd", "/media/spaces%2F..%2F..%2Fsecret.png", "/media/%2e%2e/x.png"] {
            let response = app.get(sneaky).await;
            assert_eq!(response.status().as_u16(), 404, "{sneaky}");
        }
    };

    an_unknown_space_answers_404_problem_json => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let response = app.get("/api/v1/spaces/999999").await;
        assert_eq!(response.status().as_u16(), 404);
        assert_eq!(response.headers()["content-type"], "application/problem+json");
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], "not_found");
    };

    malformed_parameters_answer_400_naming_the_parameter => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        for (path, parameter) in [
            ("/api/v1/spaces?per_page=0", "per_page"),
            ("/api/v1/spaces?per_page=101", "per_page"),
            ("/api/v1/spaces?per_page=ten", "per_page"),
            ("/api/v1/spaces?page=0", "page"),
            ("/api/v1/spaces?page=-1", "page"),
            ("/api/v1/spaces?category=party", "category"),
            ("/api/v1/spaces?district=1,x", "district"),
            ("/api/v1/spaces/abc", "id"),
            ("/api/v1/spaces/0", "id"),
        ] {
            let response = app.get(path).await;
            assert_eq!(response.status().as_u16(), 400, "{path}");
            assert_eq!(response.headers()["content-type"], "application/problem+json", "{path}");
            assert_bad_parameter(&response.json().await.unwrap(), parameter);
        }
    };
}
