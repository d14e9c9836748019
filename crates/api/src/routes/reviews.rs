//! Reviews and likes of spaces: `GET|POST /spaces/{id}/reviews`, `DELETE /reviews/{id}`,
//! `PUT|DELETE /spaces/{id}/like` and `GET /users/me/likes`.

use super::space_dto::{PageDto, SpaceListItem};
use super::spaces::page_of;
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

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/spaces/{id}/reviews", web::get().to(list))
        .route("/spaces/{id}/reviews", web::post().to(create))
        .route("/reviews/{id}", web::delete().to(delete))
        .route("/spaces/{id}/like", web::put().to(like))
        .route("/spaces/{id}/like", web::delete().to(unlike))
        .route("/users/me/likes", web::get().to(liked));
}

/// A review as the space's page shows it.
#[derive(Serialize)]
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

#[derive(Serialize)]
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
#[derive(Serialize)]
pub struct LikeDto {
    pub space_id: i64,
    pub liked: bool,
    pub like_count: u32,
}

/// `GET /spaces/{id}/reviews?page=&per_page=`: newest first.
async fn list(
    state: web::Data<AppState>,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let page = page_of(&Params::parse(req.query_string())?)?;
    let paged = state.reviews.list(id, page).await?;
    Ok(HttpResponse::Ok().json(PageDto::<ReviewDto>::from(paged)))
}

/// `POST /spaces/{id}/reviews`: multipart with a JSON part `review` ({order_id, rating,
/// content}) and an optional part `image`.
async fn create(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
    payload: Multipart,
) -> Result<HttpResponse, ApiError> {
    let id = SpaceId(path_id(&id, "id")?);
    let mut upload = multipart::read_single(payload, "review").await?;
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
async fn delete(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    id: web::Path<String>,
) -> Result<HttpResponse, ApiError> {
    let id = ReviewId(path_id(&id, "id")?);
    state.reviews.delete(user.id, id).await?;
    Ok(HttpResponse::NoContent().finish())
}

/// `PUT /spaces/{id}/like`: idempotent.
async fn like(
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
async fn unlike(
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
async fn liked(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    req: HttpRequest,
) -> Result<HttpResponse, ApiError> {
    let page = page_of(&Params::parse(req.query_string())?)?;
    let paged = state.likes.liked(user.id, page).await?;
    Ok(HttpResponse::Ok().json(PageDto::<SpaceListItem>::from(paged)))
}
