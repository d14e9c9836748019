//! `GET|PATCH|DELETE /api/v1/users/me`: the signed-in user's own account.

use super::Router;
use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use ourspace_domain::user::User;
use serde::{Deserialize, Serialize};

pub fn configure(r: &mut Router) {
    r.serve(__path_me, me);
    r.serve(__path_update, update);
    r.serve(__path_delete, delete);
}

/// A user as they see themselves.
#[derive(Serialize, utoipa::ToSchema)]
pub struct UserDto {
    pub id: i64,
    pub nickname: String,
    /// Present only if Kakao shared it.
    pub email: Option<String>,
    /// Points balance, in won.
    pub points: i64,
    pub created_at: DateTime<Utc>,
}

impl From<User> for UserDto {
    fn from(u: User) -> Self {
        Self {
            id: u.id.get(),
            nickname: u.nickname.as_str().to_owned(),
            email: u.email,
            points: u.points.get(),
            created_at: u.created_at,
        }
    }
}

/// `PATCH /users/me` body: the fields to change.
#[derive(Deserialize, utoipa::ToSchema)]
pub struct UserPatch {
    /// 1–30 characters after trimming.
    pub nickname: Option<String>,
}

#[utoipa::path(
    get,
    path = "/api/v1/users/me",
    operation_id = "getMe",
    tag = "users",
    responses((status = 200, description = "The caller", body = UserDto)),
    security(("bearer" = []))
)]
pub(crate) async fn me(CurrentUser(user): CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(UserDto::from(user))
}

#[utoipa::path(
    patch,
    path = "/api/v1/users/me",
    operation_id = "updateMe",
    tag = "users",
    request_body(content = UserPatch, content_type = "application/json"),
    responses((status = 200, description = "Changed", body = UserDto), (status = 400, description = "Not a JSON body of this shape"), (status = 422, description = "An invalid nickname")),
    security(("bearer" = []))
)]
pub(crate) async fn update(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
    body: web::Json<UserPatch>,
) -> Result<HttpResponse, ApiError> {
    let user = match &body.nickname {
        Some(nickname) => state.users.rename(user.id, nickname).await?,
        None => user,
    };
    Ok(HttpResponse::Ok().json(UserDto::from(user)))
}

#[utoipa::path(
    delete,
    path = "/api/v1/users/me",
    operation_id = "deleteMe",
    tag = "users",
    responses((status = 204, description = "Deleted: personal data erased, waiting orders cancelled"), (status = 409, description = "Confirmed orders ahead, or hosted spaces")),
    security(("bearer" = []))
)]
pub(crate) async fn delete(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, ApiError> {
    state.users.delete(user.id).await?;
    Ok(HttpResponse::NoContent().finish())
}
