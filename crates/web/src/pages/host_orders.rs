//! Requests for the host's spaces: waiting ones to approve or reject, and every order.

use super::bookings::{BookingRow, PER_PAGE};
use super::view::{Pager, phone};
use crate::error::WebError;
use crate::form::{Fields, path_id};
use crate::render::{Layout, page, see_other};
use crate::visit::Visit;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use ourspace_domain::order::{HostOrdersQuery, OrderError, OrderRequest, OrderStatus};
use ourspace_domain::shared::{OrderId, Page};

/// An order as the host sees it: the booking and who booked.
struct Request {
    row: BookingRow,
    booker: String,
    phone: String,
    /// Waiting for the host's answer (and not lapsed).
    open: bool,
}

#[derive(Template)]
#[template(path = "host_requests.html")]
struct Requests {
    layout: Layout,
    /// Every order, not only the waiting ones.
    all: bool,
    requests: Vec<Request>,
    pager: Pager,
}

/// `GET /host/requests?all=1`.
pub async fn list(visit: Visit, req: HttpRequest) -> Result<HttpResponse, WebError> {
    let host = visit.user()?.id;
    let fields = Fields::parse(req.query_string().as_bytes())?;
    let all = fields.text("all").is_some();
    let query = HostOrdersQuery {
        page: Page::new(fields.get("page").ok().flatten(), Some(PER_PAGE)).unwrap_or_default(),
        status: (!all).then_some(OrderStatus::Requested),
        ..HostOrdersQuery::default()
    };
    let orders = visit.state.services.orders.list_hosted(host, query).await;
    let orders = orders.map_err(WebError::unexpected)?;
    let requests = orders
        .items
        .iter()
        .map(|r| Request {
            row: BookingRow::from(r),
            booker: r.view.order.booker.name.clone(),
            phone: phone(&r.view.order.booker.phone),
            open: r.status == OrderStatus::Requested && !r.is_expired,
        })
        .collect();
    let shown = Requests {
        layout: Layout::of(&visit, "예약 요청"),
        all,
        requests,
        pager: Pager::of("/host/requests", &fields, &orders),
    };
    page(&visit, &shown)
}

async fn answer(
    visit: Visit,
    id: &str,
    body: &[u8],
    request: OrderRequest,
) -> Result<HttpResponse, WebError> {
    let id: OrderId = path_id(id)?;
    let (_, host) = visit.user_form(body, "/host/requests")?;
    match visit.state.services.orders.act(host, id, request).await {
        Ok(_) => Ok(see_other(&visit, "/host/requests")),
        Err(OrderError::NotFound | OrderError::Forbidden(_)) => Err(WebError::NotFound),
        Err(OrderError::InvalidTransition(_) | OrderError::Superseded(_)) => Err(
            WebError::BadRequest("이미 처리되었거나 만료된 요청입니다.".into()),
        ),
        Err(e) => Err(WebError::unexpected(e)),
    }
}

/// `POST /host/requests/{id}/approve`.
pub async fn approve(
    visit: Visit,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    answer(visit, &id, &body, OrderRequest::Approve).await
}

/// `POST /host/requests/{id}/reject`.
pub async fn reject(
    visit: Visit,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    answer(visit, &id, &body, OrderRequest::Reject).await
}
