//! `space_pairs` and `space_popularity` rebuilt from orders and likes, on SQLite and on
//! MariaDB: a pair counts each guest who chose both spaces once, pairs chosen by fewer
//! guests than the domain trusts are not kept, an order the host refused is no choice,
//! popularity counts the last 30 days' bookings, and a refresh replaces the previous rows.

use ourspace_domain::shared::Won;
use ourspace_domain::user::{Nickname, UserRepository};
use ourspace_infrastructure::media::LocalImageStore;
use ourspace_infrastructure::on_both_backends;
use ourspace_infrastructure::repo::{SeaOrmUserRepository, refresh_recommendations};
use ourspace_infrastructure::seed::{seed_catalog, seed_demo};
use ourspace_infrastructure::testing::{Backend, TestDatabase};
use sea_orm::{ConnectionTrait, Statement};

struct World {
    t: TestDatabase,
    _media: tempfile::TempDir,
    spaces: Vec<i64>,
}

async fn world(backend: Backend) -> World {
    let t = TestDatabase::new(backend).await;
    seed_catalog(&t.db).await.unwrap();
    let media = tempfile::tempdir().unwrap();
    let store = LocalImageStore::new(media.path(), "/media");
    seed_demo(&t.db, &store, chrono::Utc::now().date_naive())
        .await
        .unwrap();
    let rows =
        t.db.query_all_raw(Statement::from_string(
            t.db.get_database_backend(),
            "SELECT id FROM spaces ORDER BY id LIMIT 4",
        ))
        .await
        .unwrap();
    let spaces = rows
        .iter()
        .map(|r| r.try_get_by_index(0).unwrap())
        .collect();
    World {
        t,
        _media: media,
        spaces,
    }
}

impl World {
    async fn guest(&self, kakao: i64) -> i64 {
        let users = SeaOrmUserRepository::new(self.t.db.clone());
        let nick = Nickname::parse("g").unwrap();
        users
            .create_or_get(kakao, &nick, None, Won::ZERO)
            .await
            .unwrap()
            .0
            .id
            .get()
    }

    async fn run(&self, sql: &str) {
        self.t.db.execute_unprepared(sql).await.unwrap();
    }

    async fn like(&self, user: i64, space: usize) {
        let space = self.spaces[space];
        self.run(&format!(
            "INSERT INTO likes (user_id, space_id, created_at) VALUES ({user}, {space}, '2026-12-01 00:00:00')"
        ))
        .await;
    }

    async fn book(&self, user: i64, space: usize) {
        self.order(user, space, "cancelled", "2026-12-01").await;
    }

    async fn order(&self, user: i64, space: usize, status: &str, placed: &str) {
        let space = self.spaces[space];
        self.run(&format!(
            "INSERT INTO orders (space_id, guest_id, date, start_hour, end_hour, guests, booker_name, \
             booker_phone, booker_email, price, status, created_at, updated_at) VALUES ({space}, {user}, \
             '2026-12-20', 9, 18, 2, 'k', '01012345678', 'k@example.com', 1000, '{status}', \
             '{placed} 00:00:00', '{placed} 00:00:00')"
        ))
        .await;
    }

    /// Every space booked lately as (index of space, bookings), sorted.
    async fn popular(&self) -> Vec<(usize, i64)> {
        let rows = self
            .t
            .db
            .query_all_raw(Statement::from_string(
                self.t.db.get_database_backend(),
                "SELECT space_id, recent_bookings FROM space_popularity ORDER BY space_id",
            ))
            .await
            .unwrap();
        rows.iter()
            .filter_map(|r| {
                let (id, n): (i64, i64) = (
                    r.try_get_by_index(0).unwrap(),
                    r.try_get_by_index(1).unwrap(),
                );
                self.spaces.iter().position(|s| *s == id).map(|i| (i, n))
            })
            .collect()
    }

    /// Every pair as (index of space, index of other, guests), sorted.
    async fn pairs(&self) -> Vec<(usize, usize, i64)> {
        let rows = self
            .t
            .db
            .query_all_raw(Statement::from_string(
                self.t.db.get_database_backend(),
                "SELECT space_id, other_id, chosen FROM space_pairs ORDER BY space_id, other_id",
            ))
            .await
            .unwrap();
        let index = |id: i64| self.spaces.iter().position(|s| *s == id).unwrap();
        rows.iter()
            .map(|r| {
                let (a, b, n): (i64, i64, i64) = (
                    r.try_get_by_index(0).unwrap(),
                    r.try_get_by_index(1).unwrap(),
                    r.try_get_by_index(2).unwrap(),
                );
                (index(a), index(b), n)
            })
            .collect()
    }
}

on_both_backends! {
    pairs_count_each_guest_once_and_keep_only_what_two_guests_chose => |backend: Backend| async move {
        let w = world(backend).await;
        let (a, b, c, d) = (w.guest(101).await, w.guest(102).await, w.guest(103).await, w.guest(104).await);
        for (guest, space) in [(a, 0), (a, 1), (a, 2), (b, 0), (b, 1), (c, 1), (c, 3), (d, 0)] {
            w.like(guest, space).await;
        }
        // A booking counts like a like, and a guest who booked and liked a space counts once.
        for (guest, space) in [(c, 0), (c, 1), (c, 1), (d, 2)] {
            w.book(guest, space).await;
        }
        // Refused by the host: no choice (else b would pair 3 with 0 and 1, and d 3 with 0).
        w.order(b, 3, "rejected", "2026-12-01").await;
        w.order(d, 3, "rejected", "2026-12-01").await;
        // Booked two months ago: a choice, but not popular now.
        w.order(a, 3, "confirmed", "2026-10-01").await;
        let now = "2026-12-10T00:00:00Z".parse().unwrap();
        let refreshed = refresh_recommendations(&w.t.db, now).await.unwrap();
        // 0 and 1: guests a, b and c; 0 and 2: a and d; 0 and 3, 1 and 3: a and c;
        // 1 and 2, 2 and 3: one guest each.
        assert_eq!(
            w.pairs().await,
            [(0, 1, 3), (0, 2, 2), (0, 3, 2), (1, 0, 3), (1, 3, 2), (2, 0, 2), (3, 0, 2), (3, 1, 2)]
        );
        assert_eq!((refreshed.pairs, refreshed.popular), (8, 3));
        assert_eq!(w.popular().await, [(0, 1), (1, 2), (2, 1)]);

        // A refresh replaces the rows with what the choices say now.
        w.run("DELETE FROM likes").await;
        w.run("DELETE FROM orders").await;
        let refreshed = refresh_recommendations(&w.t.db, now).await.unwrap();
        assert_eq!((refreshed.pairs, refreshed.popular), (0, 0));
        assert_eq!((w.pairs().await, w.popular().await), (vec![], vec![]));
    };
}
