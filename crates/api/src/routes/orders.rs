//! Orders: `POST /orders`, the guest's and the host's lists, one order, and the status
//! flow (`approve`, `reject`, `pay`, `cancel`).

use super::order_dto::{OrderDto, OrderPageDto};
use super::spaces::page_of;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::params::{Params, path_id};
use crate::state::AppState;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use ourspace_domain::order::{HostOrdersQuery, MyOrdersQuery, OrderInput, OrderRequest};
use ourspace_domain::shared::{OrderId, SpaceId};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/orders", web::post().to(place))
        .route("/orders/me", web::get().to(mine))
        .route("/orders/{id}", web::get().to(one))
        .route("/orders/{id}/approve", web::post().to(approve))
        .route("/orders/{id}/reject", web::post().to(reject))
        .route("/orders/{id}/pay", web::post().to(pay))
        .route("/orders/{id}/cancel", web::post().to(cancel))
        .route("/host/orders", web::get().to(hosted));
}

/// `POST /orders`: 201 with the order, `pending` (instant spaces) or `requested`.
async fn place(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    input: web::Json<OrderInput>,
) -> Result<HttpResponse, ApiError> {
    let order = state.orders.place(user.id, &input).await?;
    let dto = OrderDto::new(order, state.timezone);
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/api/v1/orders/{}", dto.id)))
        .json(dto))
}

/// `GET /orders/me?status=&when=upcoming|past&page=&per_page=`: newest date first.
async fn mine(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let params = Params::parse(req.query_string())?;
    let query = MyOrdersQuery {
        page: page_of(&params)?,
        status: params.get("status")?,
        when: params.get("when")?,
    };
    let paged = state.orders.list_mine(user.id, query).await?;
    Ok(HttpResponse::Ok().json(OrderPageDto::new(paged, state.timezone)))
}

/// `GET /host/orders?space_id=&status=&date_from=&date_to=&page=&per_page=`.
async fn hosted(
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
        page: page_of(&params)?,
        space,
        status: params.get("status")?,
        date_from: params.get("date_from")?,
        date_to: params.get("date_to")?,
    };
    let paged = state.orders.list_hosted(user.id, query).await?;
    Ok(HttpResponse::Ok().json(OrderPageDto::new(paged, state.timezone)))
}

/// `GET /orders/{id}`: for the guest and the space's host; 404 for anyone else.
async fn one(
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
async fn approve(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &user, &id, OrderRequest::Approve).await
}

/// `POST /orders/{id}/reject` (the host): `requested` → `rejected`.
async fn reject(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &user, &id, OrderRequest::Reject).await
}

/// `POST /orders/{id}/pay` (the guest): `pending` → `confirmed`, paid with points.
async fn pay(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &user, &id, OrderRequest::Pay).await
}

/// `POST /orders/{id}/cancel`: the guest cancels (refund by the order's policy once paid);
/// the host cancelling a paid order rejects it with a full refund.
async fn cancel(
    state: web::Data<AppState>,
    user: CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    act(&state, &user, &id, OrderRequest::Cancel).await
}
