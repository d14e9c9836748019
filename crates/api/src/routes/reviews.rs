//! Reviews and likes of spaces: `GET|POST /spaces/{id}/reviews`, `DELETE /reviews/{id}`,
//! `PUT|DELETE /spaces/{id}/like` and `GET /users/me/likes`.

use super::Router;
use super::space_dto::{PageDto, SpaceListItem};
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::multipart;
use crate::params::{Params, path_id};
use crate::state::AppState;
use actix_multipart::Multipart;
use actix_web::http::header::LOCATION;
use actix_web::{HttpRequest, HttpResponse, web};
use chrono::{DateTime, Utc};
use ourspace_domain::review::{ReviewInput, ReviewView};
use ourspace_domain::shared::{ReviewId, SpaceId};
use serde::Serialize;

pub fn configure(r: &mut Router) {
    r.serve(__path_list, list);
    r.serve(__path_create, create);
    r.serve(__path_delete, delete);
    r.serve(__path_like, like);
    r.serve(__path_unlike, unlike);
    r.serve(__path_liked, liked);
}

/// A review as the space's page shows it.
#[derive(Serialize, utoipa::ToSchema)]
pub struct ReviewDto {
    pub id: i64,
    pub space_id: i64,
    pub order_id: i64,
    pub author: AuthorDto,
    /// 1–5.
    pub rating: u8,
    pub content: String,
    pub image_url: Option<String>,
    pub created_at: DateTime<Utc>,
}

#[derive(Serialize, utoipa::ToSchema)]
pub struct AuthorDto {
    pub id: i64,
    pub nickname: String,
}

impl From<ReviewView> for ReviewDto {
    fn from(v: ReviewView) -> Self {
        let r = v.review;
        Self {
            id: r.id.get(),
            space_id: r.space_id.get(),
            order_id: r.order_id.get(),
            author: AuthorDto {
                id: r.author_id.get(),
                nickname: v.author_nickname,
            },
            rating: r.rating.get(),
            content: r.content,
            image_url: r.image_url,
            created_at: r.created_at,
        }
    }
}

/// The answer to liking or unliking.
#[derive(Serialize, utoipa::ToSchema)]
pub struct LikeDto {
    pub space_id: i64,
    pub liked: bool,
    pub like_count: u32,
}

/// `GET /spaces/{id}/reviews?page=&per_page=`: newest first.
#[utoipa::path(
    get,
    path = "/api/v1/spaces/{id}/reviews",
    operation_id = "listReviews",
    tag = "reviews",
    params(("id" = i64, Path, minimum = 1, description = "The space id"), crate::openapi::PageQuery),
    responses((status = 200, description = "The space's reviews, newest first", body = PageDto<ReviewDto>), (status = 404, description = "No such space"))
)]
pub(crate) async fn list(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let page = Params::parse(req.query_string())?.page()?;
    let paged = state.reviews.list(id, page).await?;
    Ok(HttpResponse::Ok().json(PageDto::<ReviewDto>::from(paged)))
}

/// `POST /spaces/{id}/reviews`: multipart with a JSON part `review` ({order_id, rating,
/// content}) and an optional part `image`.
#[utoipa::path(
    post,
    path = "/api/v1/spaces/{id}/reviews",
    operation_id = "createReview",
    tag = "reviews",
    params(("id" = i64, Path, minimum = 1, description = "The space id")),
    request_body(content = crate::openapi::ReviewUpload, content_type = "multipart/form-data"),
    responses((status = 201, description = "Written; the space's rating follows", body = ReviewDto), (status = 400, description = "A malformed multipart body or JSON part"), (status = 403, description = "Not the guest of a confirmed order for this space whose time has ended"), (status = 404, description = "No such space"), (status = 409, description = "The order already has its review"), (status = 413, description = "The photo is too large"), (status = 415, description = "A file that is not JPEG, PNG or WebP"), (status = 422, description = "Every invalid field")),
    security(("bearer" = []))
)]
pub(crate) async fn create(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let mut upload = state.uploads().read_single(payload, "review").await?;
    let input: ReviewInput = multipart::json_part(&upload, "review")?;
    let review = state
        .reviews
        .create(user.id, id, &input, upload.images.pop())
        .await?;
    let dto = ReviewDto::from(review);
    Ok(HttpResponse::Created()
        .insert_header((LOCATION, format!("/api/v1/spaces/{}/reviews", dto.space_id)))
        .json(dto))
}

/// `DELETE /reviews/{id}`: the author only; the photo goes too.
#[utoipa::path(
    delete,
    path = "/api/v1/reviews/{id}",
    operation_id = "deleteReview",
    tag = "reviews",
    params(("id" = i64, Path, minimum = 1, description = "The review id")),
    responses((status = 204, description = "Deleted with its photo"), (status = 403, description = "Not the author"), (status = 404, description = "No such review")),
    security(("bearer" = []))
)]
pub(crate) async fn delete(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ReviewId(path_id(&id, "id")?);
    state.reviews.delete(user.id, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `PUT /spaces/{id}/like`: idempotent.
#[utoipa::path(
    put,
    path = "/api/v1/spaces/{id}/like",
    operation_id = "likeSpace",
    tag = "reviews",
    params(("id" = i64, Path, minimum = 1, description = "The space id")),
    responses((status = 200, description = "Liked (again: no change)", body = LikeDto), (status = 404, description = "No such space")),
    security(("bearer" = []))
)]
pub(crate) async fn like(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let like_count = state.likes.like(user.id, id).await?;
    Ok(HttpResponse::Ok().json(LikeDto {
        space_id: id.get(),
        liked: true,
        like_count,
    }))
}

/// `DELETE /spaces/{id}/like`: idempotent.
#[utoipa::path(
    delete,
    path = "/api/v1/spaces/{id}/like",
    operation_id = "unlikeSpace",
    tag = "reviews",
    params(("id" = i64, Path, minimum = 1, description = "The space id")),
    responses((status = 200, description = "Not liked (any more)", body = LikeDto), (status = 404, description = "No such space")),
    security(("bearer" = []))
)]
pub(crate) async fn unlike(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let like_count = state.likes.unlike(user.id, id).await?;
    Ok(HttpResponse::Ok().json(LikeDto {
        space_id: id.get(),
        liked: false,
        like_count,
    }))
}

/// `GET /users/me/likes?page=&per_page=`: the spaces the caller likes.
#[utoipa::path(
    get,
    path = "/api/v1/users/me/likes",
    operation_id = "listLikedSpaces",
    tag = "reviews",
    params(crate::openapi::PageQuery),
    responses((status = 200, description = "Spaces the caller likes", body = PageDto<SpaceListItem>)),
    security(("bearer" = []))
)]
pub(crate) async fn liked(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let page = Params::parse(req.query_string())?.page()?;
    let paged = state.likes.liked(user.id, page).await?;
    Ok(HttpResponse::Ok().json(PageDto::<SpaceListItem>::from(paged)))
}
