//! Reviews and likes through the real server on both databases: who may review and when
//! (time driven by the server's clock), the review's photo, the space's rating and like
//! count following exactly, also under concurrent likes.

use super::orders::{act, booking, day, local_time, order};
use ourspace_e2e::{
    Backend, COUNTS_OUT_OF_STEP, MultipartBody, TestApp, db_queries, on_both_backends, png,
};
use reqwest::Method;
use serde_json::{Value, json};

async fn review(app: &TestApp, token: &str, space: i64, body: Value, image: bool) -> (u16, Value) {
    let mut form = MultipartBody::new().json("review", &body);
    if image {
        form = form.part("image", Some("r.png"), "image/png", &png(9));
    }
    let response = app
        .send_multipart(
            Method::POST,
            &format!("/api/v1/spaces/{space}/reviews"),
            token,
            form,
        )
        .await;
    let status = response.status().as_u16();
    (status, response.json().await.unwrap_or(Value::Null))
}

async fn a_review_is_refused_before_the_booked_time_ends_and_accepted_after(backend: Backend) {
    let (app, mut b) = booking(backend, "instant").await;
    let (_, placed) = order(&app, &b.guest, &b.package(&day(&app, 1), "day")).await;
    assert_eq!(act(&app, &b.guest, &placed["id"], "pay").await.0, 200);
    let body = json!({"order_id": placed["id"], "rating": 4, "content": "깨끗하고 넓어요"});
    let objects = app.object_count().await;
    let (status, problem) = review(&app, &b.guest, b.space, body.clone(), true).await;
    assert_eq!((status, problem["code"].as_str()), (403, Some("forbidden")));
    assert_eq!(app.object_count().await, objects, "nothing uploaded");
    // 18:00 on the booked date: the day package has ended.
    app.clock.set(local_time(&app, 1, 18));
    b.sign_in_again(&app);
    let (status, created) = review(&app, &b.guest, b.space, body.clone(), true).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(created["rating"], 4);
    assert_eq!(created["author"]["nickname"], "user2001");
    let url = created["image_url"].as_str().unwrap().to_owned();
    assert!(url.contains("/reviews/"), "{url}");
    assert_eq!(app.fetch(&url).await.status().as_u16(), 200);
    assert_eq!(
        app.object_count().await,
        objects + 2,
        "the photo and its thumbnail"
    );
    let (status, problem) = review(&app, &b.guest, b.space, body.clone(), true).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (409, Some("already_reviewed"))
    );
    assert_eq!(
        app.object_count().await,
        objects + 2,
        "the refused photo is deleted"
    );
    let (stranger, _) = app.new_user(77).await;
    assert_eq!(
        review(&app, &stranger, b.space, body.clone(), false)
            .await
            .0,
        403
    );
    let bad = json!({"order_id": placed["id"], "rating": 6, "content": ""});
    let (status, problem) = review(&app, &b.guest, b.space, bad, false).await;
    assert_eq!(status, 422);
    assert_eq!(problem["errors"].as_array().unwrap().len(), 2, "{problem}");
    assert_eq!(review(&app, &b.guest, 999_999, body, false).await.0, 404);
    // The space's page and list follow.
    let listed = app
        .get(&format!("/api/v1/spaces/{}/reviews", b.space))
        .await;
    assert!(db_queries(&listed) <= 3);
    let listed: Value = listed.json().await.unwrap();
    assert_eq!(
        (
            listed["total"].as_i64(),
            listed["items"][0]["content"].as_str()
        ),
        (Some(1), Some("깨끗하고 넓어요"))
    );
    let detail = app
        .get_json(&format!("/api/v1/spaces/{}", b.space), 200)
        .await;
    assert_eq!(
        (
            detail["review_count"].as_i64(),
            detail["rating_avg"].as_f64()
        ),
        (Some(1), Some(4.0))
    );
    assert_eq!(app.scalar_i64(COUNTS_OUT_OF_STEP).await, 0);
    assert_eq!(
        app.get("/api/v1/spaces/999999/reviews")
            .await
            .status()
            .as_u16(),
        404
    );
    // Only the author deletes it; the photo goes with it.
    let path = format!("/api/v1/reviews/{}", created["id"]);
    assert_eq!(
        app.send(Method::DELETE, &path, &b.host, None)
            .await
            .status()
            .as_u16(),
        403
    );
    assert_eq!(
        app.send(Method::DELETE, &path, &b.guest, None)
            .await
            .status()
            .as_u16(),
        204
    );
    assert_eq!(
        app.send(Method::DELETE, &path, &b.guest, None)
            .await
            .status()
            .as_u16(),
        404
    );
    assert_eq!(app.object_count().await, objects);
    let detail = app
        .get_json(&format!("/api/v1/spaces/{}", b.space), 200)
        .await;
    assert_eq!(
        (
            detail["review_count"].as_i64(),
            detail["rating_avg"].as_f64()
        ),
        (Some(0), None)
    );
    assert_eq!(app.scalar_i64(COUNTS_OUT_OF_STEP).await, 0);
}

async fn likes_are_idempotent_and_counted_exactly_when_sent_at_once(backend: Backend) {
    let (app, b) = booking(backend, "instant").await;
    let mut tokens = Vec::new();
    for k in 0..20 {
        tokens.push(app.new_user(5000 + k).await.0);
    }
    let path = format!("/api/v1/spaces/{}/like", b.space);
    let likes = tokens
        .iter()
        .chain(&tokens)
        .map(|t| app.send(Method::PUT, &path, t, None));
    let answers = futures_util::future::join_all(likes).await;
    assert!(answers.iter().all(|r| r.status().as_u16() == 200));
    let detail = app
        .get_json(&format!("/api/v1/spaces/{}", b.space), 200)
        .await;
    assert_eq!(detail["like_count"], 20);
    assert_eq!(app.count("likes").await, 20);
    assert_eq!(app.scalar_i64(COUNTS_OUT_OF_STEP).await, 0);
    let mine = app.get_as("/api/v1/users/me/likes", &tokens[0]).await;
    assert!(db_queries(&mine) <= 3);
    let mine: Value = mine.json().await.unwrap();
    assert_eq!(
        (mine["total"].as_i64(), mine["items"][0]["id"].as_i64()),
        (Some(1), Some(b.space))
    );
    assert_eq!(
        app.get_as("/api/v1/users/me/likes", &b.guest)
            .await
            .json::<Value>()
            .await
            .unwrap()["total"],
        0
    );
    for _ in 0..2 {
        let response = app.send(Method::DELETE, &path, &tokens[0], None).await;
        let body: Value = response.json().await.unwrap();
        assert_eq!(
            (body["liked"].as_bool(), body["like_count"].as_i64()),
            (Some(false), Some(19))
        );
    }
    let again = app
        .send(Method::PUT, &path, &tokens[1], None)
        .await
        .json::<Value>()
        .await
        .unwrap();
    assert_eq!(
        (again["liked"].as_bool(), again["like_count"].as_i64()),
        (Some(true), Some(19))
    );
    let missing = app
        .send(Method::PUT, "/api/v1/spaces/999999/like", &tokens[0], None)
        .await;
    assert_eq!(missing.status().as_u16(), 404);
    let anonymous = app
        .client
        .put(format!("{}{path}", app.address))
        .send()
        .await
        .unwrap();
    assert_eq!(anonymous.status().as_u16(), 401);
}

on_both_backends! {
    a_review_is_refused_before_the_booked_time_ends_and_accepted_after => |backend: Backend| super::a_review_is_refused_before_the_booked_time_ends_and_accepted_after(backend);
    likes_are_idempotent_and_counted_exactly_when_sent_at_once => |backend: Backend| super::likes_are_idempotent_and_counted_exactly_when_sent_at_once(backend);
    a_review_whose_write_fails_after_its_photo_was_stored_leaves_no_photo => |backend: Backend| super::a_review_whose_write_fails_after_its_photo_was_stored_leaves_no_photo(backend);
}

async fn a_review_whose_write_fails_after_its_photo_was_stored_leaves_no_photo(backend: Backend) {
    let (app, mut b) = booking(backend, "instant").await;
    let (_, placed) = order(&app, &b.guest, &b.package(&day(&app, 1), "day")).await;
    assert_eq!(act(&app, &b.guest, &placed["id"], "pay").await.0, 200);
    app.clock.set(local_time(&app, 1, 18));
    b.sign_in_again(&app);
    app.fail_inserts_into("reviews").await;
    let objects = app.object_count().await;
    let body = json!({"order_id": placed["id"], "rating": 5, "content": "좋아요"});
    let (status, problem) = review(&app, &b.guest, b.space, body.clone(), true).await;
    assert_eq!(
        (status, problem["code"].as_str()),
        (500, Some("internal_error")),
        "{problem}"
    );
    assert_eq!(
        app.object_count().await,
        objects,
        "the stored photo and its thumbnail were deleted"
    );
    assert_eq!(app.count("reviews").await, 0);
    app.heal_inserts().await;
    // The same review goes through once the fault is gone.
    let (status, created) = review(&app, &b.guest, b.space, body, true).await;
    assert_eq!(status, 201, "{created}");
    assert_eq!(app.object_count().await, objects + 2);
}
