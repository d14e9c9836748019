//! Photos are decoded before they are kept: what is no image is refused, what is an image is
//! stored re-encoded without its metadata, upright, with a list-size thumbnail; a
//! decompression bomb is refused from its header. Each refusal leaves nothing behind.

use crate::hosting::{register, space_json};
use ourspace_e2e::{Backend, MultipartBody, TestApp, on_both_backends, png, spawn_app_with};
use ourspace_infrastructure::testing::photos::jpeg_with_exif;
use serde_json::Value;

const HOME: &[u8] = b"GPS 37.5665N 126.9780E the host's home";

async fn refused(app: &TestApp, token: &str, name: &str, bytes: &[u8], status: u16, code: &str) {
    let form = MultipartBody::new()
        .json("space", &space_json())
        .image("a.png", "image/png", &png(1))
        .image(name, "image/png", bytes);
    let response = register(app, token, form).await;
    assert_eq!(response.status().as_u16(), status, "{name}");
    let body: Value = response.json().await.unwrap();
    assert_eq!(body["code"], code, "{name}");
    assert_eq!(body["errors"][0]["field"], "images[1]", "{name}");
    assert_eq!(
        (app.count("spaces").await, app.object_count().await),
        (0, 0),
        "{name}"
    );
}

on_both_backends! {
    uploads_are_decoded_cleaned_and_thumbnailed => |backend: Backend| async move {
        let app = spawn_app_with(backend, &[("OURSPACE_SEED_DEMO", "0")]).await;
        let (token, _) = app.new_user(801).await;

        let mut html = b"\x89PNG\r\n\x1a\n".to_vec();
        html.extend_from_slice(b"<html><script>alert(document.cookie)</script></html>");
        refused(&app, &token, "html.png", &html, 415, "unsupported_image").await;
        let mut bomb = png(2);
        bomb[16..24].copy_from_slice(&[0, 0, 0x4E, 0x20, 0, 0, 0x4E, 0x20]);
        let crc = crc32fast::hash(&bomb[12..29]);
        bomb[29..33].copy_from_slice(&crc.to_be_bytes());
        refused(&app, &token, "bomb.png", &bomb, 413, "image_too_many_pixels").await;

        let photo = jpeg_with_exif(900, 600, HOME);
        let form = MultipartBody::new()
            .json("space", &space_json())
            .image("camera.jpg", "image/jpeg", &photo);
        let response = register(&app, &token, form).await;
        assert_eq!(response.status().as_u16(), 201);
        let space: Value = response.json().await.unwrap();
        let image = &space["images"][0];
        let stored = app.fetch(image["url"].as_str().unwrap()).await.bytes().await.unwrap();
        assert!(!stored.windows(HOME.len()).any(|w| w == HOME), "the location is gone");
        assert!(!stored.windows(4).any(|w| w == b"Exif"), "no Exif at all");
        let stored = image::load_from_memory(&stored).unwrap();
        assert_eq!((stored.width(), stored.height()), (600, 900), "upright");
        let thumbnail = app.fetch(image["thumbnail_url"].as_str().unwrap()).await.bytes().await.unwrap();
        let thumbnail = image::load_from_memory(&thumbnail).unwrap();
        assert_eq!((thumbnail.width(), thumbnail.height()), (267, 400));
        let listed = app.get_json("/api/v1/spaces", 200).await;
        assert_eq!(listed["items"][0]["thumbnail_url"], image["thumbnail_url"]);
        assert_eq!(app.object_count().await, 2);
    };
}
