//! `GET /api/v1/spaces` (paged list) and `GET /api/v1/spaces/{id}` (detail).

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::multipart;
use crate::params::{Params, path_id};
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::NaiveDate;
use ourspace_domain::shared::{ImageId, Page, SpaceId};
use ourspace_domain::space::SearchParams;
use ourspace_domain::space::service::MAX_IMAGES;
use ourspace_domain::space::{SpaceInput, SpacePatch};

pub use super::space_dto::{AvailabilityDto, PageDto, SpaceDetailDto, SpaceListItem};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/spaces", web::get().to(list))
        .route("/spaces", web::post().to(register))
        .route("/spaces/{id}", web::get().to(detail))
        .route("/spaces/{id}/availability", web::get().to(availability))
        .route("/spaces/{id}", web::patch().to(update))
        .route("/spaces/{id}", web::delete().to(delete))
        .route("/spaces/{id}/images", web::post().to(add_images))
        .route(
            "/spaces/{id}/images/{image_id}",
            web::delete().to(delete_image),
        )
        .route("/host/spaces", web::get().to(hosted));
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

async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let params = search_params(&Params::parse(req.query_string())?)?;
    let paged = state.spaces.search(params).await?;
    Ok(HttpResponse::Ok().json(PageDto::<SpaceListItem>::from(paged)))
}

/// `GET /spaces/{id}/availability?date=`: free hours and, per package, whether it is free.
async fn availability(
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

async fn detail(
    state: web::Data<AppState>,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let space = state.spaces.get(id).await?;
    Ok(HttpResponse::Ok().json(SpaceDetailDto::from(space)))
}

/// The page of a query string (`page`, `per_page`).
pub(crate) fn page_of(params: &Params) -> Result<Page, ApiError> {
    Page::new(params.get("page")?, params.get("per_page")?)
        .map_err(|e| ApiError::invalid_parameter(e.parameter(), e.to_string()))
}

/// `POST /spaces`: multipart with a JSON part `space` and 1–20 parts `images`.
async fn register(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let upload = multipart::read(payload, "space", MAX_IMAGES).await?;
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
async fn update(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
    patch: web::Json<SpacePatch>,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let space = state.spaces.update(user.id, id, patch.into_inner()).await?;
    Ok(HttpResponse::Ok().json(SpaceDetailDto::from(space)))
}

async fn delete(
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
async fn add_images(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let upload = multipart::read(payload, "", MAX_IMAGES).await?;
    let space = state.spaces.add_images(user.id, id, upload.images).await?;
    Ok(HttpResponse::Ok().json(SpaceDetailDto::from(space)))
}

async fn delete_image(
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
async fn hosted(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let page = page_of(&Params::parse(req.query_string())?)?;
    let paged = state.spaces.list_hosted(user.id, page).await?;
    Ok(HttpResponse::Ok().json(PageDto::<SpaceListItem>::from(paged)))
}
