//! The order service's rules against mocked ports: validation and pricing, who may do
//! what, and the points and slots that move with each status change.

use super::*;
use crate::order::ports::MockOrderRepository;
use crate::shared::clock::MockClock;
use crate::shared::{HourRange, OrderId, PriceOptionId, SpaceId, UserId, Won};
use crate::space::BookingMode;
use crate::space::fixtures::space_detail;
use crate::space::ports::MockSpaceRepository;
use chrono::{DateTime, Duration, NaiveDateTime, Utc};
use std::sync::{Arc, Mutex};

pub(super) const HOST: UserId = UserId(1);
pub(super) const GUEST: UserId = UserId(2);
const STRANGER: UserId = UserId(3);
/// Noon in Seoul on 2026-11-26.
const NOW: &str = "2026-11-26T03:00:00Z";

fn at(s: &str) -> DateTime<Utc> {
    s.parse().unwrap()
}

/// A clock at `now` (UTC), nine hours behind the business time zone.
pub(super) fn clock(now: &str) -> Arc<MockClock> {
    let now = at(now);
    let local: NaiveDateTime = now.naive_utc() + Duration::hours(9);
    let mut clock = MockClock::new();
    clock.expect_now().returning(move || now);
    clock.expect_local_now().returning(move || local);
    clock.expect_today().returning(move || local.date());
    Arc::new(clock)
}

fn spaces(mode: BookingMode) -> Arc<MockSpaceRepository> {
    let mut spaces = MockSpaceRepository::new();
    spaces
        .expect_find()
        .returning(move |id| Ok((id == SpaceId(10)).then(|| space_detail(mode))));
    Arc::new(spaces)
}

pub(super) fn input() -> OrderInput {
    OrderInput {
        space_id: Some(10),
        date: Some("2026-12-24".parse().unwrap()),
        option_id: Some(101),
        guests: Some(4),
        booker: BookerInput {
            name: "김철수".into(),
            phone: "010-1234-5678".into(),
            email: "kim@example.kr".into(),
            purpose: None,
            request: None,
        },
        ..OrderInput::default()
    }
}

fn order(status: OrderStatus, expires_at: Option<&str>) -> OrderView {
    OrderView {
        order: Order {
            id: OrderId(7),
            space_id: SpaceId(10),
            guest_id: GUEST,
            time: BookedTime {
                date: "2026-12-10".parse().unwrap(),
                option_id: Some(PriceOptionId(100)),
                hours: HourRange::new(9, 18).unwrap(),
            },
            guests: 2,
            booker: BookerContact::parse("김", "01012345678", "a@b.kr", None, None).unwrap(),
            price: Won::new(33_333).unwrap(),
            status,
            expires_at: expires_at.map(at),
            refund_policy: (status == OrderStatus::Confirmed).then(RefundPolicy::default),
            created_at: at("2026-11-26T00:00:00Z"),
        },
        space: OrderSpace {
            id: SpaceId(10),
            title: "합주실".into(),
            host_id: HOST,
            image_url: None,
        },
        option_name: Some("day".into()),
        refunded: None,
    }
}

pub(super) fn service(orders: MockOrderRepository, now: &str) -> OrderService {
    OrderService::new(
        Arc::new(orders),
        spaces(BookingMode::Instant),
        clock(now),
        OrderSettings::default(),
    )
}

/// The status changes a service asked its repository for.
type Changes = Arc<Mutex<Vec<StatusChange>>>;

/// A service at `now` whose repository holds `view` and answers `outcome` to every status
/// change, which it records.
fn holding(view: OrderView, outcome: ChangeOutcome, now: &str) -> (OrderService, Changes) {
    let changes: Changes = Arc::default();
    let log = changes.clone();
    let mut orders = MockOrderRepository::new();
    orders
        .expect_find()
        .returning(move |_| Ok(Some(view.clone())));
    orders.expect_change_status().returning(move |c| {
        log.lock().unwrap().push(c.clone());
        Ok(outcome)
    });
    (service(orders, now), changes)
}

/// `user` asks for `request` on order 7 of a service holding `status` (waiting until
/// `expires_at`) at `now`; the answer and the changes asked of the repository.
async fn acting(
    status: OrderStatus,
    expires_at: Option<&str>,
    now: &str,
    user: UserId,
    request: OrderRequest,
) -> (Result<OrderReading, OrderError>, Vec<StatusChange>) {
    let (s, changes) = holding(order(status, expires_at), ChangeOutcome::Changed, now);
    let answer = s.act(user, OrderId(7), request).await;
    let changes = changes.lock().unwrap().clone();
    (answer, changes)
}

#[tokio::test]
async fn an_instant_space_creates_a_pending_order_priced_by_its_package() {
    let placed = Arc::new(Mutex::new(None));
    let seen = placed.clone();
    let mut orders = MockOrderRepository::new();
    orders.expect_place().returning(move |o| {
        *seen.lock().unwrap() = Some(o.clone());
        Ok(Placement::Placed(OrderId(7)))
    });
    orders
        .expect_find()
        .returning(|_| Ok(Some(order(OrderStatus::Pending, None))));
    let service = service(orders, "2026-11-26T03:00:00Z");
    service.place(GUEST, &input()).await.unwrap();
    let placed = placed.lock().unwrap().clone().unwrap();
    assert_eq!(placed.status, OrderStatus::Pending);
    assert_eq!(placed.price.get(), 40_000);
    assert_eq!(placed.option_name.as_deref(), Some("night"));
    assert_eq!(placed.expires_at, at("2026-11-26T03:15:00Z"));
    assert_eq!(
        placed.limits,
        PlacementLimits {
            max_waiting: 3,
            must_afford: true
        },
        "an instant booking is paid next: it must be payable now"
    );
}

#[tokio::test]
async fn an_approval_space_creates_a_requested_order_that_waits_three_hours() {
    let mut orders = MockOrderRepository::new();
    orders
        .expect_place()
        .withf(|o| {
            o.status == OrderStatus::Requested
                && o.expires_at == at("2026-11-26T06:00:00Z")
                && !o.limits.must_afford
        })
        .returning(|_| Ok(Placement::Placed(OrderId(7))));
    orders
        .expect_find()
        .returning(|_| Ok(Some(order(OrderStatus::Requested, None))));
    let service = OrderService::new(
        Arc::new(orders),
        spaces(BookingMode::Approval),
        clock("2026-11-26T03:00:00Z"),
        OrderSettings::default(),
    );
    service.place(GUEST, &input()).await.unwrap();
}

#[tokio::test]
async fn an_hour_range_is_priced_at_the_hourly_rate() {
    let mut orders = MockOrderRepository::new();
    orders
        .expect_place()
        .withf(|o| o.price.get() == 15_000 && o.time.option_id.is_none())
        .returning(|_| Ok(Placement::Placed(OrderId(7))));
    orders
        .expect_find()
        .returning(|_| Ok(Some(order(OrderStatus::Pending, None))));
    let service = service(orders, "2026-11-26T03:00:00Z");
    let hourly = OrderInput {
        option_id: None,
        start_hour: Some(23),
        end_hour: Some(26),
        ..input()
    };
    service.place(GUEST, &hourly).await.unwrap();
    // Exactly the space's minimum (two hours) is enough.
    let mut orders = MockOrderRepository::new();
    orders
        .expect_place()
        .withf(|o| o.price.get() == 10_000 && o.time.hours.len() == 2)
        .times(1)
        .returning(|_| Ok(Placement::Placed(OrderId(9))));
    orders
        .expect_find()
        .returning(|_| Ok(Some(order(OrderStatus::Pending, None))));
    let minimum = OrderInput {
        option_id: None,
        start_hour: Some(10),
        end_hour: Some(12),
        ..input()
    };
    service_at_noon(orders)
        .place(GUEST, &minimum)
        .await
        .unwrap();
}

#[tokio::test]
async fn a_taken_hour_is_a_conflict() {
    let mut orders = MockOrderRepository::new();
    orders
        .expect_place()
        .returning(|_| Ok(Placement::SlotTaken));
    let service = service(orders, "2026-11-26T03:00:00Z");
    let err = service.place(GUEST, &input()).await.unwrap_err();
    assert!(matches!(err, OrderError::SlotTaken), "{err:?}");
}

#[tokio::test]
async fn a_guest_with_too_many_waiting_orders_or_too_few_points_is_refused() {
    for (placement, max) in [
        (Placement::TooManyWaiting, Some(3)),
        (Placement::CannotAfford, None),
    ] {
        let mut orders = MockOrderRepository::new();
        orders.expect_place().returning(move |_| Ok(placement));
        let err = service(orders, "2026-11-26T03:00:00Z")
            .place(GUEST, &input())
            .await
            .unwrap_err();
        match (err, max) {
            (OrderError::TooManyWaiting(n), Some(m)) => assert_eq!(n, m),
            (OrderError::InsufficientPoints, None) => {}
            (other, _) => panic!("{placement:?}: {other:?}"),
        }
    }
}

pub(super) async fn field_errors(guest: UserId, input: OrderInput) -> Vec<String> {
    // No expectation on `place`: a refused order must not reach storage.
    let service = service(MockOrderRepository::new(), "2026-11-26T03:00:00Z");
    match service.place(guest, &input).await.unwrap_err() {
        OrderError::Validation(e) => e.fields().iter().map(|f| f.field.clone()).collect(),
        other => panic!("expected field errors, got {other:?}"),
    }
}

#[tokio::test]
async fn every_broken_rule_is_reported_by_field_and_nothing_is_written() {
    let bad = OrderInput {
        date: Some("2026-11-25".parse().unwrap()),
        option_id: Some(999),
        guests: Some(7),
        booker: BookerInput {
            phone: "02-123-4567".into(),
            ..input().booker
        },
        ..input()
    };
    assert_eq!(
        field_errors(GUEST, bad).await,
        ["date", "option_id", "guests", "booker.phone"]
    );
    let outside = OrderInput {
        date: Some("2027-07-01".parse().unwrap()),
        ..input()
    };
    assert_eq!(field_errors(GUEST, outside).await, ["date"]);
    assert_eq!(field_errors(HOST, input()).await, ["space_id"]);
    let short = OrderInput {
        option_id: None,
        start_hour: Some(10),
        end_hour: Some(11),
        ..input()
    };
    assert_eq!(field_errors(GUEST, short).await, ["end_hour"]);
    let both = OrderInput {
        start_hour: Some(10),
        end_hour: Some(14),
        ..input()
    };
    assert_eq!(field_errors(GUEST, both).await, ["option_id"]);
    let unknown_space = OrderInput {
        space_id: Some(11),
        ..input()
    };
    assert_eq!(field_errors(GUEST, unknown_space).await, ["space_id"]);
}

#[tokio::test]
async fn a_space_id_that_cannot_be_an_id_is_missing_and_is_never_looked_up() {
    let mut spaces = MockSpaceRepository::new();
    spaces.expect_find().never();
    let service = OrderService::new(
        Arc::new(MockOrderRepository::new()),
        Arc::new(spaces),
        clock("2026-11-26T03:00:00Z"),
        OrderSettings::default(),
    );
    for id in [None, Some(0), Some(-3)] {
        let input = OrderInput {
            space_id: id,
            ..input()
        };
        let OrderError::Validation(e) = service.place(GUEST, &input).await.unwrap_err() else {
            panic!("{id:?}: expected a field error");
        };
        let fields: Vec<(&str, &str)> = e
            .fields()
            .iter()
            .map(|f| (f.field.as_str(), f.message.as_str()))
            .collect();
        assert_eq!(fields, [("space_id", "is required")], "{id:?}");
    }
}

#[tokio::test]
async fn a_time_that_has_begun_today_cannot_be_booked() {
    // 12:00 in Seoul.
    let today = OrderInput {
        date: Some("2026-11-26".parse().unwrap()),
        option_id: Some(100),
        ..input()
    };
    let service = service(MockOrderRepository::new(), "2026-11-26T03:00:00Z");
    let err = service.place(GUEST, &today).await.unwrap_err();
    assert!(matches!(err, OrderError::Validation(_)), "{err:?}");
    // Hours from 12:00, asked at 12:00 sharp, have not begun: they can still be booked.
    let mut orders = MockOrderRepository::new();
    orders
        .expect_place()
        .withf(|o| o.time.hours.start() == 12)
        .times(1)
        .returning(|_| Ok(Placement::Placed(OrderId(8))));
    orders
        .expect_find()
        .returning(|_| Ok(Some(order(OrderStatus::Pending, None))));
    let from_noon = OrderInput {
        date: Some("2026-11-26".parse().unwrap()),
        option_id: None,
        start_hour: Some(12),
        end_hour: Some(14),
        ..input()
    };
    service_at_noon(orders)
        .place(GUEST, &from_noon)
        .await
        .unwrap();
}

fn service_at_noon(orders: MockOrderRepository) -> OrderService {
    service(orders, "2026-11-26T03:00:00Z")
}

#[tokio::test]
async fn paying_charges_the_price_and_copies_the_refund_policy() {
    let waits = Some("2026-11-26T03:10:00Z");
    let (answer, changes) =
        acting(OrderStatus::Pending, waits, NOW, GUEST, OrderRequest::Pay).await;
    answer.unwrap();
    let [change] = <[StatusChange; 1]>::try_from(changes).expect("one change");
    assert_eq!(
        (change.from, change.to),
        (OrderStatus::Pending, OrderStatus::Confirmed)
    );
    assert_eq!(change.charge, Some((GUEST, Won::new(33_333).unwrap())));
    assert_eq!(change.refund_policy, Some(RefundPolicy::default()));
    assert!(!change.release_slots);
}

#[tokio::test]
async fn cancelling_a_paid_order_refunds_by_its_policy() {
    // The order is for 2026-12-10; Seoul dates at 03:00 UTC.
    for (now, refund) in [
        ("2026-12-08T03:00:00Z", 33_333),
        ("2026-12-09T03:00:00Z", 16_666),
        ("2026-12-10T00:00:00Z", 0),
    ] {
        let (answer, changes) = acting(
            OrderStatus::Confirmed,
            None,
            now,
            GUEST,
            OrderRequest::Cancel,
        )
        .await;
        answer.unwrap();
        let [change] = <[StatusChange; 1]>::try_from(changes).expect("one change");
        assert_eq!(change.to, OrderStatus::Cancelled);
        assert_eq!(
            change.refund,
            Some((GUEST, Won::new(refund).unwrap())),
            "{now}"
        );
        assert!(change.release_slots);
    }
}

#[tokio::test]
async fn the_host_cancelling_a_paid_order_rejects_it_with_a_full_refund() {
    let now = "2026-12-09T03:00:00Z";
    let (answer, changes) = acting(
        OrderStatus::Confirmed,
        None,
        now,
        HOST,
        OrderRequest::Cancel,
    )
    .await;
    answer.unwrap();
    let [change] = <[StatusChange; 1]>::try_from(changes).expect("one change");
    assert_eq!(change.to, OrderStatus::Rejected);
    assert_eq!(change.refund, Some((GUEST, Won::new(33_333).unwrap())));
}

#[tokio::test]
async fn approving_gives_the_guest_the_payment_hold() {
    let waits = Some("2026-11-26T05:00:00Z");
    let (answer, changes) = acting(
        OrderStatus::Requested,
        waits,
        NOW,
        HOST,
        OrderRequest::Approve,
    )
    .await;
    answer.unwrap();
    let [change] = <[StatusChange; 1]>::try_from(changes).expect("one change");
    assert_eq!(change.to, OrderStatus::Pending);
    assert_eq!(change.expires_at, Some(at("2026-11-26T03:15:00Z")));
}

#[tokio::test]
async fn strangers_do_not_learn_the_order_exists_and_parties_keep_to_their_roles() {
    let waits = Some("2026-11-26T05:00:00Z");
    for request in [
        OrderRequest::Approve,
        OrderRequest::Pay,
        OrderRequest::Cancel,
    ] {
        let (answer, changes) = acting(OrderStatus::Requested, waits, NOW, STRANGER, request).await;
        assert!(matches!(answer, Err(OrderError::NotFound)), "{answer:?}");
        assert!(changes.is_empty());
    }
    for (user, request, party) in [
        (GUEST, OrderRequest::Approve, "host"),
        (HOST, OrderRequest::Pay, "guest"),
    ] {
        let (answer, changes) = acting(OrderStatus::Requested, waits, NOW, user, request).await;
        assert!(
            matches!(answer, Err(OrderError::Forbidden(p)) if p == party),
            "{answer:?}"
        );
        assert!(changes.is_empty());
    }
}

#[tokio::test]
async fn an_illegal_transition_changes_nothing() {
    let waits = Some("2026-11-26T05:00:00Z");
    let (answer, changes) =
        acting(OrderStatus::Requested, waits, NOW, GUEST, OrderRequest::Pay).await;
    assert!(
        matches!(answer, Err(OrderError::InvalidTransition(_))),
        "{answer:?}"
    );
    assert!(changes.is_empty());
}

#[tokio::test]
async fn a_waiting_order_whose_time_ran_out_is_expired_and_cannot_be_paid() {
    let ran_out = Some("2026-11-26T02:59:59Z");
    let (answer, changes) =
        acting(OrderStatus::Pending, ran_out, NOW, GUEST, OrderRequest::Pay).await;
    let from_expired = InvalidTransition {
        from: OrderStatus::Expired,
        action: OrderAction::Pay,
    };
    assert!(
        matches!(answer, Err(OrderError::InvalidTransition(t)) if t == from_expired),
        "{answer:?}"
    );
    let [change] = <[StatusChange; 1]>::try_from(changes).expect("the expiry, once");
    assert_eq!(change.to, OrderStatus::Expired);
    assert!(change.release_slots);
}

#[tokio::test]
async fn losing_a_race_or_lacking_points_is_reported_as_such() {
    let view = order(OrderStatus::Pending, Some("2026-11-26T03:10:00Z"));
    let (s, _) = holding(view.clone(), ChangeOutcome::InsufficientPoints, NOW);
    let err = s
        .act(GUEST, OrderId(7), OrderRequest::Pay)
        .await
        .unwrap_err();
    assert!(matches!(err, OrderError::InsufficientPoints), "{err:?}");
    let (s, _) = holding(view, ChangeOutcome::Superseded, NOW);
    let err = s
        .act(GUEST, OrderId(7), OrderRequest::Pay)
        .await
        .unwrap_err();
    assert!(matches!(err, OrderError::Superseded(_)), "{err:?}");
}

#[tokio::test]
async fn a_booking_that_has_ended_cannot_be_cancelled_and_reads_as_expired() {
    // 18:00 in Seoul on the booked date: the day package has just ended.
    let now = "2026-12-10T09:00:00Z";
    let (s, _) = holding(
        order(OrderStatus::Confirmed, None),
        ChangeOutcome::Changed,
        now,
    );
    assert!(s.get(GUEST, OrderId(7)).await.unwrap().is_expired);
    let (answer, changes) = acting(
        OrderStatus::Confirmed,
        None,
        now,
        GUEST,
        OrderRequest::Cancel,
    )
    .await;
    assert!(
        matches!(answer, Err(OrderError::AlreadyEnded)),
        "{answer:?}"
    );
    assert!(changes.is_empty());
}

#[tokio::test]
async fn the_host_list_refuses_an_inverted_date_range() {
    let s = service(MockOrderRepository::new(), "2026-11-26T03:00:00Z");
    let query = HostOrdersQuery {
        date_from: Some("2026-12-02".parse().unwrap()),
        date_to: Some("2026-12-01".parse().unwrap()),
        ..HostOrdersQuery::default()
    };
    let err = s.list_hosted(HOST, query).await.unwrap_err();
    assert!(matches!(err, OrderError::InvalidParameter(_)), "{err:?}");
}

#[tokio::test]
async fn cancelling_an_unpaid_order_refunds_nothing_and_releases_its_hours() {
    for waiting in [OrderStatus::Pending, OrderStatus::Requested] {
        let (answer, changes) = acting(
            waiting,
            Some("2026-11-26T03:10:00Z"),
            "2026-11-26T03:00:00Z",
            GUEST,
            OrderRequest::Cancel,
        )
        .await;
        answer.unwrap();
        assert_eq!(changes.len(), 1, "{waiting:?}");
        let change = &changes[0];
        assert_eq!((change.from, change.to), (waiting, OrderStatus::Cancelled));
        assert_eq!(change.refund, None, "nothing was paid, nothing goes back");
        assert_eq!(change.charge, None);
        assert!(change.release_slots);
    }
}

#[test]
fn the_refund_shown_before_cancelling_is_the_one_cancelling_gives() {
    for (now, status, refund) in [
        ("2026-12-08T03:00:00Z", OrderStatus::Confirmed, 33_333),
        ("2026-12-09T03:00:00Z", OrderStatus::Confirmed, 16_666),
        ("2026-12-10T00:00:00Z", OrderStatus::Confirmed, 0),
        ("2026-12-08T03:00:00Z", OrderStatus::Pending, 0),
        ("2026-12-08T03:00:00Z", OrderStatus::Requested, 0),
    ] {
        let service = service(MockOrderRepository::new(), now);
        let view = order(status, None);
        assert_eq!(
            service.refund_on_cancel(&view.order),
            Won::new(refund).unwrap(),
            "{now} {status:?}"
        );
    }
    let service = service(MockOrderRepository::new(), "2026-12-08T03:00:00Z");
    assert_eq!(service.refund_policy(), RefundPolicy::default());
}

#[tokio::test]
async fn a_booking_sent_again_finds_the_order_the_first_placed_and_nothing_older_or_else() {
    use crate::order::ports::OrderFilter;
    // Order 7: the guest's, for 2026-12-10, package 100, placed 2026-11-26T00:00Z.
    let mut orders = MockOrderRepository::new();
    orders
        .expect_list()
        .withf(|f: &OrderFilter| {
            f.guest == Some(GUEST)
                && f.space == Some(SpaceId(10))
                && f.date_from == f.date_to
                && f.date_from == Some("2026-12-10".parse().unwrap())
        })
        .returning(|_| {
            Ok(crate::shared::Paged {
                items: vec![order(OrderStatus::Pending, Some("2026-11-26T00:15:00Z"))],
                page: 1,
                per_page: 20,
                total: 1,
                total_capped: false,
            })
        });
    let asked = OrderInput {
        date: Some("2026-12-10".parse().unwrap()),
        option_id: Some(100),
        ..input()
    };
    let service = service(orders, "2026-11-26T00:05:00Z");
    let again = service.placed_just_now(GUEST, &asked).await.unwrap();
    assert_eq!(again.map(|r| r.view.order.id), Some(OrderId(7)));
    // Another package of that day is another booking.
    let other = OrderInput {
        option_id: Some(101),
        ..asked.clone()
    };
    assert!(
        service
            .placed_just_now(GUEST, &other)
            .await
            .unwrap()
            .is_none()
    );
    // Without a space or a date there is nothing to look for (and nothing is read).
    let vague = OrderInput {
        date: None,
        ..asked.clone()
    };
    assert!(
        service
            .placed_just_now(GUEST, &vague)
            .await
            .unwrap()
            .is_none()
    );
}

#[tokio::test]
async fn an_order_placed_long_ago_or_no_longer_holding_its_hours_is_not_a_resent_booking() {
    for (now, status, expires) in [
        // Placed 2026-11-26T00:00Z: eleven minutes later it is not the same click.
        (
            "2026-11-26T00:11:00Z",
            OrderStatus::Pending,
            Some("2026-11-26T00:15:00Z"),
        ),
        // Its wait ran out.
        (
            "2026-11-26T00:05:00Z",
            OrderStatus::Pending,
            Some("2026-11-26T00:04:00Z"),
        ),
        ("2026-11-26T00:05:00Z", OrderStatus::Cancelled, None),
    ] {
        let mut orders = MockOrderRepository::new();
        orders.expect_list().returning(move |_| {
            Ok(crate::shared::Paged {
                items: vec![order(status, expires)],
                page: 1,
                per_page: 20,
                total: 1,
                total_capped: false,
            })
        });
        let service = service(orders, now);
        let asked = OrderInput {
            date: Some("2026-12-10".parse().unwrap()),
            option_id: Some(100),
            ..input()
        };
        let found = service.placed_just_now(GUEST, &asked).await.unwrap();
        assert!(found.is_none(), "{now} {status:?}");
    }
}
