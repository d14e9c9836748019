//! Using `ourspace-domain` from another service: wire the order service to your own
//! adapters (here, in memory) and place, pay and cancel a booking.
//!
//! Run it with `cargo run -p ourspace-domain --example book_with_points`. The adapters
//! below are the smallest that keep the port's promises (a held hour is never sold twice,
//! points never go below zero, a change applies only to the status it expects); a real
//! service puts a database behind the same traits.

mod orders;
mod space;

use orders::InMemoryOrders;
use ourspace_domain::order::{
    BookerInput, OrderError, OrderInput, OrderRequest, OrderService, OrderSettings, OrderStatus,
};
use ourspace_domain::shared::UserId;
use space::{FixedClock, OneSpace};
use std::sync::Arc;

const HOST: UserId = UserId(1);
const GUEST: UserId = UserId(7);
const RIVAL: UserId = UserId(8);

fn booking(start_hour: i64, end_hour: i64) -> OrderInput {
    OrderInput {
        space_id: Some(OneSpace::ID.0),
        date: "2027-03-10".parse().ok(),
        start_hour: Some(start_hour),
        end_hour: Some(end_hour),
        guests: Some(4),
        booker: BookerInput {
            name: "김게스트".into(),
            phone: "010-1234-5678".into(),
            email: "guest@example.com".into(),
            ..BookerInput::default()
        },
        ..OrderInput::default()
    }
}

#[tokio::main(flavor = "current_thread")]
async fn main() -> Result<(), OrderError> {
    let space = OneSpace::hosted_by(HOST);
    let points = [(GUEST, 50_000), (RIVAL, 50_000)];
    let orders = Arc::new(InMemoryOrders::new(space.as_order_space(), &points));
    // The clock says 2027-03-01 noon in Seoul: the booked date is nine days ahead.
    let clock = Arc::new(FixedClock::at("2027-03-01T03:00:00Z"));
    let service = OrderService::new(
        orders.clone(),
        Arc::new(space),
        clock,
        OrderSettings::default(),
    );

    // An instant space: the order waits for payment.
    let placed = service.place(GUEST, &booking(18, 21)).await?;
    assert_eq!(placed.status, OrderStatus::Pending);
    let id = placed.view.order.id;
    println!(
        "placed order {id}: 18–21h for {} won",
        placed.view.order.price.get()
    );

    // Someone else asks for an overlapping hour: nothing is written.
    let taken = service.place(RIVAL, &booking(20, 22)).await;
    assert!(matches!(taken, Err(OrderError::SlotTaken)));
    println!("a rival's 20–22h: {}", taken.unwrap_err());

    let paid = service.act(GUEST, id, OrderRequest::Pay).await?;
    assert_eq!(paid.status, OrderStatus::Confirmed);
    println!("paid: {} points left", orders.points(GUEST));

    // Nine days before the date: the default policy gives everything back.
    let cancelled = service.act(GUEST, id, OrderRequest::Cancel).await?;
    assert_eq!(cancelled.status, OrderStatus::Cancelled);
    assert_eq!(orders.points(GUEST), 50_000);
    println!(
        "cancelled: {} won refunded, {} points left",
        cancelled.view.refunded.map_or(0, |w| w.get()),
        orders.points(GUEST)
    );

    // The hours are free again.
    let rival = service.place(RIVAL, &booking(20, 22)).await?;
    println!("the rival's 20–22h is now {:?}", rival.status);
    Ok(())
}
