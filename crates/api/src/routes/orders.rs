//! Orders: `POST /orders`, the guest's and the host's lists, one order, and the status
//! flow (`approve`, `reject`, `pay`, `cancel`).

use super::Router;
use super::order_dto::{OrderDto, OrderPageDto};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::limits::{OrderRateLimiter, too_many};
use crate::metrics::Metrics;
use crate::params::{Params, path_id};
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use ourspace_domain::order::{
    HostOrdersQuery, MyOrdersQuery, OrderError, OrderInput, OrderRequest,
};
use ourspace_domain::shared::{OrderId, SpaceId};

pub fn configure(r: &mut Router) {
    r.serve(__path_place, place);
    r.serve(__path_mine, mine);
    r.serve(__path_one, one);
    r.serve(__path_approve, approve);
    r.serve(__path_reject, reject);
    r.serve(__path_pay, pay);
    r.serve(__path_cancel, cancel);
    r.serve(__path_hosted, hosted);
}

/// `POST /orders`: 201 with the order, `pending` (instant spaces) or `requested`.
#[utoipa::path(
    post,
    path = "/api/v1/orders",
    operation_id = "placeOrder",
    tag = "orders",
    request_body(content = ourspace_domain::order::OrderInput, content_type = "application/json"),
    responses((status = 201, description = "Placed: pending (instant spaces) or requested (approval spaces)", body = crate::routes::order_dto::OrderDto), (status = 400, description = "Not a JSON body of this shape"), (status = 409, description = "An hour is already taken (slot_taken), the guest has the most orders waiting allowed (too_many_waiting_orders), or an instant booking's price is more than the guest's points (insufficient_points)"), (status = 422, description = "Every invalid field"), (status = 429, description = "Too many orders placed by this user in the last minute (rate_limited, with Retry-After)")),
    security(("bearer" = []))
)]
pub(crate) async fn place(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    metrics: web::Data<Metrics>,
    limiter: web::Data<OrderRateLimiter>,
    input: web::Json<OrderInput>,
) -> Result<HttpResponse, ApiError> {
    if let Err(wait) = limiter.allow(user.id.get()).await {
        return Ok(too_many(wait, "too many orders placed in the last minute"));
    }
    let order = match state.orders.place(user.id, &input).await {
        Ok(order) => {
            metrics.order_placed();
            order
        }
        Err(e) => {
            if matches!(e, OrderError::SlotTaken) {
                metrics.slot_conflict();
            }
            return Err(e.into());
        }
    };
    let dto = OrderDto::new(order, state.timezone);
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/api/v1/orders/{}", dto.id)))
        .json(dto))
}

/// `GET /orders/me?status=&when=upcoming|past&page=&per_page=`: newest date first.
#[utoipa::path(
    get,
    path = "/api/v1/orders/me",
    operation_id = "listMyOrders",
    tag = "orders",
    params(("status" = Option<String>, Query, description = "requested, pending, confirmed, cancelled, rejected or expired"), ("when" = Option<String>, Query, description = "upcoming or past"), crate::openapi::PageQuery),
    responses((status = 200, description = "The caller's orders, newest date first", body = crate::routes::order_dto::OrderPageDto)),
    security(("bearer" = []))
)]
pub(crate) async fn mine(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string())?;
    let query = MyOrdersQuery {
        page: params.page()?,
        status: params.get("status")?,
        when: params.get("when")?,
    };
    let paged = state.orders.list_mine(user.id, query).await?;
    Ok(HttpResponse::Ok().json(OrderPageDto::new(paged, state.timezone)))
}

/// `GET /host/orders?space_id=&status=&date_from=&date_to=&page=&per_page=`.
#[utoipa::path(
    get,
    path = "/api/v1/host/orders",
    operation_id = "listHostedOrders",
    tag = "orders",
    params(("space_id" = Option<i64>, Query, minimum = 1), ("status" = Option<String>, Query), ("date_from" = Option<chrono::NaiveDate>, Query), ("date_to" = Option<chrono::NaiveDate>, Query), crate::openapi::PageQuery),
    responses((status = 200, description = "Orders for the caller's spaces, newest date first", body = crate::routes::order_dto::OrderPageDto)),
    security(("bearer" = []))
)]
pub(crate) async fn hosted(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string())?;
    let space = match params.get::<String>("space_id")? {
        Some(raw) => Some(SpaceId(path_id(&raw, "space_id")?)),
        None => None,
    };
    let query = HostOrdersQuery {
        page: params.page()?,
        space,
        status: params.get("status")?,
        date_from: params.get("date_from")?,
        date_to: params.get("date_to")?,
    };
    let paged = state.orders.list_hosted(user.id, query).await?;
    Ok(HttpResponse::Ok().json(OrderPageDto::new(paged, state.timezone)))
}

/// `GET /orders/{id}`: for the guest and the space's host; 404 for anyone else.
#[utoipa::path(
    get,
    path = "/api/v1/orders/{id}",
    operation_id = "getOrder",
    tag = "orders",
    params(("id" = i64, Path, minimum = 1, description = "The order id")),
    responses((status = 200, description = "The order", body = crate::routes::order_dto::OrderDto), (status = 404, description = "No such order, or not the caller's")),
    security(("bearer" = []))
)]
pub(crate) async fn one(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = OrderId(path_id(&id, "id")?);
    let order = state.orders.get(user.id, id).await?;
    Ok(HttpResponse::Ok().json(OrderDto::new(order, state.timezone)))
}

async fn act(
    state: &AppState,
    user: &CurrentUser,
    id: &str,
    request: OrderRequest,
) -> Result<HttpResponse, ApiError> {
    let id = OrderId(path_id(id, "id")?);
    let order = state.orders.act(user.0.id, id, request).await?;
    Ok(HttpResponse::Ok().json(OrderDto::new(order, state.timezone)))
}

/// `POST /orders/{id}/approve` (the host): `requested` → `pending`.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/approve",
    operation_id = "approveOrder",
    tag = "orders",
    params(("id" = i64, Path, minimum = 1, description = "The order id")),
    responses((status = 200, description = "Now pending", body = crate::routes::order_dto::OrderDto), (status = 403, description = "Only the host approves"), (status = 404, description = "No such order, or not the caller's"), (status = 409, description = "Not allowed from its status (invalid_transition)")),
    security(("bearer" = []))
)]
pub(crate) async fn approve(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &user, &id, OrderRequest::Approve).await
}

/// `POST /orders/{id}/reject` (the host): `requested` → `rejected`.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/reject",
    operation_id = "rejectOrder",
    tag = "orders",
    params(("id" = i64, Path, minimum = 1, description = "The order id")),
    responses((status = 200, description = "Now rejected", body = crate::routes::order_dto::OrderDto), (status = 403, description = "Only the host rejects"), (status = 404, description = "No such order, or not the caller's"), (status = 409, description = "Not allowed from its status (invalid_transition)")),
    security(("bearer" = []))
)]
pub(crate) async fn reject(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &user, &id, OrderRequest::Reject).await
}

/// `POST /orders/{id}/pay` (the guest): `pending` → `confirmed`, paid with points.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/pay",
    operation_id = "payOrder",
    tag = "orders",
    params(("id" = i64, Path, minimum = 1, description = "The order id")),
    responses((status = 200, description = "Now confirmed; the price left the guest's points", body = crate::routes::order_dto::OrderDto), (status = 403, description = "Only the guest pays"), (status = 404, description = "No such order, or not the caller's"), (status = 409, description = "Not allowed from its status, or not enough points (insufficient_points)")),
    security(("bearer" = []))
)]
pub(crate) async fn pay(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &user, &id, OrderRequest::Pay).await
}

/// `POST /orders/{id}/cancel`: the guest cancels (refund by the order's policy once paid);
/// the host cancelling a paid order rejects it with a full refund.
#[utoipa::path(
    post,
    path = "/api/v1/orders/{id}/cancel",
    operation_id = "cancelOrder",
    tag = "orders",
    params(("id" = i64, Path, minimum = 1, description = "The order id")),
    responses((status = 200, description = "Cancelled (guest) or rejected (host, paid order), with any refund", body = crate::routes::order_dto::OrderDto), (status = 404, description = "No such order, or not the caller's"), (status = 409, description = "Not allowed from its status, or the booked time has ended")),
    security(("bearer" = []))
)]
pub(crate) async fn cancel(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &user, &id, OrderRequest::Cancel).await
}
