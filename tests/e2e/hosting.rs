//! Hosts register and manage spaces with photos, on both databases and both image stores;
//! every failure leaves the database and the store exactly as before.

use ourspace_e2e::{
    Backend, MultipartBody, Storage, TestApp, db_queries, on_both_backends, png, spawn_app,
    spawn_app_on,
};
use reqwest::Method;
use serde_json::{Value, json};

pub(crate) fn space_json() -> Value {
    json!({
        "category_id": 1, "district_id": 13, "title": "연남동 루프탑 파티룸", "subtitle": "노을 맛집",
        "description": "최대 12명, 빔프로젝터 완비", "address": "서울 마포구 동교로 1",
        "latitude": 37.5613, "longitude": 126.9245, "min_guests": 2, "max_guests": 12,
        "facility_ids": [1, 2], "booking_mode": "instant",
        "options": [
            {"name": "day", "start_hour": 9, "end_hour": 18, "price": 90000},
            {"name": "night", "start_hour": 18, "end_hour": 24, "price": 70000}
        ],
        "hourly_rate": 15000, "min_hours": 2
    })
}

pub(crate) async fn register(app: &TestApp, token: &str, form: MultipartBody) -> reqwest::Response {
    app.send_multipart(Method::POST, "/api/v1/spaces", token, form)
        .await
}

/// Rows of every space table and objects in the store, to prove nothing changed.
async fn footprint(app: &TestApp) -> (i64, i64, i64, i64, usize) {
    (
        app.count("spaces").await,
        app.count("space_images").await,
        app.count("price_options").await,
        app.count("space_facilities").await,
        app.object_count().await,
    )
}

async fn registers_with_photos_that_fetch_back(app: &TestApp) {
    let (token, host) = app.new_user(501).await;
    let (a, b) = (png(1), png(2));
    let form = MultipartBody::new()
        .json("space", &space_json())
        .image("../../etc/passwd.png", "image/png", &a)
        .image("second.jpg", "application/octet-stream", &b);
    let response = register(app, &token, form).await;
    assert_eq!(response.status().as_u16(), 201);
    let location = response.headers()["location"].to_str().unwrap().to_owned();
    let space: Value = response.json().await.unwrap();
    assert_eq!(location, format!("/api/v1/spaces/{}", space["id"]));
    assert_eq!(space["host"]["id"], host);
    assert_eq!(space["title"], "연남동 루프탑 파티룸");
    assert_eq!(space["options"].as_array().unwrap().len(), 2);
    assert_eq!(space["min_price"], 15000);
    let images = space["images"].as_array().unwrap();
    assert_eq!(images.len(), 2);
    for (image, bytes) in images.iter().zip([&a, &b]) {
        let url = image["url"].as_str().unwrap();
        assert!(
            url.contains("/spaces/") && url.ends_with(".png"),
            "server-made key: {url}"
        );
        assert!(!url.contains("passwd") && !url.contains("second"));
        let fetched = app.fetch(url).await;
        assert_eq!(fetched.status().as_u16(), 200, "{url}");
        assert_eq!(fetched.headers()["content-type"], "image/png");
        // Re-encoded: other bytes, the same picture.
        let stored = image::load_from_memory(&fetched.bytes().await.unwrap()).unwrap();
        assert_eq!(
            stored.to_rgb8(),
            image::load_from_memory(bytes).unwrap().to_rgb8()
        );
        let thumbnail = image["thumbnail_url"].as_str().unwrap();
        assert!(thumbnail.ends_with(".thumb.png"), "{thumbnail}");
        assert_eq!(app.fetch(thumbnail).await.status().as_u16(), 200);
    }
    assert_eq!(
        app.get_json(&location, 200).await["images"],
        space["images"]
    );
    let listed = app.get_json("/api/v1/spaces", 200).await;
    assert_eq!(listed["total"], 1);
    assert_eq!(
        listed["items"][0]["thumbnail_url"],
        images[0]["thumbnail_url"]
    );
    assert_eq!(
        app.object_count().await,
        4,
        "two photos and their thumbnails"
    );
}

async fn every_refusal_leaves_nothing_behind(app: &TestApp) {
    let (token, _) = app.new_user(502).await;
    let before = footprint(app).await;
    let big = {
        let mut v = png(3);
        v.resize(10 * 1024 * 1024 + 1, 0);
        v
    };
    let mut invalid = space_json();
    invalid["title"] = json!("");
    invalid["max_guests"] = json!(1);
    invalid["options"][1]["end_hour"] = json!(49);
    invalid["category_id"] = json!(999);
    invalid["facility_ids"] = json!([1, 777]);
    let cases: Vec<(&str, MultipartBody, u16, &str)> = vec![
        (
            "validation",
            MultipartBody::new()
                .json("space", &invalid)
                .image("a.png", "image/png", &png(4)),
            422,
            "validation_failed",
        ),
        (
            "no images",
            MultipartBody::new().json("space", &space_json()),
            422,
            "validation_failed",
        ),
        (
            "oversize",
            MultipartBody::new()
                .json("space", &space_json())
                .image("a.png", "image/png", &png(5))
                .image("big.png", "image/png", &big),
            413,
            "image_too_large",
        ),
        (
            "not an image",
            MultipartBody::new()
                .json("space", &space_json())
                .image("a.png", "image/png", &png(6))
                .image("evil.png", "image/png", b"<svg onload=alert(1)>"),
            415,
            "unsupported_image",
        ),
        (
            "no space part",
            MultipartBody::new().image("a.png", "image/png", &png(7)),
            400,
            "missing_part",
        ),
        (
            "malformed JSON",
            MultipartBody::new()
                .part("space", None, "application/json", b"{\"title\": ")
                .image("a.png", "image/png", &png(8)),
            400,
            "invalid_body",
        ),
        (
            "unknown part",
            MultipartBody::new().json("space", &space_json()).part(
                "avatar",
                Some("x.png"),
                "image/png",
                &png(9),
            ),
            400,
            "unknown_part",
        ),
    ];
    for (case, form, status, code) in cases {
        let response = register(app, &token, form).await;
        assert_eq!(response.status().as_u16(), status, "{case}");
        assert_eq!(
            response.headers()["content-type"],
            "application/problem+json",
            "{case}"
        );
        let body: Value = response.json().await.unwrap();
        assert_eq!(body["code"], code, "{case}: {body}");
        if case == "validation" {
            let fields: Vec<&str> = body["errors"]
                .as_array()
                .unwrap()
                .iter()
                .map(|e| e["field"].as_str().unwrap())
                .collect();
            // One answer lists every error, the unknown catalog ids among them.
            for f in [
                "title",
                "max_guests",
                "options[1].end_hour",
                "category_id",
                "facility_ids",
            ] {
                assert!(fields.contains(&f), "{f} in {fields:?}");
            }
        }
        assert_eq!(footprint(app).await, before, "{case} left something behind");
    }
    let unauthenticated = app
        .client
        .post(format!("{}/api/v1/spaces", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(unauthenticated.status().as_u16(), 401);
    // Catalog ids alone.
    let mut unknown = space_json();
    unknown["category_id"] = json!(999);
    unknown["facility_ids"] = json!([1, 777]);
    let response = register(
        app,
        &token,
        MultipartBody::new()
            .json("space", &unknown)
            .image("a.png", "image/png", &png(10)),
    )
    .await;
    let body: Value = response.json().await.unwrap();
    let fields: Vec<&str> = body["errors"]
        .as_array()
        .unwrap()
        .iter()
        .map(|e| e["field"].as_str().unwrap())
        .collect();
    assert_eq!(fields, ["category_id", "facility_ids"]);
    assert_eq!(footprint(app).await, before);
}

async fn a_fault_between_upload_and_commit_leaves_nothing(app: &TestApp) {
    let (token, _) = app.new_user(503).await;
    // A space to add photos to, made before the fault is injected.
    let form =
        MultipartBody::new()
            .json("space", &space_json())
            .image("a.png", "image/png", &png(10));
    let existing: Value = register(app, &token, form).await.json().await.unwrap();
    app.fail_inserts_into("space_images").await;
    let before = footprint(app).await;
    let form = MultipartBody::new()
        .json("space", &space_json())
        .image("a.png", "image/png", &png(11))
        .image("b.png", "image/png", &png(12));
    let response = register(app, &token, form).await;
    assert_eq!(response.status().as_u16(), 500);
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], "internal_error");
    assert!(
        !body["detail"].as_str().unwrap().contains("injected"),
        "no internals leak"
    );
    assert_eq!(
        footprint(app).await,
        before,
        "uploaded objects were deleted, no row stayed"
    );
    // Adding photos to a space: the same fault after the upload.
    let images_path = format!("/api/v1/spaces/{}/images", existing["id"]);
    let form = MultipartBody::new()
        .image("c.png", "image/png", &png(13))
        .image("d.png", "image/png", &png(14));
    let added = app
        .send_multipart(Method::POST, &images_path, &token, form)
        .await;
    assert_eq!(added.status().as_u16(), 500);
    assert_eq!(
        footprint(app).await,
        before,
        "the added photos' objects were deleted"
    );
    app.heal_inserts().await;
}

/// Hosts adding photos at once to a space near its 20: whichever requests lose, at the
/// pre-check or at the database after their upload, leave no object behind.
async fn photos_added_at_once_past_the_limit_leave_no_orphans(app: &TestApp) {
    let (token, _) = app.new_user(504).await;
    let objects = app.object_count().await;
    let mut form = MultipartBody::new().json("space", &space_json());
    for i in 0..18u8 {
        form = form.image("a.png", "image/png", &png(20 + i));
    }
    let space: Value = register(app, &token, form).await.json().await.unwrap();
    let images_path = format!("/api/v1/spaces/{}/images", space["id"]);
    let adds: Vec<_> = (0..6u8)
        .map(|i| {
            let form = MultipartBody::new().image("b.png", "image/png", &png(60 + i));
            app.send_multipart(Method::POST, &images_path, &token, form)
        })
        .collect();
    let statuses: Vec<u16> = futures_util::future::join_all(adds)
        .await
        .into_iter()
        .map(|r| r.status().as_u16())
        .collect();
    assert_eq!(
        statuses.iter().filter(|s| **s == 200).count(),
        2,
        "{statuses:?}"
    );
    assert!(
        statuses.iter().all(|s| [200, 422].contains(s)),
        "{statuses:?}"
    );
    let rows = app
        .count(&format!("space_images WHERE space_id = {}", space["id"]))
        .await;
    assert_eq!(rows, 20);
    assert_eq!(
        app.object_count().await,
        objects + 2 * 20,
        "every object has its row: photo and thumbnail"
    );
}

async fn the_host_alone_manages_the_space(app: &TestApp) {
    let (host, _) = app.new_user(601).await;
    let (other, _) = app.new_user(602).await;
    let form =
        MultipartBody::new()
            .json("space", &space_json())
            .image("a.png", "image/png", &png(1));
    let space: Value = register(app, &host, form).await.json().await.unwrap();
    let path = format!("/api/v1/spaces/{}", space["id"]);
    let patch = |token: &str, body: Value| {
        app.client
            .patch(format!("{}{path}", app.address))
            .bearer_auth(token)
            .json(&body)
            .send()
    };

    let forbidden = patch(&other, json!({"title": "내 공간"})).await.unwrap();
    assert_eq!(forbidden.status().as_u16(), 403);
    let body: Value = forbidden.json().await.unwrap();
    assert_eq!(body["code"], "forbidden");
    assert_eq!(
        app.get_json(&path, 200).await,
        space,
        "the refused edit changed nothing"
    );
    let missing = app
        .client
        .patch(format!("{}/api/v1/spaces/999999", app.address))
        .bearer_auth(&host)
        .json(&json!({"title": "x"}))
        .send()
        .await
        .unwrap();
    assert_eq!(missing.status().as_u16(), 404);

    let updated: Value = patch(&host, json!({
        "title": "새 이름", "options": [{"name": "all", "start_hour": 9, "end_hour": 24, "price": 150000}],
        "hourly_rate": null, "min_hours": null
    })).await.unwrap().json().await.unwrap();
    assert_eq!(updated["title"], "새 이름");
    assert_eq!(updated["options"].as_array().unwrap().len(), 1);
    assert_eq!(updated["hourly_rate"], Value::Null);
    assert_eq!(updated["min_price"], 150000);
    let invalid = patch(&host, json!({"max_guests": 0, "options": [{"name": "x", "start_hour": 5, "end_hour": 2, "price": 1}]})).await.unwrap();
    assert_eq!(invalid.status().as_u16(), 422);
    let unknown_field = patch(&host, json!({"host_id": 2})).await.unwrap();
    assert_eq!(unknown_field.status().as_u16(), 400);
    assert_eq!(
        app.get_json(&path, 200).await,
        updated,
        "the refused edits changed nothing"
    );

    // Images: add one, refuse to delete the last, delete as host only.
    let images_path = format!("{path}/images");
    let add_image = async |token: &str, bytes: Vec<u8>| {
        let form = MultipartBody::new().image("b.webp", "image/webp", &bytes);
        app.send_multipart(Method::POST, &images_path, token, form)
            .await
    };
    let added = add_image(&host, png(2)).await;
    assert_eq!(added.status().as_u16(), 200);
    let images = added.json::<Value>().await.unwrap()["images"]
        .as_array()
        .unwrap()
        .clone();
    assert_eq!(images.len(), 2);
    let others = add_image(&other, png(3)).await;
    assert_eq!(others.status().as_u16(), 403);
    let delete_image = |token: &str, id: &Value| {
        app.client
            .delete(format!("{}{path}/images/{id}", app.address))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(
        delete_image(&other, &images[0]["id"])
            .await
            .unwrap()
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        delete_image(&host, &images[0]["id"])
            .await
            .unwrap()
            .status()
            .as_u16(),
        204
    );
    let last = delete_image(&host, &images[1]["id"]).await.unwrap();
    assert_eq!(last.status().as_u16(), 409);
    assert_eq!(last.json::<Value>().await.unwrap()["code"], "last_image");
    let kept = app.get_json(&path, 200).await;
    assert_eq!(
        kept["images"],
        json!([images[1].clone()]),
        "the last photo stays"
    );
    assert_eq!(
        app.object_count().await,
        2,
        "the deleted image's object and thumbnail are gone"
    );

    let hosted = app.get_as("/api/v1/host/spaces", &host).await;
    assert!(db_queries(&hosted) <= 3, "with the user lookup");
    let hosted: Value = hosted.json().await.unwrap();
    assert_eq!(hosted["total"], 1);
    assert_eq!(
        app.get_as("/api/v1/host/spaces", &other)
            .await
            .json::<Value>()
            .await
            .unwrap()["total"],
        0
    );

    let delete = |token: &str| {
        app.client
            .delete(format!("{}{path}", app.address))
            .bearer_auth(token)
            .send()
    };
    assert_eq!(delete(&other).await.unwrap().status().as_u16(), 403);
    assert_eq!(delete(&host).await.unwrap().status().as_u16(), 204);
    assert_eq!(app.get(&path).await.status().as_u16(), 404);
    assert_eq!(app.object_count().await, 0, "objects go after the rows");
    assert_eq!(app.count("spaces").await, 0);
}

on_both_backends! {
    a_host_registers_a_space_with_photos_on_local_disk_and_on_s3 => |backend: Backend| async move {
        for storage in [Storage::Local, Storage::S3] {
            let app = spawn_app_on(backend, storage).await;
            registers_with_photos_that_fetch_back(&app).await;
        }
    };

    every_refused_registration_leaves_no_row_and_no_object => |backend: Backend| async move {
        for storage in [Storage::Local, Storage::S3] {
            let app = spawn_app_on(backend, storage).await;
            every_refusal_leaves_nothing_behind(&app).await;
        }
    };

    a_database_fault_after_the_uploads_leaves_nothing_behind => |backend: Backend| async move {
        for storage in [Storage::Local, Storage::S3] {
            let app = spawn_app_on(backend, storage).await;
            a_fault_between_upload_and_commit_leaves_nothing(&app).await;
            photos_added_at_once_past_the_limit_leave_no_orphans(&app).await;
        }
    };

    only_the_host_changes_or_deletes_a_space_on_local_disk_and_on_s3 => |backend: Backend| async move {
        for storage in [Storage::Local, Storage::S3] {
            let app = spawn_app_on(backend, storage).await;
            the_host_alone_manages_the_space(&app).await;
        }
    };

    a_space_with_an_order_ahead_cannot_be_deleted => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let host = app.forge_token(json!({"sub": "1"}));
        let (_, guest) = app.new_user(701).await;
        // A confirmed order far ahead, made through the orders repository.
        app.book(1, guest, "2099-01-01", (9, 12), "confirmed", None).await;
        let refused = app.client.delete(format!("{}/api/v1/spaces/1", app.address)).bearer_auth(&host).send().await.unwrap();
        assert_eq!(refused.status().as_u16(), 409);
        assert_eq!(refused.json::<Value>().await.unwrap()["code"], "has_active_orders");
        assert_eq!(app.get("/api/v1/spaces/1").await.status().as_u16(), 200);
    };

    media_gc_removes_old_orphans_and_keeps_what_rows_refer_to => |backend: Backend| async move {
        let app = spawn_app(backend).await;
        let media = app.media_dir.path().join("spaces");
        let orphan = media.join("orphan-old.png");
        let fresh = media.join("orphan-new.png");
        let orphan_thumbnail = media.join("orphan-old.thumb.png");
        std::fs::write(&orphan, png(1)).unwrap();
        std::fs::write(&orphan_thumbnail, png(1)).unwrap();
        std::fs::write(&fresh, png(2)).unwrap();
        let two_hours_ago = std::time::SystemTime::now() - std::time::Duration::from_secs(7200);
        let age = |path: &std::path::Path| {
            std::fs::File::options().write(true).open(path).unwrap().set_modified(two_hours_ago).unwrap();
        };
        age(&orphan);
        age(&orphan_thumbnail);
        // A referenced photo and its thumbnail, made old too: they must stay.
        let space = app.get_json("/api/v1/spaces/1", 200).await;
        let referenced: Vec<std::path::PathBuf> = ["url", "thumbnail_url"]
            .iter()
            .map(|k| app.media_dir.path().join(space["images"][0][k].as_str().unwrap().trim_start_matches("/media/")))
            .collect();
        assert_ne!(referenced[0], referenced[1]);
        referenced.iter().for_each(|p| age(p));
        let before = app.object_count().await;

        let deleted = ourspace_api::cli::collect_media_garbage(&app.config).await.unwrap();
        assert_eq!(deleted, ["spaces/orphan-old.png", "spaces/orphan-old.thumb.png"]);
        assert!(!orphan.exists() && !orphan_thumbnail.exists() && fresh.exists());
        assert!(referenced.iter().all(|p| p.exists()));
        assert_eq!(app.object_count().await, before - 2);
    };
}
