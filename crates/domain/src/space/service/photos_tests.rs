//! Adding photos to a registered space: the count rule is checked before anything is
//! uploaded, and a refusal from storage deletes what was uploaded.

use crate::shared::{SpaceId, UserId};
use crate::space::SpaceError;
use crate::space::ports::{ImagesAdded, MockSpaceRepository};
use crate::space::service::{MAX_IMAGES, SpaceService};
use crate::space::tests::{clock, png, shared, store, stored};
use std::sync::Arc;

/// A repository holding one space of host 1 with `count` photos; `added` is what adding
/// answers (`None`: adding must not be asked).
fn repo(count: usize, added: Option<ImagesAdded>) -> MockSpaceRepository {
    let mut repo = MockSpaceRepository::new();
    repo.expect_find_stored().returning(move |_| {
        let mut space = stored(1, None);
        space.image_count = count;
        Ok(Some(space))
    });
    match added {
        Some(answer) => {
            repo.expect_add_images()
                .withf(|id, images, max| {
                    *id == SpaceId(7) && images.len() == 1 && *max == MAX_IMAGES
                })
                .return_once(move |_, _, _| Ok(answer));
        }
        None => {
            repo.expect_add_images().never();
        }
    }
    repo
}

#[test]
fn a_space_takes_one_to_the_maximum_number_of_photos() {
    assert!(!SpaceService::count_errors(0, 1).is_empty());
    assert!(SpaceService::count_errors(1, 1).is_empty());
    assert!(SpaceService::count_errors(MAX_IMAGES, 1).is_empty());
    assert!(!SpaceService::count_errors(MAX_IMAGES + 1, 1).is_empty());
}

fn is_images_error(result: &Result<impl std::fmt::Debug, SpaceError>) -> bool {
    matches!(result, Err(SpaceError::Validation(e)) if e.fields().iter().any(|f| f.field == "images"))
}

#[tokio::test]
async fn one_photo_may_be_added_up_to_the_maximum_and_not_past_it() {
    // The last free place: asked of storage (which answers the space is gone here, so no
    // detail read is needed), and the upload deleted again.
    let (puts, deletes) = (shared(), shared());
    let service = SpaceService::new(
        Arc::new(repo(MAX_IMAGES - 1, Some(ImagesAdded::NotFound))),
        Arc::new(store(None, puts.clone(), deletes.clone())),
        clock(),
    );
    let result = service.add_images(UserId(1), SpaceId(7), vec![png()]).await;
    assert!(matches!(result, Err(SpaceError::NotFound)), "{result:?}");
    assert_eq!(puts.lock().unwrap().len(), 2, "the photo and its thumbnail");
    assert_eq!(*deletes.lock().unwrap(), *puts.lock().unwrap());
    // Full already: refused before any upload.
    let (puts, deletes) = (shared(), shared());
    let service = SpaceService::new(
        Arc::new(repo(MAX_IMAGES, None)),
        Arc::new(store(None, puts.clone(), deletes.clone())),
        clock(),
    );
    let result = service.add_images(UserId(1), SpaceId(7), vec![png()]).await;
    assert!(is_images_error(&result), "{result:?}");
    assert!(puts.lock().unwrap().is_empty());
}

#[tokio::test]
async fn a_total_reached_meanwhile_is_a_field_error_and_the_upload_is_deleted() {
    let (puts, deletes) = (shared(), shared());
    let service = SpaceService::new(
        Arc::new(repo(3, Some(ImagesAdded::TooMany))),
        Arc::new(store(None, puts.clone(), deletes.clone())),
        clock(),
    );
    let result = service.add_images(UserId(1), SpaceId(7), vec![png()]).await;
    assert!(is_images_error(&result), "{result:?}");
    assert_eq!(deletes.lock().unwrap().len(), 2);
    assert_eq!(*deletes.lock().unwrap(), *puts.lock().unwrap());
}

#[tokio::test]
async fn deleting_a_photo_removes_its_row_then_its_objects() {
    let (puts, deletes) = (shared(), shared());
    let mut repo = repo(3, None);
    repo.expect_delete_image()
        .withf(|id, image| *id == SpaceId(7) && *image == crate::shared::ImageId(4))
        .return_once(|_, _| {
            Ok(crate::space::ports::ImageDeletion::Deleted {
                key: "spaces/a.png".into(),
            })
        });
    let service = SpaceService::new(
        Arc::new(repo),
        Arc::new(store(None, puts, deletes.clone())),
        clock(),
    );
    service
        .delete_image(UserId(1), SpaceId(7), crate::shared::ImageId(4))
        .await
        .unwrap();
    assert_eq!(
        *deletes.lock().unwrap(),
        ["spaces/a.png", "spaces/a.thumb.png"]
    );
}
