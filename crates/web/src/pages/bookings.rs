//! My bookings: upcoming and past (a lapsed wait shows as expired), one booking with what
//! can be done to it — pay with points, or cancel with the refund shown first.

use super::book::refund_text;
use super::view::{Pager, hours, won};
use crate::error::WebError;
use crate::form::{Fields, path_id};
use crate::render::{Layout, page, page_with, see_other};
use crate::visit::Visit;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use ourspace_domain::order::{
    MyOrdersQuery, OrderError, OrderReading, OrderRequest, OrderStatus, When,
};
use ourspace_domain::shared::{OrderId, Page};

/// Bookings per page of the lists.
pub const PER_PAGE: u32 = 20;

/// A booking as listed and shown.
pub struct BookingRow {
    pub id: i64,
    pub space_id: i64,
    pub space: String,
    pub date: String,
    pub time: String,
    pub guests: u16,
    pub price: String,
    pub status: &'static str,
    /// The booked time has ended (the API's `is_expired`).
    pub expired: bool,
}

/// An order's status in Korean.
pub fn status_text(status: OrderStatus) -> &'static str {
    match status {
        OrderStatus::Requested => "승인 대기",
        OrderStatus::Pending => "결제 대기",
        OrderStatus::Confirmed => "예약 확정",
        OrderStatus::Cancelled => "취소됨",
        OrderStatus::Rejected => "거절됨",
        OrderStatus::Expired => "만료됨",
    }
}

impl From<&OrderReading> for BookingRow {
    fn from(r: &OrderReading) -> Self {
        let order = &r.view.order;
        let range = hours(order.time.hours.start(), order.time.hours.end());
        Self {
            id: order.id.0,
            space_id: r.view.space.id.0,
            space: r.view.space.title.clone(),
            date: order.time.date.to_string(),
            time: match &r.view.option_name {
                Some(name) => format!("{name} · {range}"),
                None => range,
            },
            guests: order.guests,
            price: won(order.price.get()),
            status: status_text(r.status),
            expired: r.is_expired,
        }
    }
}

#[derive(Template)]
#[template(path = "bookings.html")]
struct BookingsPage {
    layout: Layout,
    past: bool,
    rows: Vec<BookingRow>,
    pager: Pager,
}

#[derive(Template)]
#[template(path = "booking.html")]
struct BookingPage {
    layout: Layout,
    row: BookingRow,
    can_pay: bool,
    can_cancel: bool,
    /// "취소하면 12,000원이 환불됩니다."
    refund: String,
    policy: String,
    error: Option<String>,
}

/// `GET /me/bookings?when=past`.
pub async fn list(visit: Visit, req: HttpRequest) -> Result<HttpResponse, WebError> {
    let user = visit.user()?.id;
    let fields = Fields::parse(req.query_string().as_bytes())?;
    let past = fields.text("when") == Some("past");
    let query = MyOrdersQuery {
        page: Page::new(fields.get("page").ok().flatten(), Some(PER_PAGE)).unwrap_or_default(),
        status: None,
        when: Some(if past { When::Past } else { When::Upcoming }),
    };
    let orders = visit.state.services.orders.list_mine(user, query).await;
    let orders = orders.map_err(WebError::unexpected)?;
    let shown = BookingsPage {
        layout: Layout::of(&visit, "내 예약"),
        past,
        rows: orders.items.iter().map(BookingRow::from).collect(),
        pager: Pager::of("/me/bookings", &fields, &orders),
    };
    page(&visit, &shown)
}

async fn shown(visit: &Visit, id: OrderId, error: Option<String>) -> Result<BookingPage, WebError> {
    let user = visit.user()?.id;
    let orders = &visit.state.services.orders;
    let reading = match orders.get(user, id).await {
        Ok(reading) => reading,
        Err(OrderError::NotFound | OrderError::Forbidden(_)) => return Err(WebError::NotFound),
        Err(e) => return Err(WebError::unexpected(e)),
    };
    let order = &reading.view.order;
    let mine = order.guest_id == user;
    let live = !reading.is_expired;
    Ok(BookingPage {
        layout: Layout::of(visit, "예약 상세"),
        can_pay: mine && live && reading.status == OrderStatus::Pending,
        can_cancel: mine && live && reading.status.holds_slots(),
        refund: if reading.status == OrderStatus::Confirmed {
            format!(
                "지금 취소하면 {}이 환불됩니다.",
                won(orders.refund_on_cancel(order).get())
            )
        } else {
            "결제 전이라 취소해도 차감되는 포인트가 없습니다.".into()
        },
        policy: refund_text(order.refund_policy.unwrap_or(orders.refund_policy())),
        row: BookingRow::from(&reading),
        error,
    })
}

/// `GET /me/bookings/{id}`.
pub async fn show(visit: Visit, id: web::Path<String>) -> Result<HttpResponse, WebError> {
    let id: OrderId = path_id(&id)?;
    let booking = shown(&visit, id, None).await?;
    page(&visit, &booking)
}

/// What a refused payment or cancellation says.
fn refusal(e: OrderError) -> Result<String, WebError> {
    Ok(match e {
        OrderError::NotFound | OrderError::Forbidden(_) => return Err(WebError::NotFound),
        OrderError::InsufficientPoints => "포인트가 부족합니다.".into(),
        OrderError::AlreadyEnded => "이미 지난 예약은 취소할 수 없습니다.".into(),
        OrderError::InvalidTransition(_) | OrderError::Superseded(_) => {
            "예약 상태가 바뀌어 처리할 수 없습니다. 현재 상태를 확인해 주세요.".into()
        }
        e => return Err(WebError::unexpected(e)),
    })
}

/// `POST /me/bookings/{id}/pay` and `/cancel`.
async fn act(
    visit: Visit,
    id: &str,
    body: &[u8],
    request: OrderRequest,
) -> Result<HttpResponse, WebError> {
    let id: OrderId = path_id(id)?;
    let here = format!("/me/bookings/{}", id.0);
    let (_, user) = visit.user_form(body, &here)?;
    match visit.state.services.orders.act(user, id, request).await {
        Ok(_) => Ok(see_other(&visit, &here)),
        Err(e) => {
            let booking = shown(&visit, id, Some(refusal(e)?)).await?;
            page_with(&visit, StatusCode::CONFLICT, &booking)
        }
    }
}

/// `POST /me/bookings/{id}/pay`.
pub async fn pay(
    visit: Visit,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    act(visit, &id, &body, OrderRequest::Pay).await
}

/// `POST /me/bookings/{id}/cancel`.
pub async fn cancel(
    visit: Visit,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    act(visit, &id, &body, OrderRequest::Cancel).await
}
