//! One contract for every image store: the local folder and S3 (a real S3-compatible
//! server, moto's, started by scripts/ensure-s3).

use chrono::{Duration, Utc};
use ourspace_domain::media::{ImageBody, ImageStore, ImageType};
use ourspace_infrastructure::media::LocalImageStore;
use ourspace_infrastructure::seed::gradient_png;
use ourspace_infrastructure::testing::s3_store;

/// Reads an object back through the URL the store handed out.
type Fetch = Box<
    dyn Fn(
        String,
    ) -> std::pin::Pin<Box<dyn std::future::Future<Output = Option<(String, Vec<u8>)>>>>,
>;

async fn contract(store: &dyn ImageStore, fetch: Fetch) {
    let png = gradient_png(40, 30, [255, 0, 0], [0, 0, 255], 2);
    let key = store.new_key("spaces", ImageType::Png);
    assert!(key.starts_with("spaces/") && key.ends_with(".png"), "{key}");
    assert_ne!(
        key,
        store.new_key("spaces", ImageType::Png),
        "keys are unique"
    );

    let url = store
        .put(&key, ImageBody::Bytes(png.clone()), ImageType::Png)
        .await
        .unwrap();
    let (content_type, bytes) = fetch(url.clone()).await.expect("the object is at its URL");
    assert_eq!(content_type, "image/png");
    assert_eq!(bytes, png);

    // A body waiting in a file is stored from the file, which stays the caller's.
    let file = tempfile::NamedTempFile::new().unwrap();
    std::fs::write(file.path(), &png).unwrap();
    let from_file = store.new_key("spaces", ImageType::Png);
    let file_url = store
        .put(
            &from_file,
            ImageBody::File(file.path().to_path_buf()),
            ImageType::Png,
        )
        .await
        .unwrap();
    assert_eq!(fetch(file_url).await.expect("stored from the file").1, png);
    assert!(file.path().exists());
    store.delete(&from_file).await.unwrap();

    let listed = store.list("spaces/").await.unwrap();
    let object = listed.iter().find(|o| o.key == key).expect("listed");
    assert!((Utc::now() - object.last_modified).abs() < Duration::minutes(5));
    assert!(store.list("reviews/").await.unwrap().is_empty());

    store.delete(&key).await.unwrap();
    assert!(fetch(url).await.is_none(), "gone after delete");
    store.delete(&key).await.unwrap();
    store.delete("spaces/never-existed.png").await.unwrap();
    assert!(store.list("spaces/").await.unwrap().is_empty());
    assert!(
        store
            .put("../escape.png", ImageBody::Bytes(png), ImageType::Png)
            .await
            .is_err()
    );
}

#[tokio::test]
async fn the_local_store_keeps_the_contract() {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalImageStore::new(dir.path(), "/media");
    let reader = store.clone();
    let fetch: Fetch = Box::new(move |url: String| {
        let reader = reader.clone();
        Box::pin(async move {
            let key = url.strip_prefix("/media/")?.to_owned();
            let bytes = std::fs::read(reader.path_of(&key)?).ok()?;
            let kind = ImageType::from_extension(key.rsplit('.').next()?)?;
            Some((kind.content_type().to_owned(), bytes))
        })
    });
    contract(&store, fetch).await;
}

#[tokio::test]
async fn the_s3_store_keeps_the_contract() {
    let (store, _) = s3_store().await;
    let fetch: Fetch = Box::new(move |url: String| {
        Box::pin(async move {
            let response = reqwest::get(&url).await.ok()?;
            if !response.status().is_success() {
                return None;
            }
            let content_type = response
                .headers()
                .get("content-type")?
                .to_str()
                .ok()?
                .to_owned();
            Some((content_type, response.bytes().await.ok()?.to_vec()))
        })
    });
    contract(&store, fetch).await;
}

/// `media gc` may run on every instance at once: one instance's listing must not fail
/// because another deleted an object between reading the folder and looking at the file.
#[tokio::test]
async fn the_local_store_lists_while_another_process_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalImageStore::new(dir.path(), "/media");
    let png = gradient_png(4, 4, [255, 0, 0], [0, 0, 255], 1);
    let mut keys = Vec::new();
    for _ in 0..3_000 {
        let key = store.new_key("spaces", ImageType::Png);
        store
            .put(&key, ImageBody::Bytes(png.clone()), ImageType::Png)
            .await
            .unwrap();
        keys.push(key);
    }
    let deleter = {
        let store = store.clone();
        tokio::spawn(async move {
            for key in keys {
                std::fs::remove_file(store.path_of(&key).unwrap()).unwrap();
            }
        })
    };
    let mut listings = 0;
    while !deleter.is_finished() {
        store
            .list("spaces/")
            .await
            .expect("a listing while objects vanish");
        listings += 1;
    }
    deleter.await.unwrap();
    assert!(listings > 0);
    assert!(store.list("spaces/").await.unwrap().is_empty());
}
