//! The space calendar kept by the repositories against the one recomputed from the slots,
//! on SQLite and MariaDB: a random run books, approves, pays, cancels, rejects, expires and
//! edits packages and hours, and after every step the kept rows equal the recomputed ones
//! and a date (or hours) search finds exactly the spaces the domain's rule leaves visible.
//! The seed is printed; `CALENDAR_SEED=n` replays a run.

use chrono::{DateTime, Days, Duration, NaiveDate, Utc};
use ourspace_calendar::{Calendar, CalendarRow, calendar_from_slots};
use ourspace_domain::order::{
    BookedTime, BookerContact, NewOrder, OrderRepository, OrderStatus, Placement, PlacementLimits,
};
use ourspace_domain::shared::{HourRange, Page, SpaceId, UserId, Won};
use ourspace_domain::space::calendar::{DayHolds, HourMask, Offers};
use ourspace_domain::space::{Availability, OptionInput, SpaceInput, SpaceQuery, SpaceRepository};
use ourspace_domain::user::{Nickname, UserRepository};
use ourspace_infrastructure::clock::ManualClock;
use ourspace_infrastructure::on_both_backends;
use ourspace_infrastructure::repo::{
    SeaOrmOrderRepository, SeaOrmSpaceRepository, SeaOrmUserRepository,
};
use ourspace_infrastructure::seed::seed_catalog;
use ourspace_infrastructure::testing::{Backend, TestDatabase, search_fresh, status_change};
use sea_orm::ConnectionTrait;
use std::collections::{BTreeSet, HashMap};
use std::sync::Arc;

/// splitmix64: small, seedable and good enough to pick test steps.
struct Rng(u64);

impl Rng {
    fn next(&mut self) -> u64 {
        self.0 = self.0.wrapping_add(0x9E37_79B9_7F4A_7C15);
        let mut z = self.0;
        z = (z ^ (z >> 30)).wrapping_mul(0xBF58_476D_1CE4_E5B9);
        z = (z ^ (z >> 27)).wrapping_mul(0x94D0_49BB_1331_11EB);
        z ^ (z >> 31)
    }

    fn below(&mut self, n: u64) -> u64 {
        self.next() % n
    }
}

fn seed() -> u64 {
    std::env::var("CALENDAR_SEED")
        .ok()
        .and_then(|s| s.parse().ok())
        .unwrap_or_else(|| Utc::now().timestamp_subsec_nanos().into())
}

const FIRST_DAY: &str = "2026-12-01";
const DAYS: u64 = 4;

fn day(n: u64) -> NaiveDate {
    FIRST_DAY.parse::<NaiveDate>().unwrap() + Days::new(n)
}

/// A space's offers, picked at random: a few packages (some past midnight) and maybe an
/// hourly rate.
fn random_input(rng: &mut Rng) -> SpaceInput {
    let shapes = [
        (9, 18),
        (18, 24),
        (9, 24),
        (22, 32),
        (0, 6),
        (13, 17),
        (24, 30),
    ];
    let mut options = Vec::new();
    for (i, (start, end)) in shapes.iter().enumerate() {
        if rng.below(3) == 0 {
            let name = format!("p{i}");
            options.push(OptionInput {
                name,
                start_hour: *start,
                end_hour: *end,
                price: 10_000,
            });
        }
    }
    let hourly = options.is_empty() || rng.below(2) == 0;
    SpaceInput {
        category_id: Some(1),
        district_id: Some(1),
        title: Some("달력".into()),
        address: Some("서울".into()),
        latitude: Some(37.5),
        longitude: Some(127.0),
        min_guests: Some(1),
        max_guests: Some(10),
        booking_mode: Some("instant".into()),
        options,
        hourly_rate: hourly.then_some(10_000),
        min_hours: hourly.then(|| 1 + rng.below(4) as i64),
        ..SpaceInput::default()
    }
}

struct Run {
    t: TestDatabase,
    orders: SeaOrmOrderRepository,
    spaces: SeaOrmSpaceRepository,
    ids: Vec<SpaceId>,
    offers: HashMap<i64, Offers>,
    guest: UserId,
    /// Every order placed: id, and the status this run last moved it to.
    placed: Vec<(ourspace_domain::shared::OrderId, OrderStatus)>,
    now: DateTime<Utc>,
    rng: Rng,
    seed: u64,
}

async fn start(backend: Backend) -> Run {
    let t = TestDatabase::new(backend).await;
    seed_catalog(&t.db).await.unwrap();
    let users = SeaOrmUserRepository::new(t.db.clone());
    let nick = Nickname::parse("u").unwrap();
    let (host, _) = users
        .create_or_get(1, &nick, None, Won::ZERO)
        .await
        .unwrap();
    let (guest, _) = users
        .create_or_get(2, &nick, None, Won::ZERO)
        .await
        .unwrap();
    let seed = seed();
    println!("CALENDAR_SEED={seed}");
    let mut rng = Rng(seed);
    let spaces = SeaOrmSpaceRepository::new(t.db.clone());
    let mut ids = Vec::new();
    let mut offers = HashMap::new();
    for _ in 0..3 {
        let draft = random_input(&mut rng).parse(day(0)).unwrap();
        let id = spaces.create(host.id, &draft, &[]).await.unwrap();
        offers.insert(id.get(), draft.offers());
        ids.push(id);
    }
    Run {
        orders: SeaOrmOrderRepository::new(t.db.clone()),
        spaces,
        t,
        ids,
        offers,
        guest: guest.id,
        placed: Vec::new(),
        now: "2026-11-30T00:00:00Z".parse().unwrap(),
        rng,
        seed,
    }
}

impl Run {
    async fn place(&mut self) {
        let space = self.ids[self.rng.below(3) as usize];
        let start = self.rng.below(40) as i64;
        let end = (start + 1 + self.rng.below(8) as i64).min(48);
        let approval = self.rng.below(2) == 0;
        let order = NewOrder {
            space_id: space,
            guest_id: self.guest,
            time: BookedTime {
                date: day(self.rng.below(DAYS)),
                option_id: None,
                hours: HourRange::new(start, end).unwrap(),
            },
            option_name: None,
            guests: 2,
            booker: BookerContact::parse("김철수", "01012345678", "a@b.kr", None, None).unwrap(),
            price: Won::ZERO,
            status: if approval {
                OrderStatus::Requested
            } else {
                OrderStatus::Pending
            },
            expires_at: self.now + Duration::minutes(self.rng.below(40) as i64 - 5),
            created_at: self.now,
            limits: PlacementLimits::unlimited(),
        };
        if let Placement::Placed(id) = self.orders.place(&order).await.unwrap() {
            self.placed.push((id, order.status));
        }
    }

    /// Moves a random order this run placed along the flow (the repository refuses what
    /// no longer applies; that is part of the run).
    async fn act(&mut self) {
        if self.placed.is_empty() {
            return;
        }
        let i = self.rng.below(self.placed.len() as u64) as usize;
        let (id, from) = self.placed[i];
        use OrderStatus as S;
        let to = match (from, self.rng.below(3)) {
            (S::Requested, 0) => S::Pending,
            (S::Requested, 1) => S::Rejected,
            (S::Pending, 0 | 1) => S::Confirmed,
            (S::Requested | S::Pending | S::Confirmed, _) => S::Cancelled,
            _ => return,
        };
        let change = status_change(id, from, to, self.now);
        let outcome = self.orders.change_status(&change).await.unwrap();
        if outcome == ourspace_domain::order::ChangeOutcome::Changed {
            self.placed[i].1 = to;
        }
    }

    async fn edit(&mut self) {
        let i = self.rng.below(3) as usize;
        let draft = random_input(&mut self.rng).parse(day(0)).unwrap();
        self.spaces.update(self.ids[i], &draft).await.unwrap();
        self.offers.insert(self.ids[i].get(), draft.offers());
    }

    async fn step(&mut self) -> &'static str {
        self.now += Duration::minutes(1 + self.rng.below(4) as i64);
        match self.rng.below(10) {
            0..=3 => {
                self.place().await;
                "place"
            }
            4..=7 => {
                self.act().await;
                "act"
            }
            8 => {
                self.orders.expire_overdue(self.now).await.unwrap();
                "expire"
            }
            _ => {
                self.edit().await;
                "edit"
            }
        }
    }

    async fn kept(&self) -> Calendar {
        let db = &self.t.db;
        let stmt = sea_orm::Statement::from_string(
            db.get_database_backend(),
            "SELECT space_id, date, confirmed_hours, waiting_hours, waiting_until, \
             closed_confirmed, closed_any FROM space_calendar",
        );
        let mut kept = Calendar::new();
        for row in db.query_all_raw(stmt).await.unwrap() {
            let mask = |c: &str| HourMask::from_bits(row.try_get::<i64>("", c).unwrap() as u64);
            let holds = DayHolds {
                confirmed: mask("confirmed_hours"),
                waiting: mask("waiting_hours"),
                waiting_until: row.try_get("", "waiting_until").unwrap(),
            };
            let value = CalendarRow {
                holds,
                closed_confirmed: row.try_get("", "closed_confirmed").unwrap(),
                closed_any: row.try_get("", "closed_any").unwrap(),
            };
            kept.insert(
                (
                    row.try_get("", "space_id").unwrap(),
                    row.try_get("", "date").unwrap(),
                ),
                value,
            );
        }
        kept
    }

    /// A date search (with random hours half the time) finds exactly the spaces the
    /// recomputed calendar and the domain's rule leave visible.
    async fn check_search(&mut self, expected: &Calendar, context: &str) {
        let date = day(self.rng.below(DAYS));
        let hours = (self.rng.below(2) == 0).then(|| {
            let start = self.rng.below(40) as i64;
            HourRange::new(start, (start + 1 + self.rng.below(8) as i64).min(48)).unwrap()
        });
        let query = SpaceQuery {
            page: Page::new(Some(1), Some(100)).unwrap(),
            availability: Some(Availability {
                date,
                hours,
                now: self.now,
            }),
            ..SpaceQuery::default()
        };
        let clock = Arc::new(ManualClock::new(chrono_tz::Asia::Seoul, self.now));
        let page = search_fresh(&self.t.db, clock, &query).await;
        let found: BTreeSet<i64> = page.items.iter().map(|s| s.id.get()).collect();
        assert_eq!(
            page.total,
            found.len() as u64,
            "{context}: the total counts the page"
        );
        let visible: BTreeSet<i64> = self
            .ids
            .iter()
            .map(|id| id.get())
            .filter(|id| {
                let offers = &self.offers[id];
                match expected.get(&(*id, date)) {
                    Some(row) => !row.holds.hides(offers, hours, self.now),
                    None => offers.bookable(HourMask::EMPTY),
                }
            })
            .collect();
        assert_eq!(
            found, visible,
            "{context}: search on {date} {hours:?} at {}",
            self.now
        );
    }
}

on_both_backends! {
    the_kept_calendar_always_equals_the_one_the_slots_make => |backend: Backend| async move {
        let mut run = start(backend).await;
        for n in 0..120 {
            let what = run.step().await;
            let context = format!("seed {} step {n} ({what})", run.seed);
            let expected = calendar_from_slots(&run.t.db).await.unwrap();
            assert_eq!(run.kept().await, expected, "{context}");
            run.check_search(&expected, &context).await;
        }
        assert!(!run.placed.is_empty(), "the run placed orders");
        // A calendar gone wrong is put right by the operator's rebuild.
        let db = &run.t.db;
        db.execute_unprepared("DELETE FROM space_calendar").await.unwrap();
        db.execute_unprepared(
            "INSERT INTO space_calendar (space_id, date, confirmed_hours, waiting_hours, \
             waiting_until, closed_confirmed, closed_any) VALUES (1, '2026-12-02', 7, 0, NULL, 1, 1)",
        )
        .await
        .unwrap();
        let expected = calendar_from_slots(db).await.unwrap();
        let written = ourspace_infrastructure::repo::rebuild_calendar(db).await.unwrap();
        assert_eq!(written, expected.len());
        assert_eq!(run.kept().await, expected, "seed {}: after the rebuild", run.seed);
    };
}
