//! `GET /api/v1/categories`, `/districts`, `/facilities`.

use super::Router;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use ourspace_domain::shared::BoxError;
use serde::Serialize;

pub fn configure(r: &mut Router) {
    r.serve(__path_categories, categories);
    r.serve(__path_districts, districts);
    r.serve(__path_facilities, facilities);
}

/// A list that is not paged.
#[derive(Serialize, utoipa::ToSchema)]
pub struct Items<T> {
    pub items: Vec<T>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct CategoryDto {
    pub id: i64,
    pub code: String,
    pub name: String,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct DistrictDto {
    pub id: i64,
    pub name: String,
    pub latitude: f64,
    pub longitude: f64,
}

/// Facilities have the same shape as categories.
pub type FacilityDto = CategoryDto;

impl From<ourspace_domain::catalog::Category> for CategoryDto {
    fn from(c: ourspace_domain::catalog::Category) -> Self {
        Self {
            id: c.id.get(),
            code: c.code,
            name: c.name,
        }
    }
}

impl From<ourspace_domain::catalog::Facility> for FacilityDto {
    fn from(f: ourspace_domain::catalog::Facility) -> Self {
        Self {
            id: f.id.get(),
            code: f.code,
            name: f.name,
        }
    }
}

impl From<ourspace_domain::catalog::District> for DistrictDto {
    fn from(d: ourspace_domain::catalog::District) -> Self {
        Self {
            id: d.id.get(),
            name: d.name,
            latitude: d.center.latitude(),
            longitude: d.center.longitude(),
        }
    }
}

/// Answers `{"items": [...]}` with each entry converted to its DTO.
fn items<T, D: From<T> + Serialize>(
    result: Result<Vec<T>, BoxError>,
) -> Result<HttpResponse, ApiError> {
    let items = result.map_err(ApiError::internal)?;
    Ok(HttpResponse::Ok().json(Items {
        items: items.into_iter().map(D::from).collect::<Vec<D>>(),
    }))
}

#[utoipa::path(
    get,
    path = "/api/v1/categories",
    operation_id = "listCategories",
    tag = "catalog",
    responses((status = 200, description = "Every category", body = Items<CategoryDto>))
)]
pub(crate) async fn categories(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    items::<_, CategoryDto>(state.catalog.categories().await)
}

#[utoipa::path(
    get,
    path = "/api/v1/districts",
    operation_id = "listDistricts",
    tag = "catalog",
    responses((status = 200, description = "Every district", body = Items<DistrictDto>))
)]
pub(crate) async fn districts(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    items::<_, DistrictDto>(state.catalog.districts().await)
}

#[utoipa::path(
    get,
    path = "/api/v1/facilities",
    operation_id = "listFacilities",
    tag = "catalog",
    responses((status = 200, description = "Every facility", body = Items<CategoryDto>))
)]
pub(crate) async fn facilities(state: web::Data<AppState>) -> Result<HttpResponse, ApiError> {
    items::<_, FacilityDto>(state.catalog.facilities().await)
}
