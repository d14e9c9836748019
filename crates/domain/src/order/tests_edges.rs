//! Edges of the order rules that the scenarios in `tests.rs` pass by: head counts that do
//! not fit a number of guests, the expiry job's count and a one-day host range.

use super::OrderInput;
use super::ports::MockOrderRepository;
use super::tests::{GUEST, HOST, field_errors, input, service};
use crate::order::HostOrdersQuery;
use chrono::{DateTime, Utc};

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
