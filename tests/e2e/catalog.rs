//! The catalog endpoints.

use ourspace_e2e::{Backend, db_queries, on_both_backends, spawn_app};

on_both_backends! {
    the_catalog_lists_eight_categories_seoul_districts_and_facilities => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let categories = app.get_json("/api/v1/categories", 200).await;
        let categories = categories["items"].as_array().unwrap();
        assert_eq!(categories.len(), 8);
        assert_eq!(categories[0]["code"], "party_room");
        assert_eq!(categories[0]["name"], "파티룸");
        assert!(categories.iter().any(|c| c["code"] == "instrument_room"));

        let response = app.get("/api/v1/districts").await;
        assert_eq!(db_queries(&response), 1);
        let districts: serde_json::Value = response.json().await.unwrap();
        let districts = districts["items"].as_array().unwrap();
        assert_eq!(districts.len(), 25);
        let gangnam = districts.iter().find(|d| d["name"] == "강남구").expect("강남구");
        assert!((gangnam["latitude"].as_f64().unwrap() - 37.5).abs() < 0.1);
        assert!((gangnam["longitude"].as_f64().unwrap() - 127.0).abs() < 0.1);

        let facilities = app.get_json("/api/v1/facilities", 200).await;
        let facilities = facilities["items"].as_array().unwrap();
        assert!(facilities.iter().any(|f| f["code"] == "wifi"));
        assert!(facilities.iter().any(|f| f["code"] == "parking"));
    };
}
