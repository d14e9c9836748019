//! Order, review and like repositories on SQLite and MariaDB: the slot index refuses a
//! second sale of an hour, overdue waiting orders give way, status changes are conditional
//! and move points exactly, counts on the space follow their rows, and every change to what
//! a guest's recommendations are drawn from raises their taste version.

use chrono::{DateTime, NaiveDate, Utc};
use ourspace_domain::order::{
    BookedTime, BookerContact, ChangeOutcome, NewOrder, OrderFilter, OrderRepository, OrderStatus,
    Placement, PlacementLimits, RefundPolicy, StatusChange, When,
};
use ourspace_domain::review::{
    LikeRepository, NewReview, Rating, ReviewCreation, ReviewDeletion, ReviewRepository,
};
use ourspace_domain::shared::{HourRange, OrderId, Page, PriceOptionId, SpaceId, UserId, Won};
use ourspace_domain::space::{OptionInput, SpaceInput, SpaceRepository};
use ourspace_domain::user::{Nickname, UserRepository};
use ourspace_infrastructure::on_both_backends;
use ourspace_infrastructure::query_count::counted;
use ourspace_infrastructure::repo::{
    SeaOrmLikeRepository, SeaOrmOrderRepository, SeaOrmReviewRepository, SeaOrmSpaceRepository,
    SeaOrmUserRepository,
};
use ourspace_infrastructure::seed::seed_catalog;
use ourspace_infrastructure::testing::{Backend, TestDatabase};
use sea_orm::{ConnectionTrait, Statement};

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

fn date(s: &str) -> NaiveDate {
    s.parse().unwrap()
}

struct World {
    t: TestDatabase,
    orders: SeaOrmOrderRepository,
    space: SpaceId,
    host: UserId,
    guest: UserId,
    /// Package ids: day 9–18, night 18–24, all 9–24, late 22–32.
    options: Vec<PriceOptionId>,
}

async fn world(backend: Backend) -> World {
    let t = TestDatabase::new(backend).await;
    seed_catalog(&t.db).await.unwrap();
    let users = SeaOrmUserRepository::new(t.db.clone());
    let nick = Nickname::parse("u").unwrap();
    let (host, _) = users
        .create_or_get(1, &nick, None, Won::ZERO)
        .await
        .unwrap();
    let (guest, _) = users
        .create_or_get(2, &nick, None, Won::new(100_000).unwrap())
        .await
        .unwrap();
    let option = |name: &str, start, end| OptionInput {
        name: name.into(),
        start_hour: start,
        end_hour: end,
        price: 30_000,
    };
    let input = SpaceInput {
        category_id: Some(1),
        district_id: Some(1),
        title: Some("파티룸".into()),
        address: Some("서울".into()),
        latitude: Some(37.5),
        longitude: Some(127.0),
        min_guests: Some(1),
        max_guests: Some(10),
        booking_mode: Some("instant".into()),
        options: vec![
            option("day", 9, 18),
            option("night", 18, 24),
            option("all", 9, 24),
            option("late", 22, 32),
        ],
        hourly_rate: Some(10_000),
        min_hours: Some(1),
        ..SpaceInput::default()
    };
    let spaces = SeaOrmSpaceRepository::new(t.db.clone());
    let draft = input.parse(date("2026-11-26")).unwrap();
    let image = ourspace_domain::space::NewImage {
        key: "spaces/a.png".into(),
        url: "/media/spaces/a.png".into(),
        thumbnail_url: "/media/spaces/a.thumb.png".into(),
    };
    let space = spaces.create(host.id, &draft, &[image]).await.unwrap();
    let detail = spaces.find(space).await.unwrap().unwrap();
    World {
        orders: SeaOrmOrderRepository::new(t.db.clone()),
        t,
        space,
        host: host.id,
        guest: guest.id,
        options: detail.options.iter().map(|o| o.id).collect(),
    }
}

impl World {
    fn order(&self, day: &str, option: Option<usize>, hours: (i64, i64)) -> NewOrder {
        NewOrder {
            space_id: self.space,
            guest_id: self.guest,
            time: BookedTime {
                date: date(day),
                option_id: option.map(|i| self.options[i]),
                hours: HourRange::new(hours.0, hours.1).unwrap(),
            },
            option_name: option.map(|_| "package".into()),
            guests: 2,
            booker: BookerContact::parse("김철수", "01012345678", "a@b.kr", None, None).unwrap(),
            price: Won::new(30_000).unwrap(),
            status: OrderStatus::Pending,
            expires_at: at("2026-11-26T00:15:00Z"),
            created_at: at("2026-11-26T00:00:00Z"),
            limits: PlacementLimits::unlimited(),
        }
    }

    async fn place(&self, order: &NewOrder) -> Placement {
        self.orders.place(order).await.unwrap()
    }

    async fn scalar(&self, sql: &str) -> i64 {
        let row = self
            .t
            .db
            .query_one_raw(Statement::from_string(
                self.t.db.get_database_backend(),
                sql.to_owned(),
            ))
            .await
            .unwrap()
            .unwrap();
        row.try_get::<i64>("", "n").unwrap()
    }

    async fn points(&self) -> (i64, i64) {
        let g = self.guest.get();
        (
            self.scalar(&format!("SELECT points AS n FROM users WHERE id = {g}"))
                .await,
            self.scalar(&format!(
                "SELECT CAST(COALESCE(SUM(amount), 0) AS SIGNED) AS n FROM point_transactions WHERE user_id = {g}"
            ))
            .await,
        )
    }

    async fn scalar_owned(&self, sql: String) -> i64 {
        self.scalar(&sql).await
    }

    fn change(&self, id: OrderId, from: OrderStatus, to: OrderStatus) -> StatusChange {
        StatusChange {
            order_id: id,
            from,
            to,
            at: at("2026-11-26T00:05:00Z"),
            expires_at: None,
            release_slots: !to.holds_slots(),
            charge: None,
            refund: None,
            refund_policy: None,
        }
    }
}

fn placed(p: Placement) -> OrderId {
    match p {
        Placement::Placed(id) => id,
        refused => panic!("the order was refused: {refused:?}"),
    }
}

on_both_backends! {
    day_and_night_both_sell_and_all_is_then_refused_without_a_trace => |backend: Backend| async move {
        let w = world(backend).await;
        placed(w.place(&w.order("2026-12-24", Some(0), (9, 18))).await);
        placed(w.place(&w.order("2026-12-24", Some(1), (18, 24))).await);
        assert_eq!(w.place(&w.order("2026-12-24", Some(2), (9, 24))).await, Placement::SlotTaken);
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM orders").await, 2);
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM order_slots").await, 15);
        // Another day is free.
        placed(w.place(&w.order("2026-12-25", Some(2), (9, 24))).await);
    };

    a_night_package_crossing_midnight_holds_the_next_morning => |backend: Backend| async move {
        let w = world(backend).await;
        placed(w.place(&w.order("2026-12-24", Some(3), (22, 32))).await);
        // 07:00–09:00 on the 25th overlaps 22:00–08:00.
        assert_eq!(w.place(&w.order("2026-12-25", None, (7, 9))).await, Placement::SlotTaken);
        placed(w.place(&w.order("2026-12-25", None, (8, 10))).await);
        assert_eq!(
            w.scalar("SELECT COUNT(*) AS n FROM order_slots WHERE date = '2026-12-25'").await,
            10
        );
    };

    an_overdue_waiting_order_gives_way_and_is_expired => |backend: Backend| async move {
        let w = world(backend).await;
        let old = placed(w.place(&w.order("2026-12-24", Some(0), (9, 18))).await);
        let mut later = w.order("2026-12-24", None, (10, 12));
        later.created_at = at("2026-11-26T00:15:00Z");
        later.expires_at = at("2026-11-26T00:30:00Z");
        let new = placed(w.place(&later).await);
        let old_view = w.orders.find(old).await.unwrap().unwrap();
        assert_eq!(old_view.order.status, OrderStatus::Expired);
        assert_eq!(
            w.scalar(&format!("SELECT COUNT(*) AS n FROM order_slots WHERE order_id = {}", old.get())).await,
            0
        );
        assert_eq!(
            w.scalar(&format!("SELECT COUNT(*) AS n FROM order_slots WHERE order_id = {}", new.get())).await,
            2
        );
        // A waiting order still in time is not pushed aside.
        let mut third = w.order("2026-12-24", None, (11, 13));
        third.created_at = at("2026-11-26T00:20:00Z");
        assert_eq!(w.place(&third).await, Placement::SlotTaken);
    };

    paying_racing_a_cancel_has_one_winner_and_keeps_points_in_step => |backend: Backend| async move {
        let w = world(backend).await;
        let id = placed(w.place(&w.order("2026-12-24", Some(0), (9, 18))).await);
        let mut pay = w.change(id, OrderStatus::Pending, OrderStatus::Confirmed);
        pay.charge = Some((w.guest, Won::new(30_000).unwrap()));
        pay.refund_policy = Some(RefundPolicy::default());
        let cancel = w.change(id, OrderStatus::Pending, OrderStatus::Cancelled);
        let (a, b) = tokio::join!(w.orders.change_status(&pay), w.orders.change_status(&cancel));
        let outcomes = [a.unwrap(), b.unwrap()];
        assert_eq!(outcomes.iter().filter(|o| **o == ChangeOutcome::Changed).count(), 1, "{outcomes:?}");
        assert!(outcomes.contains(&ChangeOutcome::Superseded));
        let view = w.orders.find(id).await.unwrap().unwrap();
        let (points, sum) = w.points().await;
        assert_eq!(points, sum);
        if view.order.status == OrderStatus::Confirmed {
            assert_eq!(points, 70_000);
            assert_eq!(view.order.refund_policy, Some(RefundPolicy::default()));
        } else {
            assert_eq!(view.order.status, OrderStatus::Cancelled);
            assert_eq!(points, 100_000);
        }
    };

    paying_without_enough_points_changes_nothing => |backend: Backend| async move {
        let w = world(backend).await;
        let id = placed(w.place(&w.order("2026-12-24", Some(0), (9, 18))).await);
        let mut pay = w.change(id, OrderStatus::Pending, OrderStatus::Confirmed);
        pay.charge = Some((w.guest, Won::new(100_001).unwrap()));
        assert_eq!(w.orders.change_status(&pay).await.unwrap(), ChangeOutcome::InsufficientPoints);
        let view = w.orders.find(id).await.unwrap().unwrap();
        assert_eq!(view.order.status, OrderStatus::Pending);
        assert_eq!(w.points().await, (100_000, 100_000));
    };

    a_refund_returns_points_and_releases_the_hours => |backend: Backend| async move {
        let w = world(backend).await;
        let id = placed(w.place(&w.order("2026-12-24", Some(0), (9, 18))).await);
        let mut pay = w.change(id, OrderStatus::Pending, OrderStatus::Confirmed);
        pay.charge = Some((w.guest, Won::new(30_000).unwrap()));
        w.orders.change_status(&pay).await.unwrap();
        let mut cancel = w.change(id, OrderStatus::Confirmed, OrderStatus::Cancelled);
        cancel.refund = Some((w.guest, Won::new(15_000).unwrap()));
        assert_eq!(w.orders.change_status(&cancel).await.unwrap(), ChangeOutcome::Changed);
        assert_eq!(w.points().await, (85_000, 85_000));
        let view = w.orders.find(id).await.unwrap().unwrap();
        assert_eq!(view.refunded, Some(Won::new(15_000).unwrap()));
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM order_slots").await, 0);
        placed(w.place(&w.order("2026-12-24", Some(2), (9, 24))).await);
    };

    the_sweep_expires_every_overdue_waiting_order_and_nothing_else => |backend: Backend| async move {
        let w = world(backend).await;
        placed(w.place(&w.order("2026-12-24", Some(0), (9, 18))).await);
        let mut fresh = w.order("2026-12-25", Some(0), (9, 18));
        fresh.expires_at = at("2026-11-26T02:00:00Z");
        placed(w.place(&fresh).await);
        assert_eq!(w.orders.expire_overdue(at("2026-11-26T01:00:00Z")).await.unwrap(), 1);
        assert_eq!(w.orders.expire_overdue(at("2026-11-26T01:00:00Z")).await.unwrap(), 0);
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM orders WHERE status = 'expired'").await, 1);
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM order_slots").await, 9);
    };

    sweeps_run_by_every_instance_at_once_expire_each_order_once => |backend: Backend| async move {
        let w = world(backend).await;
        for day in 1..=12 {
            placed(w.place(&w.order(&format!("2026-12-{day:02}"), Some(0), (9, 18))).await);
        }
        // Four instances' sweeps at the same moment, each through its own connection.
        let now = at("2026-11-26T01:00:00Z");
        let sweeps = (0..4).map(|_| w.orders.expire_overdue(now));
        let expired: u64 = futures_util::future::join_all(sweeps)
            .await
            .into_iter()
            .map(Result::unwrap)
            .sum();
        assert_eq!(expired, 12);
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM orders WHERE status = 'expired'").await, 12);
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM order_slots").await, 0);
        assert_eq!(w.orders.expire_overdue(now).await.unwrap(), 0);
        placed(w.place(&w.order("2026-12-01", Some(0), (9, 18))).await);
    };

    order_lists_filter_by_effective_status_and_time_in_two_statements => |backend: Backend| async move {
        let w = world(backend).await;
        let mut overdue = w.order("2026-11-27", Some(0), (9, 18));
        overdue.expires_at = at("2026-11-26T00:01:00Z");
        placed(w.place(&overdue).await);
        let mut waiting = w.order("2026-11-28", Some(0), (9, 18));
        waiting.expires_at = at("2026-11-27T00:00:00Z");
        placed(w.place(&waiting).await);
        let filter = |status, when| OrderFilter {
            page: Page::default(),
            guest: Some(w.guest),
            host: None,
            space: None,
            status,
            when,
            date_from: None,
            date_to: None,
            now: at("2026-11-26T03:00:00Z"),
            local_now: "2026-11-27T18:00:00".parse().unwrap(),
        };
        let (all, queries) = counted(w.orders.list(&filter(None, None))).await;
        let all = all.unwrap();
        assert_eq!(queries, 2, "{queries} statements");
        assert_eq!(all.total, 2);
        assert_eq!(all.items[0].order.time.date, date("2026-11-28"), "newest date first");
        assert_eq!(all.items[0].space.image_url.as_deref(), Some("/media/spaces/a.png"));
        let expired = w.orders.list(&filter(Some(OrderStatus::Expired), None)).await.unwrap();
        assert_eq!(expired.total, 1);
        assert_eq!(expired.items[0].order.time.date, date("2026-11-27"));
        let pending = w.orders.list(&filter(Some(OrderStatus::Pending), None)).await.unwrap();
        assert_eq!(pending.total, 1);
        // At 18:00 on the 27th the day package of the 27th (9–18) has just ended.
        let past = w.orders.list(&filter(None, Some(When::Past))).await.unwrap();
        assert_eq!(past.total, 1);
        let upcoming = w.orders.list(&filter(None, Some(When::Upcoming))).await.unwrap();
        assert_eq!(upcoming.items[0].order.time.date, date("2026-11-28"));
        let host = OrderFilter { guest: None, host: Some(w.host), ..filter(None, None) };
        assert_eq!(w.orders.list(&host).await.unwrap().total, 2);
        let other = OrderFilter { guest: None, host: Some(w.guest), ..filter(None, None) };
        assert_eq!(w.orders.list(&other).await.unwrap().total, 0);
    };

    likes_count_once_per_user_even_when_sent_at_once => |backend: Backend| async move {
        let w = world(backend).await;
        let likes = SeaOrmLikeRepository::new(w.t.db.clone());
        let now = at("2026-11-26T00:00:00Z");
        let users = SeaOrmUserRepository::new(w.t.db.clone());
        let mut ids = vec![w.guest];
        for k in 10..18 {
            let (u, _) = users.create_or_get(k, &Nickname::parse("l").unwrap(), None, Won::ZERO).await.unwrap();
            ids.push(u.id);
        }
        let calls = ids.iter().flat_map(|u| [*u, *u]).map(|u| likes.like(u, w.space, now));
        let counts = futures_util::future::join_all(calls).await;
        assert!(counts.iter().all(|c| c.as_ref().unwrap().is_some()));
        assert_eq!(w.scalar("SELECT like_count AS n FROM spaces").await, 9);
        assert_eq!(likes.unlike(w.guest, w.space).await.unwrap(), Some(8));
        assert_eq!(likes.unlike(w.guest, w.space).await.unwrap(), Some(8));
        assert_eq!(likes.like(w.guest, SpaceId(w.space.get() + 99), now).await.unwrap(), None);
        assert_eq!(w.scalar("SELECT COUNT(*) AS n FROM likes").await, 8);
    };

    reviews_keep_the_spaces_rating_in_step_once_per_order => |backend: Backend| async move {
        let w = world(backend).await;
        let reviews = SeaOrmReviewRepository::new(w.t.db.clone());
        let a = placed(w.place(&w.order("2026-12-24", Some(0), (9, 18))).await);
        let b = placed(w.place(&w.order("2026-12-25", Some(0), (9, 18))).await);
        let review = |order: OrderId, rating: i64| NewReview {
            space_id: w.space,
            author_id: w.guest,
            order_id: order,
            rating: Rating::new(rating).unwrap(),
            content: "좋았어요".into(),
            image: None,
            created_at: at("2026-12-26T00:00:00Z"),
        };
        let ReviewCreation::Created(first) = reviews.create(&review(a, 5)).await.unwrap() else {
            panic!("not created");
        };
        assert_eq!(reviews.create(&review(a, 1)).await.unwrap(), ReviewCreation::AlreadyReviewed);
        reviews.create(&review(b, 2)).await.unwrap();
        let spaces = SeaOrmSpaceRepository::new(w.t.db.clone());
        let summary = spaces.find(w.space).await.unwrap().unwrap().summary;
        assert_eq!((summary.review_count, summary.rating_avg), (2, Some(3.5)));
        let page = reviews.list(w.space, Page::default()).await.unwrap().unwrap();
        assert_eq!(page.total, 2);
        assert_eq!(page.items[0].author_nickname, "u");
        assert!(reviews.list(SpaceId(w.space.get() + 99), Page::default()).await.unwrap().is_none());
        assert_eq!(reviews.delete(first, w.host).await.unwrap(), ReviewDeletion::NotAuthor);
        assert_eq!(
            reviews.delete(first, w.guest).await.unwrap(),
            ReviewDeletion::Deleted { image_key: None }
        );
        let summary = spaces.find(w.space).await.unwrap().unwrap().summary;
        assert_eq!((summary.review_count, summary.rating_avg), (1, Some(2.0)));
        let rating_avg: f64 = {
            let row = w.t.db.query_one_raw(Statement::from_string(
                w.t.db.get_database_backend(),
                "SELECT rating_avg AS v FROM spaces".to_owned(),
            )).await.unwrap().unwrap();
            row.try_get("", "v").unwrap()
        };
        assert!((rating_avg - 2.0).abs() < 1e-9, "stored average {rating_avg}");
    };

    every_choice_of_a_guest_raises_their_taste_version_and_nothing_else_does => |backend: Backend| async move {
        let w = world(backend).await;
        let version = |user: UserId| w.scalar_owned(format!("SELECT taste_version AS n FROM users WHERE id = {}", user.get()));
        let mut expected = version(w.guest).await;
        let mut check = async |raised: bool, step: &str| {
            expected += i64::from(raised);
            assert_eq!(version(w.guest).await, expected, "{step}");
        };
        let a = placed(w.place(&w.order("2026-12-24", Some(0), (9, 18))).await);
        check(true, "placed").await;
        assert_eq!(w.place(&w.order("2026-12-24", Some(2), (9, 24))).await, Placement::SlotTaken);
        check(false, "refused for a taken hour").await;
        let pay = w.change(a, OrderStatus::Pending, OrderStatus::Confirmed);
        assert_eq!(w.orders.change_status(&pay).await.unwrap(), ChangeOutcome::Changed);
        check(false, "paid: still a choice").await;
        let b = placed(w.place(&w.order("2026-12-25", Some(0), (9, 18))).await);
        check(true, "placed").await;
        let reject = w.change(b, OrderStatus::Pending, OrderStatus::Rejected);
        assert_eq!(w.orders.change_status(&reject).await.unwrap(), ChangeOutcome::Changed);
        check(true, "refused by the host: no longer a choice").await;
        assert_eq!(w.orders.change_status(&reject).await.unwrap(), ChangeOutcome::Superseded);
        check(false, "a change that did not happen").await;
        let cancel = w.change(a, OrderStatus::Confirmed, OrderStatus::Cancelled);
        assert_eq!(w.orders.change_status(&cancel).await.unwrap(), ChangeOutcome::Changed);
        check(false, "cancelled: still a choice").await;

        let likes = SeaOrmLikeRepository::new(w.t.db.clone());
        let now = at("2026-11-26T00:00:00Z");
        likes.like(w.guest, w.space, now).await.unwrap();
        check(true, "liked").await;
        likes.like(w.guest, w.space, now).await.unwrap();
        check(false, "liked again").await;
        likes.unlike(w.guest, w.space).await.unwrap();
        check(true, "unliked").await;
        likes.unlike(w.guest, w.space).await.unwrap();
        check(false, "unliked again").await;

        let reviews = SeaOrmReviewRepository::new(w.t.db.clone());
        let review = NewReview {
            space_id: w.space,
            author_id: w.guest,
            order_id: a,
            rating: Rating::new(4).unwrap(),
            content: "좋았어요".into(),
            image: None,
            created_at: at("2026-12-26T00:00:00Z"),
        };
        let ReviewCreation::Created(id) = reviews.create(&review).await.unwrap() else {
            panic!("not created");
        };
        check(true, "reviewed").await;
        assert_eq!(reviews.create(&review).await.unwrap(), ReviewCreation::AlreadyReviewed);
        check(false, "reviewed twice").await;
        reviews.delete(id, w.guest).await.unwrap();
        check(true, "review deleted").await;
        assert_eq!(version(w.host).await, 0, "the host chose nothing");
    };
}
