//! `GET /api/v1/spaces` (paged list) and `GET /api/v1/spaces/{id}` (detail).

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::multipart;
use crate::params::{Params, path_id};
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, NaiveDate, Utc};
use ourspace_domain::shared::{CategoryId, DistrictId, ImageId, Page, Paged, SpaceId};
use ourspace_domain::space::service::MAX_IMAGES;
use ourspace_domain::space::view::{Named, SpaceImage};
use ourspace_domain::space::{SpaceDetail, SpaceQuery, SpaceSummary};
use ourspace_domain::space::{SpaceInput, SpacePatch};
use serde::Serialize;

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/spaces", web::get().to(list))
        .route("/spaces", web::post().to(register))
        .route("/spaces/{id}", web::get().to(detail))
        .route("/spaces/{id}", web::patch().to(update))
        .route("/spaces/{id}", web::delete().to(delete))
        .route("/spaces/{id}/images", web::post().to(add_images))
        .route(
            "/spaces/{id}/images/{image_id}",
            web::delete().to(delete_image),
        )
        .route("/host/spaces", web::get().to(hosted));
}

#[derive(Serialize)]
pub struct NamedDto {
    pub id: i64,
    pub name: String,
}

impl<I: Copy + Into<i64>> From<Named<I>> for NamedDto {
    fn from(n: Named<I>) -> Self {
        Self {
            id: n.id.into(),
            name: n.name,
        }
    }
}

/// A space in a list.
#[derive(Serialize)]
pub struct SpaceListItem {
    pub id: i64,
    pub title: String,
    pub subtitle: String,
    pub address: String,
    pub category: NamedDto,
    pub district: NamedDto,
    /// The cheapest package or the hourly rate, in won.
    pub min_price: i64,
    pub min_guests: u16,
    pub max_guests: u16,
    /// Photo URLs, in order.
    pub images: Vec<String>,
    pub like_count: u32,
    pub rating_avg: Option<f64>,
    pub review_count: u32,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize)]
pub struct ImageDto {
    pub id: i64,
    pub url: String,
}

#[derive(Serialize)]
pub struct OptionDto {
    pub id: i64,
    pub name: String,
    pub start_hour: u8,
    pub end_hour: u8,
    pub price: i64,
}

/// A space with everything its page shows.
#[derive(Serialize)]
pub struct SpaceDetailDto {
    pub id: i64,
    pub title: String,
    pub subtitle: String,
    pub description: String,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
    pub category: NamedDto,
    pub district: NamedDto,
    pub min_price: i64,
    pub min_guests: u16,
    pub max_guests: u16,
    pub booking_mode: &'static str,
    pub open_from: Option<NaiveDate>,
    pub open_until: Option<NaiveDate>,
    pub hourly_rate: Option<i64>,
    pub min_hours: Option<u8>,
    pub options: Vec<OptionDto>,
    pub facilities: Vec<NamedDto>,
    pub images: Vec<ImageDto>,
    pub host: NamedDto,
    pub like_count: u32,
    pub rating_avg: Option<f64>,
    pub review_count: u32,
    pub created_at: DateTime<Utc>,
}

/// A page of a list.
#[derive(Serialize)]
pub struct PageDto<T> {
    pub items: Vec<T>,
    pub page: u32,
    pub per_page: u32,
    pub total: u64,
}

impl<T, D: From<T>> From<Paged<T>> for PageDto<D> {
    fn from(p: Paged<T>) -> Self {
        Self {
            items: p.items.into_iter().map(D::from).collect(),
            page: p.page,
            per_page: p.per_page,
            total: p.total,
        }
    }
}

impl From<SpaceSummary> for SpaceListItem {
    fn from(s: SpaceSummary) -> Self {
        Self {
            id: s.id.get(),
            title: s.title,
            subtitle: s.subtitle,
            address: s.address,
            category: s.category.into(),
            district: s.district.into(),
            min_price: s.min_price.get(),
            min_guests: s.min_guests,
            max_guests: s.max_guests,
            images: s.images.into_iter().map(|i: SpaceImage| i.url).collect(),
            like_count: s.like_count,
            rating_avg: s.rating_avg,
            review_count: s.review_count,
            created_at: s.created_at,
        }
    }
}

impl From<SpaceDetail> for SpaceDetailDto {
    fn from(d: SpaceDetail) -> Self {
        let s = d.summary;
        Self {
            id: s.id.get(),
            title: s.title,
            subtitle: s.subtitle,
            description: d.description,
            address: s.address,
            latitude: d.coordinates.latitude(),
            longitude: d.coordinates.longitude(),
            category: s.category.into(),
            district: s.district.into(),
            min_price: s.min_price.get(),
            min_guests: s.min_guests,
            max_guests: s.max_guests,
            booking_mode: d.booking_mode.as_str(),
            open_from: d.open_period.from(),
            open_until: d.open_period.until(),
            hourly_rate: d.hourly_rate.map(|r| r.price.get()),
            min_hours: d.hourly_rate.map(|r| r.min_hours),
            options: d
                .options
                .into_iter()
                .map(|o| OptionDto {
                    id: o.id.get(),
                    name: o.name,
                    start_hour: o.hours.start(),
                    end_hour: o.hours.end(),
                    price: o.price.get(),
                })
                .collect(),
            facilities: d.facilities.into_iter().map(NamedDto::from).collect(),
            images: s
                .images
                .into_iter()
                .map(|i| ImageDto {
                    id: i.id.get(),
                    url: i.url,
                })
                .collect(),
            host: NamedDto {
                id: d.host.id.get(),
                name: d.host.nickname,
            },
            like_count: s.like_count,
            rating_avg: s.rating_avg,
            review_count: s.review_count,
            created_at: s.created_at,
        }
    }
}

/// The list query from the query string.
fn space_query(params: &Params) -> Result<SpaceQuery, ApiError> {
    let page = page_of(params)?;
    Ok(SpaceQuery {
        page,
        categories: params
            .ids("category")?
            .into_iter()
            .map(CategoryId)
            .collect(),
        districts: params
            .ids("district")?
            .into_iter()
            .map(DistrictId)
            .collect(),
        host: None,
    })
}

async fn list(state: web::Data<AppState>, req: HttpRequest) -> Result<HttpResponse, ApiError> {
    let query = space_query(&Params::parse(req.query_string())?)?;
    let paged = state.spaces.list(&query).await?;
    Ok(HttpResponse::Ok().json(PageDto::<SpaceListItem>::from(paged)))
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
fn page_of(params: &Params) -> Result<Page, ApiError> {
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
