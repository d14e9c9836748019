//! Spaces' details kept in memory (migration 20): a kept detail is served while the
//! stored version is the one it was read at, and every write that changes what a detail
//! shows raises that version, whichever server (here: whichever repository, each with its
//! own memory) made it. Run on SQLite and on MariaDB, each on a fresh database built by the
//! real migrations.

use chrono::{NaiveDate, Utc};
use ourspace_domain::review::LikeRepository;
use ourspace_domain::shared::{SpaceId, UserId, Won};
use ourspace_domain::space::{NewImage, OptionInput, SpaceDetail, SpaceInput, SpaceRepository};
use ourspace_domain::user::{Nickname, UserRepository};
use ourspace_infrastructure::clock::ManualClock;
use ourspace_infrastructure::on_both_backends;
use ourspace_infrastructure::repo::{
    SeaOrmLikeRepository, SeaOrmSpaceRepository, SeaOrmUserRepository,
};
use ourspace_infrastructure::seed::seed_catalog;
use ourspace_infrastructure::testing::{Backend, TestDatabase};
use sea_orm::{ConnectionTrait, Statement};
use std::sync::Arc;

fn today() -> NaiveDate {
    "2026-11-26".parse().unwrap()
}

fn input(title: &str, price: i64) -> SpaceInput {
    SpaceInput {
        category_id: Some(1),
        district_id: Some(13),
        title: Some(title.into()),
        address: Some("서울 마포구 어울마당로 1".into()),
        latitude: Some(37.5563),
        longitude: Some(126.9236),
        min_guests: Some(1),
        max_guests: Some(10),
        booking_mode: Some("instant".into()),
        options: vec![OptionInput {
            name: "day".into(),
            start_hour: 9,
            end_hour: 18,
            price,
        }],
        ..SpaceInput::default()
    }
}

fn image(key: &str) -> NewImage {
    NewImage {
        key: key.into(),
        url: format!("/media/{key}"),
        thumbnail_url: format!("/media/{key}"),
    }
}

async fn user(t: &TestDatabase, kakao_id: i64, name: &str) -> UserId {
    let users = SeaOrmUserRepository::new(t.db.clone());
    let nickname = Nickname::parse(name).unwrap();
    users
        .create_or_get(kakao_id, &nickname, None, Won::ZERO)
        .await
        .unwrap()
        .0
        .id
}

async fn sql(t: &TestDatabase, statement: &str) {
    let backend = t.db.get_database_backend();
    t.db.execute_raw(Statement::from_string(backend, statement))
        .await
        .unwrap();
}

async fn detail(repo: &SeaOrmSpaceRepository, id: SpaceId) -> SpaceDetail {
    repo.find(id).await.unwrap().expect("the space")
}

on_both_backends! {
    a_kept_detail_is_served_only_while_its_version_is_stored => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        seed_catalog(&t.db).await.unwrap();
        let host = user(&t, 7, "호스트").await;
        let repo = SeaOrmSpaceRepository::new(t.db.clone()).with_detail_cache(100);
        let draft = input("첫 제목", 50_000).parse(today()).unwrap();
        let id = repo.create(host, &draft, &[image("spaces/a.png")]).await.unwrap();
        assert_eq!(detail(&repo, id).await.summary.title, "첫 제목");
        // Changed behind the repositories' back, version untouched: the kept detail.
        sql(&t, &format!("UPDATE spaces SET title = '몰래 바꾼 제목' WHERE id = {id}")).await;
        assert_eq!(detail(&repo, id).await.summary.title, "첫 제목", "served from memory");
        sql(&t, &format!("UPDATE spaces SET version = version + 1 WHERE id = {id}")).await;
        assert_eq!(detail(&repo, id).await.summary.title, "몰래 바꾼 제목");
        // Another space under the same id at the same version (a restored backup): its
        // own creation time tells it apart.
        let later = SeaOrmSpaceRepository::new(t.db.clone()).with_clock(Arc::new(ManualClock::new(
            chrono_tz::Asia::Seoul,
            "2030-01-01T00:00:00Z".parse().unwrap(),
        )));
        let other = later.create(host, &input("다른 공간", 50_000).parse(today()).unwrap(), &[image("spaces/b.png")]).await.unwrap();
        // Space `id` becomes that space (its creation time and title), version untouched.
        sql(&t, &format!(
            "UPDATE spaces SET title = '다른 공간', created_at = \
             (SELECT c FROM (SELECT created_at AS c FROM spaces WHERE id = {other}) AS o) WHERE id = {id}"
        )).await;
        assert_eq!(detail(&repo, id).await.summary.title, "다른 공간");
        // Without a cache every read is the stored row.
        let plain = SeaOrmSpaceRepository::new(t.db.clone());
        sql(&t, &format!("UPDATE spaces SET title = '다시' WHERE id = {id}")).await;
        assert_eq!(detail(&plain, id).await.summary.title, "다시");
    };

    every_write_shows_on_another_server_at_once => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        seed_catalog(&t.db).await.unwrap();
        let host = user(&t, 7, "호스트").await;
        let guest = user(&t, 8, "게스트").await;
        // Two servers, each with its own memory; `b` writes, `a` reads.
        let a = SeaOrmSpaceRepository::new(t.db.clone()).with_detail_cache(100);
        let b = SeaOrmSpaceRepository::new(t.db.clone()).with_detail_cache(100);
        let draft = input("첫 제목", 50_000).parse(today()).unwrap();
        let id = b.create(host, &draft, &[image("spaces/a.png")]).await.unwrap();
        assert_eq!(detail(&a, id).await.options[0].price, Won::new(50_000).unwrap());

        b.update(id, &input("새 제목", 70_000).parse(today()).unwrap()).await.unwrap();
        let seen = detail(&a, id).await;
        assert_eq!((seen.summary.title.as_str(), seen.options[0].price), ("새 제목", Won::new(70_000).unwrap()));

        b.add_images(id, &[image("spaces/b.png")], 20).await.unwrap();
        let images = detail(&a, id).await.summary.images;
        assert_eq!(images.len(), 2);
        b.delete_image(id, images[0].id).await.unwrap();
        assert_eq!(detail(&a, id).await.summary.images.len(), 1);

        let likes = SeaOrmLikeRepository::new(t.db.clone());
        likes.like(guest, id, Utc::now()).await.unwrap();
        assert_eq!(detail(&a, id).await.summary.like_count, 1);
        likes.unlike(guest, id).await.unwrap();
        assert_eq!(detail(&a, id).await.summary.like_count, 0);

        let users = SeaOrmUserRepository::new(t.db.clone());
        users.rename(host, &Nickname::parse("새이름").unwrap()).await.unwrap();
        assert_eq!(detail(&a, id).await.host.nickname, "새이름");

        b.delete(id, today()).await.unwrap();
        assert_eq!(a.find(id).await.unwrap(), None, "a deleted space is gone everywhere");
    };
}
