//! Edges of the order rules that the scenarios in `tests.rs` pass by: head counts that do
//! not fit a number of guests, the expiry job's count, a one-day host range, and the answer
//! to a booking built from what was written.

use super::OrderInput;
use super::ports::MockOrderRepository;
use super::tests::{GUEST, HOST, clock, field_errors, input, service};
use crate::order::ports::Placement;
use crate::order::{HostOrdersQuery, OrderService, OrderSettings, OrderStatus};
use crate::shared::{ImageId, OrderId, SpaceId};
use crate::space::BookingMode;
use crate::space::fixtures::space_detail;
use crate::space::ports::MockSpaceRepository;
use crate::space::view::SpaceImage;
use chrono::{DateTime, Duration, Utc};
use std::sync::Arc;

#[tokio::test]
async fn a_head_count_outside_one_to_65535_is_refused_not_wrapped() {
    // 65,539 would wrap to 3 guests, which the space takes.
    for guests in [0, -1, 65_539, i64::MAX] {
        let wrong = OrderInput {
            guests: Some(guests),
            ..input()
        };
        assert_eq!(field_errors(GUEST, wrong).await, ["guests"], "{guests}");
    }
}

#[tokio::test]
async fn the_expiry_job_expires_as_of_the_clock_and_reports_the_count() {
    let now: DateTime<Utc> = "2026-11-26T03:00:00Z".parse().unwrap();
    let mut orders = MockOrderRepository::new();
    orders
        .expect_expire_overdue()
        .withf(move |at| *at == now)
        .return_once(|_| Ok(3));
    let s = service(orders, "2026-11-26T03:00:00Z");
    assert_eq!(s.expire_overdue().await.unwrap(), 3);
}

#[tokio::test]
async fn the_host_list_takes_a_one_day_range_and_asks_for_the_hosts_orders() {
    let day: chrono::NaiveDate = "2026-12-02".parse().unwrap();
    let mut orders = MockOrderRepository::new();
    orders
        .expect_list()
        .withf(move |f| {
            f.host == Some(HOST)
                && f.guest.is_none()
                && f.date_from == Some(day)
                && f.date_to == Some(day)
        })
        .returning(|f| Ok(crate::shared::Paged::new(vec![], f.page, 0)));
    let s = service(orders, "2026-11-26T03:00:00Z");
    let query = HostOrdersQuery {
        date_from: Some(day),
        date_to: Some(day),
        ..HostOrdersQuery::default()
    };
    let page = s.list_hosted(HOST, query).await.unwrap();
    assert_eq!(page.total, 0);
}

#[tokio::test]
async fn a_placed_order_is_answered_from_what_was_written_in_whole_seconds_without_a_read() {
    let mut space = space_detail(BookingMode::Instant);
    space.summary.images = ["first", "second"]
        .iter()
        .zip(1..)
        .map(|(name, id)| SpaceImage {
            id: ImageId(id),
            url: format!("/media/{name}.jpg"),
            thumbnail_url: None,
        })
        .collect();
    let mut spaces = MockSpaceRepository::new();
    spaces
        .expect_find()
        .returning(move |_| Ok(Some(space.clone())));
    let written = Arc::new(std::sync::Mutex::new(None));
    let seen = written.clone();
    let mut orders = MockOrderRepository::new();
    orders.expect_place().returning(move |o| {
        *seen.lock().unwrap() = Some(o.clone());
        Ok(Placement::Placed(OrderId(42)))
    });
    orders.expect_find().never();
    let s = OrderService::new(
        Arc::new(orders),
        Arc::new(spaces),
        clock("2026-11-26T03:00:00.987654Z"),
        OrderSettings::default(),
    );
    let answer = s.place(GUEST, &input()).await.unwrap();
    let written = written.lock().unwrap().clone().unwrap();
    let whole: DateTime<Utc> = "2026-11-26T03:00:00Z".parse().unwrap();
    assert_eq!(written.created_at, whole);
    assert_eq!(written.expires_at, whole + Duration::minutes(15));
    let order = &answer.view.order;
    assert_eq!(order.id, OrderId(42));
    assert_eq!(order.created_at, whole);
    assert_eq!(order.expires_at, Some(written.expires_at));
    assert_eq!(
        (order.guest_id, order.space_id, order.price, order.time),
        (GUEST, SpaceId(10), written.price, written.time)
    );
    assert_eq!(order.booker, written.booker);
    assert_eq!(
        (order.status, answer.status),
        (OrderStatus::Pending, OrderStatus::Pending)
    );
    assert_eq!(answer.view.option_name, written.option_name);
    assert_eq!(answer.view.space.title, "합주실");
    assert_eq!(answer.view.space.host_id, HOST);
    assert_eq!(
        answer.view.space.image_url.as_deref(),
        Some("/media/first.jpg")
    );
    assert!(answer.view.refunded.is_none() && order.refund_policy.is_none());
}
