//! Radius searches find a space where it is now: after it is created and after every change
//! of its coordinates (the search index reads it afresh), and after the migrations go down
//! past the grid cells search once kept and up again. Run on SQLite and on MariaDB, each on
//! a fresh database built by the real migrations.

use chrono::NaiveDate;
use ourspace_domain::shared::{Coordinates, SpaceId, UserId, Won};
use ourspace_domain::space::{Near, OptionInput};
use ourspace_domain::space::{NewImage, SpaceInput, SpaceQuery, SpaceRepository};
use ourspace_domain::user::{Nickname, UserRepository};
use ourspace_infrastructure::clock::SystemClock;
use ourspace_infrastructure::on_both_backends;
use ourspace_infrastructure::repo::{SeaOrmSpaceRepository, SeaOrmUserRepository};
use ourspace_infrastructure::seed::seed_catalog;
use ourspace_infrastructure::testing::{Backend, TestDatabase, search_fresh};
use ourspace_migration::{Migrator, MigratorTrait};
use sea_orm::{ConnectionTrait, Statement};

const HONGDAE: (f64, f64) = (37.5563, 126.9236);
const GANGNAM: (f64, f64) = (37.4979, 127.0276);

fn today() -> NaiveDate {
    "2026-11-26".parse().unwrap()
}

fn space_at((latitude, longitude): (f64, f64)) -> SpaceInput {
    SpaceInput {
        category_id: Some(1),
        district_id: Some(13),
        title: Some("반경 검색 파티룸".into()),
        address: Some("서울 마포구 어울마당로 1".into()),
        latitude: Some(latitude),
        longitude: Some(longitude),
        min_guests: Some(1),
        max_guests: Some(10),
        booking_mode: Some("instant".into()),
        options: vec![OptionInput {
            name: "day".into(),
            start_hour: 9,
            end_hour: 18,
            price: 50_000,
        }],
        ..SpaceInput::default()
    }
}

/// The ids of the live spaces within `radius_km` of `center`.
async fn within(t: &TestDatabase, center: (f64, f64), radius_km: f64) -> Vec<SpaceId> {
    let query = SpaceQuery {
        near: Some(Near {
            center: Coordinates::new(center.0, center.1).unwrap(),
            radius_km: Some(radius_km),
        }),
        ..SpaceQuery::default()
    };
    let page = search_fresh(&t.db, SystemClock::shared_utc(), &query).await;
    assert_eq!(page.total as usize, page.items.len());
    page.items.iter().map(|s| s.id).collect()
}

async fn a_host(t: &TestDatabase) -> UserId {
    seed_catalog(&t.db).await.unwrap();
    let users = SeaOrmUserRepository::new(t.db.clone());
    let nickname = Nickname::parse("호스트").unwrap();
    users
        .create_or_get(7, &nickname, None, Won::ZERO)
        .await
        .unwrap()
        .0
        .id
}

/// Whether `spaces` has the `grid_cell` column radius searches once read (between the
/// cells' migration and the one that gives search its own index).
async fn has_grid_cells(t: &TestDatabase) -> bool {
    let probe = "SELECT grid_cell FROM spaces LIMIT 1";
    let backend = t.db.get_database_backend();
    t.db.query_one_raw(Statement::from_string(backend, probe))
        .await
        .is_ok()
}

fn image(key: &str) -> NewImage {
    NewImage {
        key: key.into(),
        url: format!("/media/{key}"),
        thumbnail_url: format!("/media/{key}"),
    }
}

on_both_backends! {
    a_space_is_found_around_where_it_is_now => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let host = a_host(&t).await;
        let repo = SeaOrmSpaceRepository::new(t.db.clone());
        let id = repo.create(host, &space_at(HONGDAE).parse(today()).unwrap(), &[image("spaces/r.png")]).await.unwrap();
        // Just inside and just outside a circle.
        let north = (HONGDAE.0 + 2.9 / 111.2, HONGDAE.1);
        assert_eq!(within(&t, north, 3.0).await, vec![id]);
        assert!(within(&t, (HONGDAE.0 + 3.1 / 111.2, HONGDAE.1), 3.0).await.is_empty());
        // Moved to Gangnam (11 km away): found there, no longer in Hongdae.
        repo.update(id, &space_at(GANGNAM).parse(today()).unwrap()).await.unwrap();
        assert!(within(&t, HONGDAE, 3.0).await.is_empty());
        assert_eq!(within(&t, GANGNAM, 1.0).await, vec![id]);
        // A wide circle finds both places.
        let other = repo.create(host, &space_at(HONGDAE).parse(today()).unwrap(), &[image("spaces/s.png")]).await.unwrap();
        let mut wide = within(&t, HONGDAE, 30.0).await;
        wide.sort();
        assert_eq!(wide, vec![id, other]);
    };

    spaces_are_found_around_them_after_the_migrations_down_and_up => |backend: Backend| async move {
        let t = TestDatabase::new(backend).await;
        let host = a_host(&t).await;
        let repo = SeaOrmSpaceRepository::new(t.db.clone());
        let mut ids = Vec::new();
        for (i, place) in [HONGDAE, GANGNAM, (37.5, 127.0)].into_iter().enumerate() {
            let draft = space_at(place).parse(today()).unwrap();
            ids.push(repo.create(host, &draft, &[image(&format!("spaces/m{i}.png"))]).await.unwrap());
        }
        assert!(!has_grid_cells(&t).await);
        // Down to before the cells, back past the migration that dropped them, up again.
        let names: Vec<String> = Migrator::migrations().iter().map(|m| m.name().to_owned()).collect();
        let read_model = names.iter().position(|n| n == "m20261208_000025_search_read_model").unwrap();
        Migrator::down(&t.db, Some(u32::try_from(names.len() - read_model).unwrap())).await.unwrap();
        assert!(has_grid_cells(&t).await);
        let cells = names.iter().position(|n| n == "m20261130_000014_space_grid_cells").unwrap();
        Migrator::down(&t.db, Some(u32::try_from(read_model - cells).unwrap())).await.unwrap();
        assert!(!has_grid_cells(&t).await);
        Migrator::up(&t.db, None).await.unwrap();
        assert!(!has_grid_cells(&t).await);
        assert_eq!(within(&t, HONGDAE, 1.0).await, vec![ids[0]]);
        assert_eq!(within(&t, GANGNAM, 1.0).await, vec![ids[1]]);
        assert_eq!(within(&t, (37.5, 127.0), 0.5).await, vec![ids[2]]);
    };
}
