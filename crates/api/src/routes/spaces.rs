//! `GET /api/v1/spaces` (paged list) and `GET /api/v1/spaces/{id}` (detail).

use super::Router;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::multipart;
use crate::params::{Params, path_id};
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use ourspace_domain::shared::{ImageId, SpaceId};
use ourspace_domain::space::SearchParams;
use ourspace_domain::space::service::MAX_IMAGES;
use ourspace_domain::space::{SpaceInput, SpacePatch};

pub use super::space_dto::{AvailabilityDto, PageDto, SpaceDetailDto, SpaceListItem};

pub fn configure(r: &mut Router) {
    r.serve(__path_list, list);
    r.serve(__path_register, register);
    r.serve(__path_detail, detail);
    r.serve(__path_availability, availability);
    r.serve(__path_update, update);
    r.serve(__path_delete, delete);
    r.serve(__path_add_images, add_images);
    r.serve(__path_delete_image, delete_image);
    r.serve(__path_hosted, hosted);
}

/// The search parameters from the query string, each parsed to its type (a 400 names a
/// malformed one); the domain checks how they combine.
fn search_params(params: &Params) -> Result<SearchParams, ApiError> {
    Ok(SearchParams {
        q: params.get("q")?,
        categories: params.ids("category")?,
        districts: params.ids("district")?,
        guests: params.get("guests")?,
        facilities: params.ids("facilities")?,
        min_price: params.get("min_price")?,
        max_price: params.get("max_price")?,
        date: params.get("date")?,
        start_hour: params.get("start_hour")?,
        end_hour: params.get("end_hour")?,
        lat: params.get("lat")?,
        lng: params.get("lng")?,
        radius_km: params.get("radius_km")?,
        sort: params.get("sort")?,
        page: params.get("page")?,
        per_page: params.get("per_page")?,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/spaces",
    operation_id = "listSpaces",
    tag = "spaces",
    params(("q" = Option<String>, Query, description = "Keyword over title, subtitle, description, address, category and district names"), ("category" = Option<String>, Query, description = "Comma-separated category ids"), ("district" = Option<String>, Query, description = "Comma-separated district ids"), ("guests" = Option<u16>, Query, description = "Head count the space must take"), ("facilities" = Option<String>, Query, description = "Comma-separated facility ids, all required"), ("min_price" = Option<i64>, Query, description = "On the lowest package or hourly price"), ("max_price" = Option<i64>, Query), ("date" = Option<chrono::NaiveDate>, Query, description = "Bookable that day"), ("start_hour" = Option<u8>, Query, description = "With date and end_hour: that range free"), ("end_hour" = Option<u8>, Query), ("lat" = Option<f64>, Query), ("lng" = Option<f64>, Query), ("radius_km" = Option<f64>, Query, description = "Great-circle radius around lat/lng"), ("sort" = Option<String>, Query, description = "popular (default), price_asc, price_desc, rating, newest, distance (needs lat/lng), relevance (needs q)"), crate::openapi::PageQuery),
    responses((status = 200, description = "One page of matching spaces", body = PageDto<SpaceListItem>), (status = 400, description = "A malformed or nonsensical parameter, named in errors"))
)]
pub(crate) async fn list(
    state: web::Data<AppState>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let params = search_params(&Params::parse(req.query_string())?)?;
    let paged = state.spaces.search(params).await?;
    Ok(HttpResponse::Ok().json(PageDto::<SpaceListItem>::from(paged)))
}

/// `GET /spaces/{id}/availability?date=`: free hours and, per package, whether it is free.
#[utoipa::path(
    get,
    path = "/api/v1/spaces/{id}/availability",
    operation_id = "getAvailability",
    tag = "spaces",
    params(("id" = i64, Path, minimum = 1, description = "The space id"), ("date" = chrono::NaiveDate, Query, description = "Today or later")),
    responses((status = 200, description = "Free hours and packages that day", body = AvailabilityDto), (status = 404, description = "No such space"))
)]
pub(crate) async fn availability(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let params = Params::parse(req.query_string())?;
    let date: NaiveDate = params
        .get("date")?
        .ok_or_else(|| ApiError::invalid_parameter("date", "is required (YYYY-MM-DD)"))?;
    let availability = state.spaces.availability(id, date).await?;
    Ok(HttpResponse::Ok().json(AvailabilityDto::from(availability)))
}

#[utoipa::path(
    get,
    path = "/api/v1/spaces/{id}",
    operation_id = "getSpace",
    tag = "spaces",
    params(("id" = i64, Path, minimum = 1, description = "The space id")),
    responses((status = 200, description = "The space", body = SpaceDetailDto), (status = 404, description = "No such space"))
)]
pub(crate) async fn detail(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let space = state.spaces.get(id).await?;
    Ok(HttpResponse::Ok().json(SpaceDetailDto::from(space)))
}

/// `POST /spaces`: multipart with a JSON part `space` and 1–20 parts `images`.
#[utoipa::path(
    post,
    path = "/api/v1/spaces",
    operation_id = "registerSpace",
    tag = "spaces",
    request_body(content = crate::openapi::SpaceUpload, content_type = "multipart/form-data"),
    responses((status = 201, description = "Registered", body = SpaceDetailDto), (status = 400, description = "A malformed multipart body or JSON part"), (status = 413, description = "A photo or the JSON part is too large"), (status = 415, description = "A file that is not JPEG, PNG or WebP"), (status = 422, description = "Every invalid field")),
    security(("bearer" = []))
)]
pub(crate) async fn register(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let upload = state.uploads().read(payload, "space", MAX_IMAGES).await?;
    let input: SpaceInput = multipart::json_part(&upload, "space")?;
    let space = state
        .spaces
        .register(user.id, &input, upload.images)
        .await?;
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/api/v1/spaces/{}", space.summary.id)))
        .json(SpaceDetailDto::from(space)))
}

/// `PATCH /spaces/{id}`: any field of the registration JSON; `options` replaced whole.
#[utoipa::path(
    patch,
    path = "/api/v1/spaces/{id}",
    operation_id = "updateSpace",
    tag = "spaces",
    params(("id" = i64, Path, minimum = 1, description = "The space id")),
    request_body(content = ourspace_domain::space::SpacePatch, content_type = "application/json"),
    responses((status = 200, description = "Changed", body = SpaceDetailDto), (status = 400, description = "Not a JSON body of this shape"), (status = 403, description = "Not the space's host"), (status = 404, description = "No such space"), (status = 422, description = "Every invalid field")),
    security(("bearer" = []))
)]
pub(crate) async fn update(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
    patch: web::Json<SpacePatch>,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let space = state.spaces.update(user.id, id, patch.into_inner()).await?;
    Ok(HttpResponse::Ok().json(SpaceDetailDto::from(space)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/spaces/{id}",
    operation_id = "deleteSpace",
    tag = "spaces",
    params(("id" = i64, Path, minimum = 1, description = "The space id")),
    responses((status = 204, description = "Deleted"), (status = 403, description = "Not the space's host"), (status = 404, description = "No such space"), (status = 409, description = "Confirmed or waiting orders for today or later")),
    security(("bearer" = []))
)]
pub(crate) async fn delete(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    state
        .spaces
        .delete(user.id, SpaceId(path_id(&id, "id")?))
        .await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `POST /spaces/{id}/images`: multipart parts `images`; answers the space with them.
#[utoipa::path(
    post,
    path = "/api/v1/spaces/{id}/images",
    operation_id = "addSpaceImages",
    tag = "spaces",
    params(("id" = i64, Path, minimum = 1, description = "The space id")),
    request_body(content = crate::openapi::ImagesUpload, content_type = "multipart/form-data"),
    responses((status = 200, description = "The space with its photos", body = SpaceDetailDto), (status = 400, description = "A malformed multipart body"), (status = 403, description = "Not the space's host"), (status = 404, description = "No such space"), (status = 413, description = "A photo is too large"), (status = 415, description = "A file that is not JPEG, PNG or WebP"), (status = 422, description = "More than 20 photos in all")),
    security(("bearer" = []))
)]
pub(crate) async fn add_images(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let upload = state.uploads().read(payload, "", MAX_IMAGES).await?;
    let space = state.spaces.add_images(user.id, id, upload.images).await?;
    Ok(HttpResponse::Ok().json(SpaceDetailDto::from(space)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/spaces/{id}/images/{image_id}",
    operation_id = "deleteSpaceImage",
    tag = "spaces",
    params(("id" = i64, Path, minimum = 1, description = "The space id"), ("image_id" = i64, Path, minimum = 1)),
    responses((status = 204, description = "Deleted"), (status = 403, description = "Not the space's host"), (status = 404, description = "No such space or photo"), (status = 409, description = "The space's last photo")),
    security(("bearer" = []))
)]
pub(crate) async fn delete_image(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    path: web::Path<(String, String)>,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&path.0, "id")?);
    let image = ImageId(path_id(&path.1, "image_id")?);
    state.spaces.delete_image(user.id, id, image).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `GET /host/spaces`: the caller's spaces, newest first.
#[utoipa::path(
    get,
    path = "/api/v1/host/spaces",
    operation_id = "listHostedSpaces",
    tag = "spaces",
    params(crate::openapi::PageQuery),
    responses((status = 200, description = "The caller's spaces, newest first", body = PageDto<SpaceListItem>)),
    security(("bearer" = []))
)]
pub(crate) async fn hosted(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let page = Params::parse(req.query_string())?.page()?;
    let paged = state.spaces.list_hosted(user.id, page).await?;
    Ok(HttpResponse::Ok().json(PageDto::<SpaceListItem>::from(paged)))
}
