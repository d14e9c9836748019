//! Repository and seeding tests, each run on SQLite and on MariaDB, each on a fresh
//! database built by the real migrations.

use chrono::NaiveDate;
use ourspace_domain::catalog::CatalogRepository;
use ourspace_domain::media::{ImageBody, ImageStore, ImageType};
use ourspace_domain::shared::Coordinates;
use ourspace_domain::shared::ImageId;
use ourspace_domain::shared::{Page, SpaceId, UserId, Won};
use ourspace_domain::space::ports::{ImageDeletion, ImagesAdded, SpaceDeletion};
use ourspace_domain::space::{
    Near, NewImage, OptionInput, SpaceIndex, SpaceInput, SpacePatch, SpaceQuery, SpaceRepository,
    SpaceSort,
};
use ourspace_domain::user::{AccountDeletion, Nickname, UserRepository};
use ourspace_infrastructure::clock::SystemClock;
use ourspace_infrastructure::db::migrate;
use ourspace_infrastructure::media::LocalImageStore;
use ourspace_infrastructure::on_both_backends;
use ourspace_infrastructure::query_count::counted;
use ourspace_infrastructure::repo::{
    SeaOrmCatalogRepository, SeaOrmSpaceRepository, SeaOrmUserRepository,
};
use ourspace_infrastructure::search::SearchIndex;
use ourspace_infrastructure::search::feed::FeedSettings;
use ourspace_infrastructure::seed::{seed_catalog, seed_demo};
use ourspace_infrastructure::testing::{Backend, TestDatabase, search_fresh};
use ourspace_migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};
use std::sync::Arc;

fn today() -> NaiveDate {
    "2026-11-26".parse().unwrap()
}

async fn count(t: &TestDatabase, table: &str) -> i64 {
    let row =
        t.db.query_one_raw(Statement::from_string(
            t.db.get_database_backend(),
            format!("SELECT COUNT(*) AS n FROM {table}"),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<i64>("", "n").unwrap()
}

/// Inserts an order row (and its slots when it holds them), as the orders feature will.
async fn insert_order(
    t: &TestDatabase,
    space: i64,
    guest: i64,
    date: &str,
    status: &str,
    hours: (i64, i64),
) -> i64 {
    let backend = t.db.get_database_backend();
    let result = t
        .db
        .execute_raw(Statement::from_sql_and_values(
            backend,
            "INSERT INTO orders (space_id, guest_id, date, start_hour, end_hour, guests, booker_name, \
             booker_phone, booker_email, price, status, created_at, updated_at) \
             VALUES (?, ?, ?, ?, ?, 2, '김철수', '01012345678', 'kim@example.com', 1000, ?, ?, ?)",
            [
                space.into(),
                guest.into(),
                date.parse::<NaiveDate>().unwrap().into(),
                hours.0.into(),
                hours.1.into(),
                status.into(),
                chrono::Utc::now().into(),
                chrono::Utc::now().into(),
            ],
        ))
        .await
        .unwrap();
    let id = result.last_insert_id() as i64;
    if ["requested", "pending", "confirmed"].contains(&status) {
        for hour in hours.0..hours.1 {
            t.db.execute_raw(Statement::from_sql_and_values(
                backend,
                "INSERT INTO order_slots (space_id, date, hour, order_id) VALUES (?, ?, ?, ?)",
                [
                    space.into(),
                    date.parse::<NaiveDate>().unwrap().into(),
                    hour.into(),
                    id.into(),
                ],
            ))
            .await
            .unwrap();
        }
    }
    id
}

/// Every table, column and index, one line each, in a fixed order.
async fn schema(t: &TestDatabase) -> Vec<String> {
    let sql = match t.backend {
        Backend::Sqlite => "SELECT type || ' ' || name || ' ' || COALESCE(sql, '') AS v \
             FROM sqlite_master ORDER BY type, name"
            .to_owned(),
        Backend::MySql => "SELECT CONCAT_WS(' ', 'column', TABLE_NAME, COLUMN_NAME, COLUMN_TYPE, \
             IS_NULLABLE, COALESCE(COLUMN_DEFAULT, '-')) AS v FROM information_schema.COLUMNS \
             WHERE TABLE_SCHEMA = DATABASE() \
             UNION ALL SELECT CONCAT_WS(' ', 'index', TABLE_NAME, INDEX_NAME, SEQ_IN_INDEX, \
             COLUMN_NAME, NON_UNIQUE) FROM information_schema.STATISTICS \
             WHERE TABLE_SCHEMA = DATABASE() ORDER BY v"
            .to_owned(),
    };
    let rows =
        t.db.query_all_raw(Statement::from_string(t.db.get_database_backend(), sql))
            .await
            .unwrap();
    rows.iter()
        .map(|r| r.try_get::<String>("", "v").unwrap())
        .collect()
}

async fn scalar(t: &TestDatabase, sql: &str) -> String {
    let row =
        t.db.query_one_raw(Statement::from_string(
            t.db.get_database_backend(),
            sql.to_owned(),
        ))
        .await
        .unwrap()
        .unwrap();
    row.try_get::<String>("", "v").unwrap()
}

async fn seeded(t: &TestDatabase) -> (tempfile::TempDir, LocalImageStore) {
    seed_catalog(&t.db).await.unwrap();
    let dir = tempfile::tempdir().unwrap();
    let store = LocalImageStore::new(dir.path(), "/media");
    (dir, store)
}

fn korean_space(category_id: i64, district_id: i64) -> SpaceInput {
    SpaceInput {
        category_id: Some(category_id),
        district_id: Some(district_id),
        title: Some("홍대 감성 파티룸 🎉".into()),
        address: Some("서울 마포구 어울마당로 1".into()),
        latitude: Some(37.55),
        longitude: Some(126.92),
        min_guests: Some(2),
        max_guests: Some(12),
        facility_ids: vec![1, 2],
        booking_mode: Some("approval".into()),
        options: vec![OptionInput {
            name: "night".into(),
            start_hour: 22,
            end_hour: 32,
            price: 99_000,
        }],
        hourly_rate: Some(20_000),
        min_hours: Some(3),
        ..SpaceInput::default()
    }
}

/// A fresh database with the catalog, a host and one Korean space of theirs.
async fn a_hosted_space(
    backend: Backend,
) -> (
    TestDatabase,
    tempfile::TempDir,
    UserId,
    SeaOrmSpaceRepository,
    SpaceId,
) {
    let t = TestDatabase::new(backend).await;
    let (dir, _store) = seeded(&t).await;
    let users = SeaOrmUserRepository::new(t.db.clone());
    let (host, _) = users
        .create_or_get(42, &Nickname::parse("호스트").unwrap(), None, Won::ZERO)
        .await
        .unwrap();
    let repo = SeaOrmSpaceRepository::new(t.db.clone());
    let draft = korean_space(1, 13).parse(today()).unwrap();
    let id = repo
        .create(host.id, &draft, &[image("spaces/a.png")])
        .await
        .unwrap();
    (t, dir, host.id, repo, id)
}

fn image(key: &str) -> NewImage {
    NewImage {
        key: key.into(),
        url: format!("/media/{key}"),
        thumbnail_url: format!("/media/{}", ourspace_domain::media::thumbnail_key(key)),
    }
}

/// The search index of what the database holds now.
async fn index_of(t: &TestDatabase) -> Arc<SearchIndex> {
    SearchIndex::build(
        t.db.clone(),
        SystemClock::shared_utc(),
        FeedSettings::default(),
        Default::default(),
    )
    .await
    .unwrap()
}

on_both_backends! {
    migrations_can_run_twice_without_change => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let before = schema(&t).await;
        assert!(before.len() > 50, "{before:?}");
        assert!(before.iter().any(|l| l.contains("order_slots")), "{before:?}");
        migrate(&t.db).await.unwrap();
        assert_eq!(schema(&t).await, before);
        assert_eq!(count(&t, "spaces").await, 0);
    };

    the_catalog_is_seeded_once => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let first = seed_catalog(&t.db).await.unwrap();
        assert_eq!((first.categories, first.districts, first.facilities), (8, 25, 12));
        let again = seed_catalog(&t.db).await.unwrap();
        assert_eq!((again.categories, again.districts, again.facilities), (0, 0, 0));
        let repo = SeaOrmCatalogRepository::new(t.db.clone());
        let categories = repo.categories().await.unwrap();
        assert_eq!(categories[0].code, "party_room");
        assert_eq!(categories[0].name, "파티룸");
        assert_eq!(repo.districts().await.unwrap().len(), 25);
    };

    demo_data_fills_an_empty_database_once_with_photos => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let (_dir, store) = seeded(&t).await;
        assert_eq!(seed_demo(&t.db, &store, today()).await.unwrap(), 40);
        assert_eq!(seed_demo(&t.db, &store, today()).await.unwrap(), 0);
        assert_eq!(count(&t, "spaces").await, 40);
        assert_eq!(count(&t, "space_images").await, 80);
        assert_eq!(store.list("spaces/").await.unwrap().len(), 160, "photos and thumbnails");
        assert_eq!(count(&t, "space_images WHERE thumbnail_url IS NULL").await, 0);
    };

    a_created_space_reads_back_whole_with_korean_text => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let (_dir, _store) = seeded(&t).await;
        let users = SeaOrmUserRepository::new(t.db.clone());
        let (host, _) = users
            .create_or_get(42, &Nickname::parse("호스트").unwrap(), None, Won::ZERO)
            .await
            .unwrap();
        let repo = SeaOrmSpaceRepository::new(t.db.clone());
        let draft = korean_space(1, 13).parse(today()).unwrap();
        let images = vec![image("spaces/a.png")];
        let id = repo.create(host.id, &draft, &images).await.unwrap();
        let (detail, queries) = counted(repo.find(id)).await;
        let detail = detail.unwrap().unwrap();
        assert!(queries <= 3, "detail ran {queries} statements");
        assert_eq!(detail.summary.title, "홍대 감성 파티룸 🎉");
        assert_eq!(detail.host.nickname, "호스트");
        assert_eq!(detail.options[0].hours.end(), 32);
        assert_eq!(detail.facilities.len(), 2);
        assert_eq!(detail.summary.images[0].url, "/media/spaces/a.png");
        assert_eq!(detail.hourly_rate.unwrap().min_hours, 3);
        assert_eq!(detail.summary.min_price.get(), 20_000);
        assert!(repo.find(SpaceId(id.get() + 1000)).await.unwrap().is_none());
    };

    a_failed_space_write_leaves_no_rows => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let (_dir, _store) = seeded(&t).await;
        let users = SeaOrmUserRepository::new(t.db.clone());
        let (host, _) = users.create_or_get(7, &Nickname::parse("h").unwrap(), None, Won::ZERO).await.unwrap();
        let repo = SeaOrmSpaceRepository::new(t.db.clone());
        // Facility 999 does not exist: the foreign key fails after the space row went in.
        let draft = SpaceInput { facility_ids: vec![1, 999], ..korean_space(1, 1) }.parse(today()).unwrap();
        let err = repo.create(host.id, &draft, &[]).await.unwrap_err().to_string().to_lowercase();
        assert!(err.contains("foreign key"), "the facility's foreign key refused it: {err}");
        assert_eq!(count(&t, "spaces").await, 0);
        assert_eq!(count(&t, "price_options").await, 0);
        assert_eq!(count(&t, "space_facilities").await, 0);
    };

    the_list_pages_in_three_statements_whatever_the_page_size => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let (_dir, store) = seeded(&t).await;
        seed_demo(&t.db, &store, today()).await.unwrap();
        let index = index_of(&t).await;
        let mut seen = std::collections::HashSet::new();
        for page in 1..=4 {
            let query = SpaceQuery { page: Page::new(Some(page), Some(10)).unwrap(), ..SpaceQuery::default() };
            let (paged, queries) = counted(index.search(&query)).await;
            let paged = paged.unwrap();
            assert!(queries <= 3, "list ran {queries} statements");
            assert_eq!(paged.total, 40);
            assert_eq!(paged.items.len(), 10);
            assert!(paged.items.iter().all(|s| s.images.len() == 2));
            seen.extend(paged.items.iter().map(|s| s.id));
        }
        assert_eq!(seen.len(), 40, "pages repeated or skipped a space");
        let query = SpaceQuery { page: Page::new(Some(1), Some(100)).unwrap(), ..SpaceQuery::default() };
        let (paged, queries) = counted(index.search(&query)).await;
        assert_eq!(paged.unwrap().items.len(), 40);
        assert!(queries <= 3);
        let by_category = SpaceQuery { categories: vec![ourspace_domain::shared::CategoryId(1)], ..SpaceQuery::default() };
        let paged = index.search(&by_category).await.unwrap();
        assert_eq!(paged.total, 5);
        assert!(paged.items.iter().all(|s| s.category.name == "파티룸"));
    };

    a_first_sign_in_creates_one_user_with_the_bonus_recorded => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let users = SeaOrmUserRepository::new(t.db.clone());
        let name = Nickname::parse("어피치").unwrap();
        let (user, created) = users.create_or_get(1234, &name, Some("a@b.kr".into()), Won::new(100_000).unwrap()).await.unwrap();
        assert!(created);
        assert_eq!(user.points.get(), 100_000);
        let (again, created) = users.create_or_get(1234, &name, None, Won::new(100_000).unwrap()).await.unwrap();
        assert!(!created);
        assert_eq!(again.id, user.id);
        assert_eq!(count(&t, "users").await, 1);
        assert_eq!(count(&t, "point_transactions").await, 1);
        assert_eq!(users.find_by_kakao_id(1234).await.unwrap().unwrap().email.as_deref(), Some("a@b.kr"));
    };

    a_deleted_account_keeps_no_personal_data_and_frees_its_kakao_id => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let (_dir, store) = seeded(&t).await;
        seed_demo(&t.db, &store, today()).await.unwrap();
        let users = SeaOrmUserRepository::new(t.db.clone());
        let name = Nickname::parse("어피치").unwrap();
        let (guest, _) = users.create_or_get(555, &name, Some("p@kakao.com".into()), Won::new(1000).unwrap()).await.unwrap();
        let g = guest.id.get();
        let waiting = insert_order(&t, 1, g, "2026-12-05", "pending", (9, 12)).await;
        insert_order(&t, 2, g, "2026-11-01", "confirmed", (10, 12)).await;
        t.db.execute_unprepared(&format!("INSERT INTO likes (user_id, space_id, created_at) VALUES ({g}, 3, '2026-11-26 00:00:00')")).await.unwrap();
        t.db.execute_unprepared("UPDATE spaces SET like_count = 1 WHERE id = 3").await.unwrap();

        assert_eq!(users.delete_account(guest.id, today()).await.unwrap(), AccountDeletion::Deleted);

        assert!(users.find(guest.id).await.unwrap().is_none());
        assert!(users.find_by_kakao_id(555).await.unwrap().is_none());
        assert_eq!(scalar(&t, &format!("SELECT status AS v FROM orders WHERE id = {waiting}")).await, "cancelled");
        let freed = format!("SELECT CAST(COUNT(*) AS CHAR) AS v FROM order_slots WHERE order_id = {waiting}");
        assert_eq!(scalar(&t, &freed).await, "0", "the cancelled order's hours are free again");
        assert_eq!(count(&t, "order_slots").await, 2, "the past confirmed order keeps its slots");
        assert_eq!(count(&t, "likes").await, 0);
        assert_eq!(scalar(&t, "SELECT CAST(like_count AS CHAR) AS v FROM spaces WHERE id = 3").await, "0");
        assert_eq!(scalar(&t, &format!("SELECT booker_name AS v FROM orders WHERE guest_id = {g} AND status = 'confirmed'")).await, "탈퇴한 회원");
        assert_eq!(scalar(&t, &format!("SELECT booker_email AS v FROM orders WHERE id = {waiting}")).await, "");
        let (again, created) = users.create_or_get(555, &name, None, Won::ZERO).await.unwrap();
        assert!(created, "the Kakao account signs up anew");
        assert_ne!(again.id, guest.id);
        assert_eq!(users.delete_account(guest.id, today()).await.unwrap(), AccountDeletion::NotFound);
    };

    deletion_is_refused_while_a_confirmed_order_is_ahead_or_spaces_are_hosted => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let (_dir, store) = seeded(&t).await;
        seed_demo(&t.db, &store, today()).await.unwrap();
        let users = SeaOrmUserRepository::new(t.db.clone());
        let (guest, _) = users.create_or_get(556, &Nickname::parse("무지").unwrap(), None, Won::ZERO).await.unwrap();
        let order = insert_order(&t, 1, guest.id.get(), "2026-11-26", "confirmed", (20, 22)).await;
        assert_eq!(users.delete_account(guest.id, today()).await.unwrap(), AccountDeletion::HasActiveOrders);
        assert!(users.find(guest.id).await.unwrap().is_some(), "nothing changed");
        // Last night's package still running this morning counts too.
        t.db.execute_unprepared(&format!("UPDATE orders SET date = '2026-11-25', end_hour = 32 WHERE id = {order}")).await.unwrap();
        assert_eq!(users.delete_account(guest.id, today()).await.unwrap(), AccountDeletion::HasActiveOrders);
        t.db.execute_unprepared(&format!("UPDATE orders SET end_hour = 23 WHERE id = {order}")).await.unwrap();
        assert_eq!(users.delete_account(guest.id, today()).await.unwrap(), AccountDeletion::Deleted);

        let host = users.find_by_kakao_id(ourspace_infrastructure::seed::DEMO_HOST_KAKAO_ID).await.unwrap().unwrap();
        assert_eq!(users.delete_account(host.id, today()).await.unwrap(), AccountDeletion::HasSpaces);
    };

    a_rename_changes_only_the_nickname => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let users = SeaOrmUserRepository::new(t.db.clone());
        let (user, _) = users.create_or_get(9, &Nickname::parse("old").unwrap(), Some("e@x.kr".into()), Won::new(10).unwrap()).await.unwrap();
        let renamed = users.rename(user.id, &Nickname::parse("새 이름").unwrap()).await.unwrap().unwrap();
        assert_eq!(renamed.nickname.as_str(), "새 이름");
        assert_eq!((renamed.email, renamed.points), (user.email, user.points));
        assert!(users.rename(ourspace_domain::shared::UserId(999), &Nickname::parse("x").unwrap()).await.unwrap().is_none());
    };

    a_space_is_updated_with_its_packages_and_facilities_replaced => |backend: Backend| async move {
        let (t, _dir, host, repo, id) = a_hosted_space(backend).await;
        let stored = repo.find_stored(id).await.unwrap().unwrap();
        assert_eq!((stored.host_id, stored.image_count), (host, 1));
        let patch = SpacePatch {
            title: Some("바뀐 제목".into()),
            facility_ids: Some(vec![3]),
            options: Some(vec![OptionInput { name: "day".into(), start_hour: 9, end_hour: 18, price: 5_000 }]),
            hourly_rate: Some(None),
            min_hours: Some(None),
            ..SpacePatch::default()
        };
        let draft = patch.apply(SpaceInput::from(&stored.draft)).parse(today()).unwrap();
        repo.update(id, &draft).await.unwrap();
        let detail = repo.find(id).await.unwrap().unwrap();
        assert_eq!(detail.summary.title, "바뀐 제목");
        assert_eq!(detail.options.len(), 1);
        assert_eq!(detail.options[0].name, "day");
        assert_eq!(detail.facilities.len(), 1);
        assert!(detail.hourly_rate.is_none());
        assert_eq!(detail.summary.min_price.get(), 5_000);
        assert_eq!(count(&t, "price_options").await, 1);
    };

    keyword_search_follows_edits_and_survives_the_migrations_down_and_up => |backend: Backend| async move {
        let (t, _dir, _host, repo, id) = a_hosted_space(backend).await;
        let search = |keyword: &str| SpaceQuery { keyword: Some(keyword.into()), ..SpaceQuery::default() };
        let found = |q: SpaceQuery| {
            let db = t.db.clone();
            async move {
                let found = search_fresh(&db, SystemClock::shared_utc(), &q).await;
                found.items.iter().map(|s| s.id).collect::<Vec<_>>()
            }
        };
        assert_eq!(found(search("감성 파티")).await, [id]);
        let stored = repo.find_stored(id).await.unwrap().unwrap();
        let patch = SpacePatch { title: Some("조용한 스터디룸".into()), ..SpacePatch::default() };
        repo.update(id, &patch.apply(SpaceInput::from(&stored.draft)).parse(today()).unwrap()).await.unwrap();
        assert!(found(search("감성 파티")).await.is_empty(), "the old title's grams are gone");
        assert_eq!(found(search("스터디")).await, [id]);
        // Back to before the keyword postings of old (every later migration undone too),
        // then up again: the postings are gone, and the space is found.
        let names: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
        let grams = names.iter().position(|n| n == "m20261126_000004_search_indexes").unwrap();
        Migrator::down(&t.db, Some(u32::try_from(names.len() - grams).unwrap())).await.unwrap();
        assert!(t.db.query_one_raw(Statement::from_string(t.db.get_database_backend(), "SELECT 1 FROM space_grams")).await.is_err());
        migrate(&t.db).await.unwrap();
        assert!(t.db.query_one_raw(Statement::from_string(t.db.get_database_backend(), "SELECT 1 FROM space_grams")).await.is_err());
        assert_eq!(found(search("스터디")).await, [id]);
    };

    images_are_added_up_to_the_limit_and_the_last_one_stays => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let (_dir, _store) = seeded(&t).await;
        let users = SeaOrmUserRepository::new(t.db.clone());
        let (host, _) = users.create_or_get(42, &Nickname::parse("호스트").unwrap(), None, Won::ZERO).await.unwrap();
        let repo = SeaOrmSpaceRepository::new(t.db.clone());
        let id = repo.create(host.id, &korean_space(1, 1).parse(today()).unwrap(), &[image("spaces/a.png")]).await.unwrap();
        assert_eq!(repo.add_images(id, &[image("spaces/b.png"), image("spaces/c.png")], 3).await.unwrap(), ImagesAdded::Added);
        assert_eq!(repo.add_images(id, &[image("spaces/d.png")], 3).await.unwrap(), ImagesAdded::TooMany);
        assert_eq!(repo.add_images(SpaceId(999), &[image("spaces/e.png")], 3).await.unwrap(), ImagesAdded::NotFound);
        let detail = repo.find(id).await.unwrap().unwrap();
        let urls: Vec<&str> = detail.summary.images.iter().map(|i| i.url.as_str()).collect();
        assert_eq!(urls, ["/media/spaces/a.png", "/media/spaces/b.png", "/media/spaces/c.png"]);
        let keys = vec!["spaces/a.png".to_owned(), "spaces/zzz.png".to_owned()];
        assert_eq!(repo.image_keys_in_use(&keys).await.unwrap(), ["spaces/a.png"]);
        let ids: Vec<ImageId> = detail.summary.images.iter().map(|i| i.id).collect();
        assert_eq!(repo.delete_image(id, ids[0]).await.unwrap(), ImageDeletion::Deleted { key: "spaces/a.png".into() });
        assert_eq!(repo.delete_image(id, ids[1]).await.unwrap(), ImageDeletion::Deleted { key: "spaces/b.png".into() });
        assert_eq!(repo.delete_image(id, ids[2]).await.unwrap(), ImageDeletion::LastImage);
        assert_eq!(repo.delete_image(id, ids[0]).await.unwrap(), ImageDeletion::NotFound);
    };

    deleting_a_space_removes_its_rows_or_hides_it_when_orders_refer_to_it => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let (_dir, store) = seeded(&t).await;
        seed_demo(&t.db, &store, today()).await.unwrap();
        let users = SeaOrmUserRepository::new(t.db.clone());
        let (guest, _) = users.create_or_get(77, &Nickname::parse("게스트").unwrap(), None, Won::ZERO).await.unwrap();
        let repo = SeaOrmSpaceRepository::new(t.db.clone());
        // Space 1: never booked. Space 2: booked in the past. Space 3: booked for the future.
        insert_order(&t, 2, guest.id.get(), "2026-10-01", "confirmed", (9, 10)).await;
        insert_order(&t, 3, guest.id.get(), "2026-12-24", "confirmed", (9, 10)).await;
        assert_eq!(repo.delete(SpaceId(3), today()).await.unwrap(), SpaceDeletion::HasActiveOrders);
        let SpaceDeletion::Deleted { image_keys } = repo.delete(SpaceId(1), today()).await.unwrap() else { panic!() };
        assert_eq!(image_keys.len(), 2);
        let SpaceDeletion::Deleted { image_keys } = repo.delete(SpaceId(2), today()).await.unwrap() else { panic!() };
        assert_eq!(image_keys.len(), 2);
        assert_eq!(repo.delete(SpaceId(2), today()).await.unwrap(), SpaceDeletion::NotFound);
        assert!(repo.find(SpaceId(1)).await.unwrap().is_none());
        assert!(repo.find(SpaceId(2)).await.unwrap().is_none(), "hidden");
        assert_eq!(count(&t, "spaces").await, 39, "space 2 keeps its row for the order's history");
        assert_eq!(count(&t, "space_images").await, 76);
        let index = index_of(&t).await;
        let listed = index.search(&SpaceQuery { page: Page::new(None, Some(100)).unwrap(), ..SpaceQuery::default() }).await.unwrap();
        // The unfiltered total is the kept count of live spaces: it must match the rows.
        assert_eq!((listed.total, listed.items.len()), (38, 38));
        assert_eq!(count(&t, "spaces WHERE deleted_at IS NULL").await, 38);
        // A two-character search counts its matches from the gram index: the hidden space
        // (a practice room) must have left it.
        let practice = index.search(&SpaceQuery { keyword: Some("연습".into()), page: Page::new(None, Some(100)).unwrap(), ..SpaceQuery::default() }).await.unwrap();
        assert!(practice.total > 0);
        assert_eq!(practice.total as usize, practice.items.len());
        assert!(practice.items.iter().all(|s| s.id != SpaceId(2)));
    };

    a_nearest_first_page_is_the_same_whether_found_near_the_center_or_by_ranking_all => |backend: Backend| async move {
        let (t, _dir, host, repo, first) = a_hosted_space(backend).await;
        // Going north from the first space (37.55, 126.92): 0.5 km steps, then 10 km steps.
        let mut expected = vec![first];
        for (i, km) in [0.5, 1.0, 1.5, 2.0, 10.0, 20.0, 30.0].into_iter().enumerate() {
            let mut input = korean_space(1, 13);
            input.title = Some(format!("공간 {i}"));
            input.latitude = Some(37.55 + km / 111.2);
            expected.push(repo.create(host, &input.parse(today()).unwrap(), &[image(&format!("spaces/b{i}.png"))]).await.unwrap());
        }
        let near = |page, per_page| SpaceQuery {
            page: Page::new(Some(page), Some(per_page)).unwrap(),
            near: Some(Near { center: Coordinates::new(37.55, 126.92).unwrap(), radius_km: None }),
            sort: SpaceSort::Distance,
            ..SpaceQuery::default()
        };
        let index = index_of(&t).await;
        let mut walked = Vec::new();
        for (page, per_page) in [(1, 3), (2, 3), (3, 3)] {
            let (listed, queries) = counted(index.search(&near(page, per_page))).await;
            let listed = listed.unwrap();
            assert_eq!(queries, 0, "page {page}: answered by the index");
            assert_eq!(listed.total, 8);
            walked.extend(listed.items.iter().map(|s| s.id));
        }
        assert_eq!(walked, expected);
        drop(t);
    };

    missing_catalog_ids_are_found => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        seed_catalog(&t.db).await.unwrap();
        let repo = SeaOrmSpaceRepository::new(t.db.clone());
        let ok = korean_space(1, 1).catalog_refs();
        assert_eq!(repo.missing_references(&ok).await.unwrap(), Default::default());
        let bad = SpaceInput { facility_ids: vec![1, 500, 501], ..korean_space(99, 98) }.catalog_refs();
        let missing = repo.missing_references(&bad).await.unwrap();
        assert!(missing.category && missing.district);
        assert_eq!(missing.facilities, [ourspace_domain::shared::FacilityId(500), ourspace_domain::shared::FacilityId(501)]);
    };

    the_slot_index_refuses_a_second_booking_of_an_hour => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let backend = t.db.get_database_backend();
        let (_dir, store) = seeded(&t).await;
        seed_demo(&t.db, &store, today()).await.unwrap();
        let order = "INSERT INTO orders (space_id, guest_id, date, start_hour, end_hour, guests, booker_name, \
             booker_phone, booker_email, price, status, created_at, updated_at) \
             VALUES (1, 1, '2026-12-01', 9, 10, 2, 'a', '01012345678', 'a@b.kr', 1000, 'pending', \
             '2026-11-26 00:00:00', '2026-11-26 00:00:00')";
        t.db.execute_raw(Statement::from_string(backend, order)).await.unwrap();
        t.db.execute_raw(Statement::from_string(backend, order)).await.unwrap();
        let slot = |order_id: i64| Statement::from_string(backend, format!(
            "INSERT INTO order_slots (space_id, date, hour, order_id) VALUES (1, '2026-12-01', 9, {order_id})"));
        t.db.execute_raw(slot(1)).await.unwrap();
        let err = t.db.execute_raw(slot(2)).await.unwrap_err();
        assert!(matches!(err.sql_err(), Some(sea_orm::SqlErr::UniqueConstraintViolation(_))), "{err}");
    };
}

#[tokio::test]
async fn the_local_store_puts_lists_and_deletes() {
    let dir = tempfile::tempdir().unwrap();
    let store = LocalImageStore::new(dir.path(), "/media/");
    let url = store
        .put(
            "spaces/x.png",
            ImageBody::Bytes(b"\x89PNG\r\n\x1a\nabc".to_vec()),
            ImageType::Png,
        )
        .await
        .unwrap();
    assert_eq!(url, "/media/spaces/x.png");
    assert_eq!(
        std::fs::read(dir.path().join("spaces/x.png"))
            .unwrap()
            .len(),
        11
    );
    assert_eq!(store.list("spaces/").await.unwrap()[0].key, "spaces/x.png");
    store.delete("spaces/x.png").await.unwrap();
    store.delete("spaces/x.png").await.unwrap();
    assert!(store.list("").await.unwrap().is_empty());
    assert!(
        store
            .put("../evil.png", ImageBody::Bytes(vec![1]), ImageType::Png)
            .await
            .is_err()
    );
}
