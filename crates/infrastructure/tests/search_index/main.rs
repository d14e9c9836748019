//! The search index against the obviously correct search, on SQLite and MariaDB: a random
//! run registers spaces, then interleaves 1,000 random searches over every parameter with
//! random bookings, payments, cancellations, expiries, likes, reviews, edits, deletions and
//! registrations. After each write the index follows the change feed, and every answer
//! (the page's ids in order, and the total) of each engine must equal the reference's.
//! The seed is printed; `SEARCH_SEED=n` replays a run.

mod draw;
mod reference;

use chrono::{DateTime, Duration, Utc};
use draw::{DAYS, Rng, day};
use ourspace_domain::order::{
    BookedTime, BookerContact, NewOrder, OrderRepository, OrderStatus, Placement, PlacementLimits,
};
use ourspace_domain::review::{LikeRepository, NewReview, Rating, ReviewRepository};
use ourspace_domain::shared::{OrderId, SpaceId, UserId, Won};
use ourspace_domain::space::{SpaceIndex, SpaceRepository};
use ourspace_domain::user::{Nickname, UserRepository};
use ourspace_infrastructure::clock::ManualClock;
use ourspace_infrastructure::on_both_backends;
use ourspace_infrastructure::repo::{
    SeaOrmLikeRepository, SeaOrmOrderRepository, SeaOrmReviewRepository, SeaOrmSpaceRepository,
    SeaOrmUserRepository,
};
use ourspace_infrastructure::search::feed::FeedSettings;
use ourspace_infrastructure::search::{EngineKind, SearchIndex};
use ourspace_infrastructure::seed::seed_catalog;
use ourspace_infrastructure::testing::{Backend, TestDatabase, status_change};
use std::sync::Arc;

const SEARCHES: usize = 1_000;

struct Run {
    t: TestDatabase,
    spaces: SeaOrmSpaceRepository,
    orders: SeaOrmOrderRepository,
    likes: SeaOrmLikeRepository,
    reviews: SeaOrmReviewRepository,
    /// The index on each engine.
    indexes: Vec<Arc<SearchIndex>>,
    host: UserId,
    guests: Vec<UserId>,
    ids: Vec<SpaceId>,
    placed: Vec<(OrderId, OrderStatus, SpaceId, UserId)>,
    now: DateTime<Utc>,
    rng: Rng,
}

async fn start(backend: Backend, seed: u64) -> Run {
    let t = TestDatabase::new(backend).await;
    seed_catalog(&t.db).await.unwrap();
    let users = SeaOrmUserRepository::new(t.db.clone());
    let nick = Nickname::parse("u").unwrap();
    let mut people = Vec::new();
    for kakao in 1..=6 {
        people.push(
            users
                .create_or_get(kakao, &nick, None, Won::ZERO)
                .await
                .unwrap()
                .0
                .id,
        );
    }
    let now: DateTime<Utc> = "2026-11-30T00:00:00Z".parse().unwrap();
    let clock = Arc::new(ManualClock::new(chrono_tz::Asia::Seoul, now));
    let mut indexes = Vec::new();
    for kind in [EngineKind::Bitmaps, EngineKind::Tantivy] {
        let built = SearchIndex::build(t.db.clone(), clock.clone(), FeedSettings::default(), kind);
        indexes.push(built.await.unwrap());
    }
    let mut run = Run {
        spaces: SeaOrmSpaceRepository::new(t.db.clone()),
        orders: SeaOrmOrderRepository::new(t.db.clone()),
        likes: SeaOrmLikeRepository::new(t.db.clone()),
        reviews: SeaOrmReviewRepository::new(t.db.clone()),
        indexes,
        host: people[0],
        guests: people[1..].to_vec(),
        ids: Vec::new(),
        placed: Vec::new(),
        now,
        rng: Rng(seed),
        t,
    };
    for _ in 0..16 {
        run.register().await;
    }
    run
}

impl Run {
    async fn register(&mut self) {
        let draft = draw::space(&mut self.rng).parse(day(0)).unwrap();
        let id = self.spaces.create(self.host, &draft, &[]).await.unwrap();
        self.ids.push(id);
    }

    fn space(&mut self) -> SpaceId {
        self.ids[self.rng.below(self.ids.len() as u64) as usize]
    }

    fn guest(&mut self) -> UserId {
        self.guests[self.rng.below(self.guests.len() as u64) as usize]
    }

    async fn place(&mut self) {
        let (space, guest) = (self.space(), self.guest());
        let hours = draw::hours(&mut self.rng);
        let status = if self.rng.one_in(2) {
            OrderStatus::Requested
        } else {
            OrderStatus::Pending
        };
        let order = NewOrder {
            space_id: space,
            guest_id: guest,
            time: BookedTime {
                date: day(self.rng.below(DAYS)),
                option_id: None,
                hours,
            },
            option_name: None,
            guests: 1,
            booker: BookerContact::parse("김철수", "01012345678", "a@b.kr", None, None).unwrap(),
            price: Won::ZERO,
            status,
            expires_at: self.now + Duration::minutes(self.rng.below(40) as i64 - 5),
            created_at: self.now,
            limits: PlacementLimits::unlimited(),
        };
        if let Placement::Placed(id) = self.orders.place(&order).await.unwrap() {
            self.placed.push((id, status, space, guest));
        }
    }

    /// Moves a random order along the flow (what no longer applies is refused).
    async fn act(&mut self) {
        if self.placed.is_empty() {
            return;
        }
        let i = self.rng.below(self.placed.len() as u64) as usize;
        let (id, from, space, guest) = self.placed[i];
        use OrderStatus as S;
        let to = match (from, self.rng.below(4)) {
            (S::Requested, 0) => S::Pending,
            (S::Requested, 1) => S::Rejected,
            (S::Pending, 0 | 1) => S::Confirmed,
            (S::Confirmed, 0) => return self.review(id, space, guest).await,
            (S::Requested | S::Pending | S::Confirmed, _) => S::Cancelled,
            _ => return,
        };
        let change = status_change(id, from, to, self.now);
        let outcome = self.orders.change_status(&change).await.unwrap();
        if outcome == ourspace_domain::order::ChangeOutcome::Changed {
            self.placed[i].1 = to;
        }
    }

    async fn review(&mut self, order: OrderId, space: SpaceId, author: UserId) {
        let review = NewReview {
            space_id: space,
            author_id: author,
            order_id: order,
            rating: Rating::new(1 + self.rng.below(5) as i64).unwrap(),
            content: "좋아요".into(),
            image: None,
            created_at: self.now,
        };
        self.reviews.create(&review).await.unwrap();
    }

    async fn like(&mut self) {
        let (space, user) = (self.space(), self.guest());
        if self.rng.one_in(3) {
            self.likes.unlike(user, space).await.unwrap();
        } else {
            self.likes.like(user, space, self.now).await.unwrap();
        }
    }

    async fn edit(&mut self) {
        let space = self.space();
        let draft = draw::space(&mut self.rng).parse(day(0)).unwrap();
        self.spaces.update(space, &draft).await.unwrap();
    }

    async fn delete(&mut self) {
        let i = self.rng.below(self.ids.len() as u64) as usize;
        let outcome = self.spaces.delete(self.ids[i], day(0)).await.unwrap();
        if matches!(
            outcome,
            ourspace_domain::space::ports::SpaceDeletion::Deleted { .. }
        ) {
            self.ids.swap_remove(i);
        }
    }

    /// One random write; its name.
    async fn write(&mut self) -> &'static str {
        self.now += Duration::minutes(1 + self.rng.below(4) as i64);
        match self.rng.below(20) {
            0..=6 => {
                self.place().await;
                "place"
            }
            7..=11 => {
                self.act().await;
                "act"
            }
            12 => {
                self.orders.expire_overdue(self.now).await.unwrap();
                "expire"
            }
            13..=15 => {
                self.like().await;
                "like"
            }
            16 | 17 => {
                self.edit().await;
                "edit"
            }
            18 if self.ids.len() > 8 => {
                self.delete().await;
                "delete"
            }
            _ => {
                self.register().await;
                "register"
            }
        }
    }
}

fn seed() -> u64 {
    std::env::var("SEARCH_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| Utc::now().timestamp_subsec_nanos().into())
}

on_both_backends! {
    every_random_search_answers_what_a_plain_filter_and_sort_over_all_rows_answers => |backend: Backend| async move {
        let seed = seed();
        println!("SEARCH_SEED={seed}");
        let mut run = start(backend, seed).await;
        let mut last = "start";
        for n in 0..SEARCHES {
            if n % 2 == 0 {
                last = run.write().await;
                for index in &run.indexes {
                    index.catch_up().await.unwrap();
                }
            }
            let query = draw::query(&mut run.rng, run.now);
            let (rows, calendar) = reference::read(&run.t.db).await;
            let expected = reference::search(&rows, &calendar, &query);
            for (index, engine) in run.indexes.iter().zip(["bitmaps", "tantivy"]) {
                let answer = index.search(&query).await.unwrap();
                let found: Vec<i64> = answer.items.iter().map(|s| s.id.get()).collect();
                assert_eq!(
                    (found, answer.total),
                    expected,
                    "{engine}, SEARCH_SEED={seed}, search {n} after {last}: {query:?}"
                );
            }
        }
        assert!(run.placed.len() > 50, "the run booked");
    };
}
