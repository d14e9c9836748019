//! The search index's change feed when transactions commit out of order (MariaDB, where
//! writers run at once): a change whose transaction commits after a later one's is still
//! applied, by a server that was following the feed and by one that started meanwhile.

use chrono::Utc;
use ourspace_domain::shared::{Page, SpaceId, UserId, Won};
use ourspace_domain::space::{SpaceIndex, SpaceInput, SpaceQuery, SpaceRepository};
use ourspace_domain::user::{Nickname, UserRepository};
use ourspace_infrastructure::clock::ManualClock;
use ourspace_infrastructure::repo::{SeaOrmSpaceRepository, SeaOrmUserRepository};
use ourspace_infrastructure::search::SearchIndex;
use ourspace_infrastructure::search::feed::FeedSettings;
use ourspace_infrastructure::seed::seed_catalog;
use ourspace_infrastructure::testing::{Backend, TestDatabase};
use sea_orm::{ConnectionTrait, TransactionTrait};
use std::sync::Arc;

fn input(title: &str) -> SpaceInput {
    SpaceInput {
        category_id: Some(1),
        district_id: Some(1),
        title: Some(title.into()),
        address: Some("서울".into()),
        latitude: Some(37.5),
        longitude: Some(127.0),
        min_guests: Some(1),
        max_guests: Some(4),
        booking_mode: Some("instant".into()),
        hourly_rate: Some(10_000),
        min_hours: Some(1),
        ..SpaceInput::default()
    }
}

async fn index(t: &TestDatabase) -> Arc<SearchIndex> {
    let clock = Arc::new(ManualClock::new(chrono_tz::Asia::Seoul, Utc::now()));
    SearchIndex::build(
        t.db.clone(),
        clock,
        FeedSettings::default(),
        Default::default(),
    )
    .await
    .unwrap()
}

async fn found(index: &SearchIndex, keyword: &str) -> Vec<i64> {
    let query = SpaceQuery {
        page: Page::new(None, None).unwrap(),
        keyword: Some(keyword.into()),
        ..SpaceQuery::default()
    };
    let page = index.search(&query).await.unwrap();
    page.items.iter().map(|s| s.id.get()).collect()
}

#[tokio::test]
async fn a_change_committed_after_a_later_one_is_applied_by_every_server() {
    let t = TestDatabase::new(Backend::MySql).await;
    seed_catalog(&t.db).await.unwrap();
    let nick = Nickname::parse("host").unwrap();
    let users = SeaOrmUserRepository::new(t.db.clone());
    let host: UserId = users
        .create_or_get(1, &nick, None, Won::ZERO)
        .await
        .unwrap()
        .0
        .id;
    let spaces = SeaOrmSpaceRepository::new(t.db.clone());
    let today = Utc::now().date_naive();
    let mut ids: Vec<SpaceId> = Vec::new();
    for title in ["첫째 방", "둘째 방"] {
        let draft = input(title).parse(today).unwrap();
        ids.push(spaces.create(host, &draft, &[]).await.unwrap());
    }
    let following = index(&t).await;

    // A slow writer takes its position in the feed and does not commit yet.
    let slow = t.db.begin().await.unwrap();
    let (a, b) = (ids[0].get(), ids[1].get());
    slow.execute_unprepared(&format!(
        "UPDATE spaces SET title = '느린 방', search_text = '느린 방' WHERE id = {a}"
    ))
    .await
    .unwrap();
    slow.execute_unprepared(&format!(
        "INSERT INTO search_changes (space_id) VALUES ({a})"
    ))
    .await
    .unwrap();
    // A later writer commits first.
    let draft = input("빠른 방").parse(today).unwrap();
    spaces.update(ids[1], &draft).await.unwrap();
    following.catch_up().await.unwrap();
    assert_eq!(found(&following, "빠른").await, [b]);
    assert!(found(&following, "느린").await.is_empty());
    // A server that starts now, with the slow position still open.
    let started = index(&t).await;
    assert_eq!(found(&started, "빠른").await, [b]);

    slow.commit().await.unwrap();
    for server in [&following, &started] {
        server.catch_up().await.unwrap();
        assert_eq!(
            found(server, "느린").await,
            [a],
            "the earlier position, seen late"
        );
        assert_eq!(found(server, "방").await.len(), 2);
        // Seen once: nothing is read again.
        assert_eq!(server.catch_up().await.unwrap(), 0);
    }
}
