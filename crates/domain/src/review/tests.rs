//! Review and like rules against mocked ports: who may review, and the photo that goes with
//! a review that is not written.

use super::ports::{MockLikeRepository, MockReviewRepository};
use super::*;
use crate::media::{MockImageStore, UploadedImage};
use crate::order::ports::MockOrderRepository;
use crate::order::{BookedTime, BookerContact, Order, OrderSpace, OrderStatus, OrderView};
use crate::shared::clock::MockClock;
use crate::shared::{HourRange, OrderId, Page, ReviewId, SpaceId, UserId, Won};
use crate::space::BookingMode;
use crate::space::fixtures::space_detail;
use crate::space::ports::MockSpaceRepository;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use std::sync::{Arc, Mutex};

const GUEST: UserId = UserId(2);

fn clock(local: &str) -> Arc<MockClock> {
    let local: NaiveDateTime = local.parse().unwrap();
    let now = local.and_utc() - Duration::hours(9);
    let mut clock = MockClock::new();
    clock.expect_now().returning(move || now);
    clock.expect_local_now().returning(move || local);
    Arc::new(clock)
}

fn order(status: OrderStatus) -> OrderView {
    OrderView {
        order: Order {
            id: OrderId(7),
            space_id: SpaceId(10),
            guest_id: GUEST,
            time: BookedTime {
                date: "2026-12-10".parse().unwrap(),
                option_id: None,
                hours: HourRange::new(9, 18).unwrap(),
            },
            guests: 2,
            booker: BookerContact::parse("김", "01012345678", "a@b.kr", None, None).unwrap(),
            price: Won::new(30_000).unwrap(),
            status,
            expires_at: None,
            refund_policy: None,
            created_at: "2026-11-26T00:00:00Z".parse::<DateTime<Utc>>().unwrap(),
        },
        space: OrderSpace {
            id: SpaceId(10),
            title: "합주실".into(),
            host_id: UserId(1),
            image_url: None,
        },
        option_name: None,
        refunded: None,
    }
}

fn input() -> ReviewInput {
    ReviewInput {
        order_id: Some(7),
        rating: Some(5),
        content: Some("좋아요".into()),
    }
}

fn orders(status: OrderStatus) -> Arc<MockOrderRepository> {
    let mut orders = MockOrderRepository::new();
    orders
        .expect_find()
        .returning(move |_| Ok(Some(order(status))));
    Arc::new(orders)
}

fn spaces(exists: bool) -> Arc<MockSpaceRepository> {
    let mut spaces = MockSpaceRepository::new();
    spaces
        .expect_find()
        .returning(move |_| Ok(exists.then(|| space_detail(BookingMode::Instant))));
    Arc::new(spaces)
}

fn store(log: Arc<Mutex<Vec<String>>>) -> Arc<MockImageStore> {
    let mut store = MockImageStore::new();
    store
        .expect_new_key()
        .returning(|folder, kind| format!("{folder}/k.{}", kind.extension()));
    let puts = log.clone();
    store.expect_put().returning(move |key, _, _| {
        puts.lock().unwrap().push(format!("put {key}"));
        Ok(format!("/media/{key}"))
    });
    store.expect_delete().returning(move |key| {
        log.lock().unwrap().push(format!("delete {key}"));
        Ok(())
    });
    Arc::new(store)
}

fn png() -> UploadedImage {
    UploadedImage {
        kind: crate::media::ImageType::Png,
        full: crate::media::ImageBody::Bytes(b"\x89PNG\r\n\x1a\nfull".to_vec()),
        thumbnail: crate::media::ImageBody::Bytes(b"\x89PNG\r\n\x1a\nthumb".to_vec()),
    }
}

#[tokio::test]
async fn a_review_is_refused_before_the_booked_time_ends_and_accepted_after() {
    let mut reviews = MockReviewRepository::new();
    let written = Arc::new(Mutex::new(None::<NewReview>));
    let store_row = written.clone();
    reviews.expect_create().times(1).returning(move |r| {
        *store_row.lock().unwrap() = Some(r.clone());
        Ok(ReviewCreation::Created(ReviewId(1)))
    });
    let read_back = written.clone();
    reviews.expect_find().returning(move |id| {
        let r = read_back
            .lock()
            .unwrap()
            .clone()
            .expect("written before it is read");
        Ok(Some(ReviewView {
            review: Review {
                id,
                space_id: r.space_id,
                author_id: r.author_id,
                order_id: r.order_id,
                rating: r.rating,
                content: r.content,
                image_url: None,
                created_at: r.created_at,
            },
            author_nickname: "김".into(),
        }))
    });
    let reviews = Arc::new(reviews);
    let log = Arc::new(Mutex::new(Vec::new()));
    let service = |local: &str, exists| {
        ReviewService::new(
            reviews.clone(),
            orders(OrderStatus::Confirmed),
            spaces(exists),
            store(log.clone()),
            clock(local),
        )
    };
    let before = service("2026-12-10T17:59:00", true)
        .create(GUEST, SpaceId(10), &input(), None)
        .await
        .unwrap_err();
    assert!(matches!(before, ReviewError::Forbidden(_)), "{before:?}");
    let before = service("2026-12-10T17:59:00", false)
        .create(GUEST, SpaceId(10), &input(), None)
        .await
        .unwrap_err();
    assert!(matches!(before, ReviewError::SpaceNotFound), "{before:?}");
    // At the end of the booked time the review is written, and read back.
    let after = service("2026-12-10T18:00:00", true)
        .create(GUEST, SpaceId(10), &input(), None)
        .await
        .unwrap();
    assert_eq!(after.review.rating.get(), 5);
    assert_eq!(after.review.order_id, OrderId(7));
    assert_eq!(after.review.author_id, GUEST);
}

#[tokio::test]
async fn only_the_guest_of_a_confirmed_order_for_this_space_may_review() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let spaces = spaces(true);
    for (author, space, status) in [
        (UserId(3), SpaceId(10), OrderStatus::Confirmed),
        (GUEST, SpaceId(11), OrderStatus::Confirmed),
        (GUEST, SpaceId(10), OrderStatus::Cancelled),
    ] {
        let service = ReviewService::new(
            Arc::new(MockReviewRepository::new()),
            orders(status),
            spaces.clone(),
            store(log.clone()),
            clock("2026-12-11T00:00:00"),
        );
        let err = service
            .create(author, space, &input(), Some(png()))
            .await
            .unwrap_err();
        assert!(matches!(err, ReviewError::Forbidden(_)), "{err:?}");
    }
    assert!(log.lock().unwrap().is_empty(), "nothing uploaded");
}

#[tokio::test]
async fn a_second_review_of_an_order_is_refused_and_its_photo_deleted() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut reviews = MockReviewRepository::new();
    reviews
        .expect_create()
        .returning(|_| Ok(ReviewCreation::AlreadyReviewed));
    let service = ReviewService::new(
        Arc::new(reviews),
        orders(OrderStatus::Confirmed),
        spaces(true),
        store(log.clone()),
        clock("2026-12-11T00:00:00"),
    );
    let err = service
        .create(GUEST, SpaceId(10), &input(), Some(png()))
        .await
        .unwrap_err();
    assert!(matches!(err, ReviewError::AlreadyReviewed), "{err:?}");
    assert_eq!(
        *log.lock().unwrap(),
        [
            "put reviews/k.png",
            "put reviews/k.thumb.png",
            "delete reviews/k.png",
            "delete reviews/k.thumb.png"
        ]
    );
}

#[tokio::test]
async fn invalid_fields_are_reported_together_without_asking_storage() {
    let service = ReviewService::new(
        Arc::new(MockReviewRepository::new()),
        Arc::new(MockOrderRepository::new()),
        Arc::new(MockSpaceRepository::new()),
        Arc::new(MockImageStore::new()),
        clock("2026-12-11T00:00:00"),
    );
    let bad = ReviewInput {
        order_id: None,
        rating: Some(6),
        content: Some("가".repeat(2_001)),
    };
    match service.create(GUEST, SpaceId(10), &bad, None).await {
        Err(ReviewError::Validation(e)) => {
            let fields: Vec<_> = e.fields().iter().map(|f| f.field.as_str()).collect();
            assert_eq!(fields, ["order_id", "rating", "content"]);
        }
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn deleting_a_review_deletes_its_photo_after_the_row() {
    let log = Arc::new(Mutex::new(Vec::new()));
    let mut reviews = MockReviewRepository::new();
    let rows = log.clone();
    reviews.expect_delete().returning(move |id, author| {
        rows.lock().unwrap().push("delete row".into());
        Ok(if author == GUEST && id == ReviewId(1) {
            ReviewDeletion::Deleted {
                image_key: Some("reviews/k.png".into()),
            }
        } else {
            ReviewDeletion::NotAuthor
        })
    });
    let service = ReviewService::new(
        Arc::new(reviews),
        Arc::new(MockOrderRepository::new()),
        Arc::new(MockSpaceRepository::new()),
        store(log.clone()),
        clock("2026-12-11T00:00:00"),
    );
    service.delete(GUEST, ReviewId(1)).await.unwrap();
    assert_eq!(
        *log.lock().unwrap(),
        [
            "delete row",
            "delete reviews/k.png",
            "delete reviews/k.thumb.png"
        ]
    );
    let err = service.delete(UserId(9), ReviewId(1)).await.unwrap_err();
    assert!(matches!(err, ReviewError::Forbidden(_)), "{err:?}");
}

#[tokio::test]
async fn liking_a_missing_space_is_not_found_and_the_liked_list_asks_for_the_users_likes() {
    let mut likes = MockLikeRepository::new();
    likes
        .expect_like()
        .withf(|user, space, _| *user == GUEST && *space == SpaceId(10))
        .times(1)
        .returning(|_, _, _| Ok(None));
    likes
        .expect_unlike()
        .withf(|user, space| *user == GUEST && *space == SpaceId(10))
        .times(1)
        .returning(|_, _| Ok(Some(3)));
    let mut spaces = MockSpaceRepository::new();
    spaces
        .expect_list()
        .withf(|q| q.liked_by == Some(GUEST))
        .returning(|q| Ok(crate::shared::Paged::new(vec![], q.page, 0)));
    let service = LikeService::new(
        Arc::new(likes),
        Arc::new(spaces),
        clock("2026-12-11T00:00:00"),
    );
    let err = service.like(GUEST, SpaceId(10)).await.unwrap_err();
    assert!(matches!(err, ReviewError::SpaceNotFound), "{err:?}");
    assert_eq!(service.unlike(GUEST, SpaceId(10)).await.unwrap(), 3);
    let liked = service.liked(GUEST, Page::default()).await.unwrap();
    assert_eq!((liked.items.len(), liked.total), (0, 0));
}
