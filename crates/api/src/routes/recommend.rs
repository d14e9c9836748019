//! `GET /api/v1/spaces/{id}/similar` (spaces like this one) and
//! `GET /api/v1/users/me/recommendations` (spaces for the signed-in user).

use super::Router;
use super::space_dto::{PageDto, SpaceListItem};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::params::{Params, path_id};
use crate::state::AppState;
use actix_web::{HttpRequest, HttpResponse, web};
use ourspace_domain::recommend::{Guest, Reason, RecommendParams, Recommended};
use ourspace_domain::shared::SpaceId;
use serde::Serialize;

pub fn configure(r: &mut Router) {
    r.serve(__path_similar, similar);
    r.serve(__path_for_me, for_me);
}

/// A recommended space: the list item, and why, the strongest reason first.
#[derive(Serialize, utoipa::ToSchema)]
pub struct RecommendedItem {
    #[serde(flatten)]
    pub space: SpaceListItem,
    /// Codes a client may show, strongest first: `liked_by_similar_guests`,
    /// `same_category`, `same_district`, `nearby_district`, `in_your_price_band`,
    /// `fits_your_group`, `similar_price`, `similar_size`, `popular_now`.
    pub reasons: Vec<Reason>,
}

impl From<Recommended> for RecommendedItem {
    fn from(r: Recommended) -> Self {
        Self {
            space: SpaceListItem::from(r.summary),
            reasons: r.reasons,
        }
    }
}

/// The query string's parameters, each parsed to its type (a 400 names a malformed one).
fn recommend_params(req: &HttpRequest) -> Result<RecommendParams, ApiError> {
    let params = Params::parse(req.query_string())?;
    Ok(RecommendParams {
        date: params.get("date")?,
        start_hour: params.get("start_hour")?,
        end_hour: params.get("end_hour")?,
        page: params.get("page")?,
        per_page: params.get("per_page")?,
    })
}

#[utoipa::path(
    get,
    path = "/api/v1/spaces/{id}/similar",
    operation_id = "listSimilarSpaces",
    tag = "spaces",
    params(("id" = i64, Path, minimum = 1, description = "The space id"), ("date" = Option<chrono::NaiveDate>, Query, description = "Only spaces bookable that day"), ("start_hour" = Option<u8>, Query, description = "With date and end_hour: that range free"), ("end_hour" = Option<u8>, Query), ("page" = Option<u32>, Query, minimum = 1, description = "From 1 (default 1)"), ("per_page" = Option<u32>, Query, minimum = 1, maximum = 20, description = "1–20 (default 10)")),
    responses((status = 200, description = "Spaces like this one, best first: what guests who chose it also chose, then the same category nearby at a similar price and size; never the space itself", body = PageDto<RecommendedItem>), (status = 400, description = "A malformed or nonsensical parameter, named in errors"), (status = 404, description = "No such space"))
)]
pub(crate) async fn similar(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let paged = state
        .recommendations
        .similar_to(id, recommend_params(&req)?)
        .await?;
    Ok(HttpResponse::Ok().json(PageDto::<RecommendedItem>::from(paged)))
}

#[utoipa::path(
    get,
    path = "/api/v1/users/me/recommendations",
    operation_id = "listMyRecommendations",
    tag = "users",
    params(("date" = Option<chrono::NaiveDate>, Query, description = "Only spaces bookable that day"), ("start_hour" = Option<u8>, Query, description = "With date and end_hour: that range free"), ("end_hour" = Option<u8>, Query), ("page" = Option<u32>, Query, minimum = 1, description = "From 1 (default 1)"), ("per_page" = Option<u32>, Query, minimum = 1, maximum = 20, description = "1–20 (default 10)")),
    responses((status = 200, description = "Spaces for the caller, best first, from what they booked, liked and reviewed (never one they booked); with no history, what is booked most lately", body = PageDto<RecommendedItem>), (status = 400, description = "A malformed or nonsensical parameter, named in errors")),
    security(("bearer" = []))
)]
pub(crate) async fn for_me(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let paged = state
        .recommendations
        .for_user(Guest::from(&user), recommend_params(&req)?)
        .await?;
    Ok(HttpResponse::Ok().json(PageDto::<RecommendedItem>::from(paged)))
}
