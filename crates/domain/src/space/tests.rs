//! The space service's rules against mocked ports: validation before any upload, and
//! all-or-nothing across the image store and the database.

use super::input::{OptionInput, SpaceInput};
use super::patch::SpacePatch;
use super::ports::{MissingReferences, MockSpaceRepository, SpaceDeletion, StoredSpace};
use super::service::{MAX_IMAGES, SpaceService};
use super::{SpaceError, ports::NewImage};
use crate::media::{MockImageStore, StoredObject, UploadedImage};
use crate::shared::clock::MockClock;
use crate::shared::{FacilityId, SpaceId, UserId};
use chrono::{DateTime, Duration, Utc};
use mockall::predicate::always;
use std::sync::{Arc, Mutex};

pub(super) fn clock() -> Arc<MockClock> {
    let mut clock = MockClock::new();
    clock
        .expect_today()
        .returning(|| "2026-11-26".parse().unwrap());
    clock
        .expect_now()
        .returning(|| "2026-11-26T03:00:00Z".parse().unwrap());
    Arc::new(clock)
}

pub(super) fn input() -> SpaceInput {
    SpaceInput {
        category_id: Some(1),
        district_id: Some(1),
        title: Some("연습실".into()),
        address: Some("서울".into()),
        latitude: Some(37.5),
        longitude: Some(127.0),
        min_guests: Some(1),
        max_guests: Some(4),
        facility_ids: vec![1],
        booking_mode: Some("instant".into()),
        options: vec![OptionInput {
            name: "day".into(),
            start_hour: 9,
            end_hour: 18,
            price: 10_000,
        }],
        ..SpaceInput::default()
    }
}

pub(super) fn png() -> UploadedImage {
    UploadedImage {
        kind: crate::media::ImageType::Png,
        full: crate::media::ImageBody::Bytes(b"\x89PNG\r\n\x1a\nfull".to_vec()),
        thumbnail: crate::media::ImageBody::Bytes(b"\x89PNG\r\n\x1a\nthumb".to_vec()),
    }
}

/// A store whose `put` fails on call number `fail_on` (1-based), recording puts and deletes.
pub(super) fn store(
    fail_on: Option<usize>,
    puts: Arc<Mutex<Vec<String>>>,
    deletes: Arc<Mutex<Vec<String>>>,
) -> MockImageStore {
    let mut store = MockImageStore::new();
    let counter = Arc::new(Mutex::new(0usize));
    store.expect_new_key().returning(move |folder, kind| {
        let mut n = counter.lock().unwrap();
        *n += 1;
        format!("{folder}/key{n}.{}", kind.extension())
    });
    store.expect_put().returning(move |key, _, _| {
        let mut p = puts.lock().unwrap();
        if Some(p.len() + 1) == fail_on {
            return Err("S3 is down".into());
        }
        p.push(key.to_owned());
        Ok(format!("https://cdn/{key}"))
    });
    store.expect_delete().returning(move |key| {
        deletes.lock().unwrap().push(key.to_owned());
        Ok(())
    });
    store
}

fn repo_with_refs(missing: MissingReferences) -> MockSpaceRepository {
    let mut repo = MockSpaceRepository::new();
    repo.expect_missing_references()
        .returning(move |_| Ok(missing.clone()));
    repo
}

pub(super) fn shared() -> Arc<Mutex<Vec<String>>> {
    Arc::new(Mutex::new(Vec::new()))
}

#[tokio::test]
async fn unknown_catalog_ids_and_a_bad_image_count_are_field_errors_and_nothing_is_uploaded() {
    let mut repo = repo_with_refs(MissingReferences {
        category: true,
        district: false,
        facilities: vec![FacilityId(9)],
    });
    repo.expect_create().never();
    let mut store = MockImageStore::new();
    store.expect_put().never();
    let service = SpaceService::new(Arc::new(repo), Arc::new(store), clock());
    let err = service
        .register(UserId(1), &input(), vec![])
        .await
        .unwrap_err();
    let SpaceError::Validation(errors) = err else {
        panic!("expected validation, got {err:?}")
    };
    let fields: Vec<&str> = errors.fields().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["images", "category_id", "facility_ids"]);
}

#[tokio::test]
async fn invalid_fields_and_unknown_catalog_ids_are_reported_together_without_uploading() {
    let repo = repo_with_refs(MissingReferences {
        category: true,
        ..MissingReferences::default()
    });
    let mut store = MockImageStore::new();
    store.expect_put().never();
    let service = SpaceService::new(Arc::new(repo), Arc::new(store), clock());
    let bad = SpaceInput {
        title: Some(String::new()),
        ..input()
    };
    let images = (0..=MAX_IMAGES).map(|_| png()).collect();
    let SpaceError::Validation(errors) =
        service.register(UserId(1), &bad, images).await.unwrap_err()
    else {
        panic!("expected validation");
    };
    let fields: Vec<&str> = errors.fields().iter().map(|f| f.field.as_str()).collect();
    assert_eq!(fields, ["images", "title", "category_id"]);
}

#[tokio::test]
async fn a_failed_upload_writes_nothing_and_deletes_what_was_uploaded() {
    // The third put is the second photo; the fourth, its thumbnail.
    for (fail_on, stored) in [
        (3, &["spaces/key1.png", "spaces/key1.thumb.png"][..]),
        (
            4,
            &[
                "spaces/key1.png",
                "spaces/key1.thumb.png",
                "spaces/key2.png",
            ][..],
        ),
    ] {
        let (puts, deletes) = (shared(), shared());
        let mut repo = repo_with_refs(MissingReferences::default());
        repo.expect_create().never();
        let service = SpaceService::new(
            Arc::new(repo),
            Arc::new(store(Some(fail_on), puts.clone(), deletes.clone())),
            clock(),
        );
        let err = service
            .register(UserId(1), &input(), vec![png(), png(), png()])
            .await;
        assert!(matches!(err, Err(SpaceError::Unexpected(_))));
        assert_eq!(*puts.lock().unwrap(), stored);
        let deleted = deletes.lock().unwrap().clone();
        for put in stored {
            assert!(deleted.iter().any(|d| d == put), "{put} left behind");
        }
    }
}

#[tokio::test]
async fn a_failed_write_deletes_every_uploaded_object() {
    let (puts, deletes) = (shared(), shared());
    let mut repo = repo_with_refs(MissingReferences::default());
    repo.expect_create()
        .withf(|host, _, images: &[NewImage]| {
            *host == UserId(1)
                && images.len() == 2
                && images[0].url == "https://cdn/spaces/key1.png"
        })
        .returning(|_, _, _| Err("deadlock".into()));
    let service = SpaceService::new(
        Arc::new(repo),
        Arc::new(store(None, puts.clone(), deletes.clone())),
        clock(),
    );
    let err = service
        .register(UserId(1), &input(), vec![png(), png()])
        .await;
    assert!(matches!(err, Err(SpaceError::Unexpected(_))));
    assert_eq!(
        deletes.lock().unwrap().len(),
        4,
        "two photos and their thumbnails"
    );
    assert_eq!(*deletes.lock().unwrap(), *puts.lock().unwrap());
}

pub(super) fn stored(host: i64, open_from: Option<&str>) -> StoredSpace {
    let mut draft = input().parse("2000-01-01".parse().unwrap()).unwrap();
    draft.open_period =
        super::model::OpenPeriod::new(open_from.map(|d| d.parse().unwrap()), None).unwrap();
    StoredSpace {
        host_id: UserId(host),
        draft,
        image_count: 2,
    }
}

#[tokio::test]
async fn only_the_host_changes_or_deletes_a_space() {
    let mut repo = MockSpaceRepository::new();
    repo.expect_find_stored()
        .returning(|_| Ok(Some(stored(1, None))));
    repo.expect_update().never();
    repo.expect_delete().never();
    let service = SpaceService::new(Arc::new(repo), Arc::new(MockImageStore::new()), clock());
    let patch = SpacePatch {
        title: Some("mine now".into()),
        ..SpacePatch::default()
    };
    assert!(matches!(
        service.update(UserId(2), SpaceId(5), patch).await,
        Err(SpaceError::Forbidden)
    ));
    assert!(matches!(
        service.delete(UserId(2), SpaceId(5)).await,
        Err(SpaceError::Forbidden)
    ));
}

#[tokio::test]
async fn an_old_open_period_does_not_block_other_edits_but_a_new_past_one_is_refused() {
    let mut repo = repo_with_refs(MissingReferences::default());
    repo.expect_find_stored()
        .returning(|_| Ok(Some(stored(1, Some("2026-01-01")))));
    // The write carries the new title and keeps the old, past open period untouched.
    repo.expect_update()
        .withf(|id, draft| {
            *id == SpaceId(5)
                && draft.title == "새 이름"
                && draft.open_period.from() == Some("2026-01-01".parse().unwrap())
                && draft.category_id == stored(1, None).draft.category_id
        })
        .times(1)
        .returning(|_, _| Ok(()));
    repo.expect_find().returning(|_| Ok(None));
    let service = SpaceService::new(Arc::new(repo), Arc::new(MockImageStore::new()), clock());
    let rename = SpacePatch {
        title: Some("새 이름".into()),
        ..SpacePatch::default()
    };
    // The write happened; the read-back finds nothing in this mock.
    assert!(matches!(
        service.update(UserId(1), SpaceId(5), rename).await,
        Err(SpaceError::NotFound)
    ));
    let past = SpacePatch {
        open_from: Some(Some("2026-11-01".parse().unwrap())),
        ..SpacePatch::default()
    };
    let Err(SpaceError::Validation(e)) = service.update(UserId(1), SpaceId(5), past).await else {
        panic!("expected validation");
    };
    assert_eq!(e.fields()[0].field, "open_from");
}

#[tokio::test]
async fn deleting_a_space_deletes_its_objects_after_its_rows_unless_orders_are_ahead() {
    let deletes = shared();
    let mut repo = MockSpaceRepository::new();
    repo.expect_find_stored()
        .returning(|_| Ok(Some(stored(1, None))));
    let mut outcomes = vec![
        SpaceDeletion::HasActiveOrders,
        SpaceDeletion::Deleted {
            image_keys: vec!["spaces/a.png".into(), "spaces/b.png".into()],
        },
    ];
    repo.expect_delete()
        .times(2)
        .returning(move |_, _| Ok(outcomes.pop().unwrap()));
    let service = SpaceService::new(
        Arc::new(repo),
        Arc::new(store(None, shared(), deletes.clone())),
        clock(),
    );
    service.delete(UserId(1), SpaceId(5)).await.unwrap();
    assert_eq!(
        *deletes.lock().unwrap(),
        [
            "spaces/a.png",
            "spaces/a.thumb.png",
            "spaces/b.png",
            "spaces/b.thumb.png"
        ]
    );
    assert!(matches!(
        service.delete(UserId(1), SpaceId(5)).await,
        Err(SpaceError::HasActiveOrders)
    ));
}

#[tokio::test]
async fn garbage_collection_deletes_only_old_objects_no_row_refers_to() {
    let deletes = shared();
    let mut store = store(None, shared(), deletes.clone());
    let at = |s: &str| s.parse::<DateTime<Utc>>().unwrap();
    store.expect_list().with(always()).returning(move |prefix| {
        let objects = [
            ("spaces/old-orphan.png", "2026-11-26T01:00:00Z"),
            ("spaces/old-orphan.thumb.png", "2026-11-26T01:00:00Z"),
            ("spaces/old-used.png", "2026-11-26T01:00:00Z"),
            ("spaces/old-used.thumb.png", "2026-11-26T01:00:00Z"),
            ("spaces/new-orphan.png", "2026-11-26T02:30:00Z"),
            // Exactly the minimum age (the clock says 03:00): not yet old enough.
            ("spaces/just-orphan.png", "2026-11-26T02:00:00Z"),
            ("reviews/old-orphan.png", "2026-11-26T01:00:00Z"),
            ("reviews/old-used.png", "2026-11-26T01:00:00Z"),
        ];
        Ok(objects
            .iter()
            .filter(|(key, _)| key.starts_with(prefix))
            .map(|(key, time)| StoredObject {
                key: (*key).into(),
                last_modified: at(time),
            })
            .collect())
    });
    let mut repo = MockSpaceRepository::new();
    repo.expect_image_keys_in_use().returning(|keys| {
        Ok(keys
            .iter()
            .filter(|k| ["spaces/old-used.png", "reviews/old-used.png"].contains(&k.as_str()))
            .cloned()
            .collect())
    });
    let service = SpaceService::new(Arc::new(repo), Arc::new(store), clock());
    let deleted = service.collect_garbage(Duration::hours(1)).await.unwrap();
    let expected = [
        "spaces/old-orphan.png",
        "spaces/old-orphan.thumb.png",
        "reviews/old-orphan.png",
    ];
    assert_eq!(deleted, expected);
    assert_eq!(*deletes.lock().unwrap(), expected);
}

#[tokio::test]
async fn an_unknown_space_is_not_found() {
    let mut repo = MockSpaceRepository::new();
    repo.expect_find()
        .withf(|id| *id == SpaceId(7))
        .returning(|_| Ok(None));
    let service = SpaceService::new(Arc::new(repo), Arc::new(MockImageStore::new()), clock());
    assert!(matches!(
        service.get(SpaceId(7)).await,
        Err(SpaceError::NotFound)
    ));
}

#[tokio::test]
async fn the_list_passes_the_query_through_and_keeps_the_page() {
    use crate::shared::{Page, Paged};
    let mut repo = MockSpaceRepository::new();
    repo.expect_list()
        .withf(|q| q.page.per_page() == 5 && q.host == Some(UserId(3)))
        .returning(|q| Ok(Paged::new(vec![], q.page, 42)));
    let service = SpaceService::new(Arc::new(repo), Arc::new(MockImageStore::new()), clock());
    let paged = service
        .list_hosted(UserId(3), Page::new(Some(2), Some(5)).unwrap())
        .await
        .unwrap();
    assert_eq!((paged.page, paged.per_page, paged.total), (2, 5, 42));
}

#[tokio::test]
async fn a_storage_failure_is_unexpected() {
    let mut repo = MockSpaceRepository::new();
    repo.expect_find().returning(|_| Err("disk on fire".into()));
    let service = SpaceService::new(Arc::new(repo), Arc::new(MockImageStore::new()), clock());
    assert!(matches!(
        service.get(SpaceId(1)).await,
        Err(SpaceError::Unexpected(_))
    ));
}
