//! `GET|PATCH|DELETE /api/v1/users/me`: the signed-in user's own account.

use crate::auth::CurrentUser;
use crate::error::ApiError;
use crate::state::AppState;
use actix_web::{HttpResponse, web};
use chrono::{DateTime, Utc};
use ourspace_domain::user::User;
use serde::{Deserialize, Serialize};

pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.route("/users/me", web::get().to(me))
        .route("/users/me", web::patch().to(update))
        .route("/users/me", web::delete().to(delete));
}

/// A user as they see themselves.
#[derive(Serialize)]
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
#[derive(Deserialize)]
pub struct UserPatch {
    /// 1–30 characters after trimming.
    pub nickname: Option<String>,
}

async fn me(CurrentUser(user): CurrentUser) -> HttpResponse {
    HttpResponse::Ok().json(UserDto::from(user))
}

async fn update(
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

async fn delete(
    state: web::Data<AppState>,
    CurrentUser(user): CurrentUser,
) -> Result<HttpResponse, ApiError> {
    state.users.delete(user.id).await?;
    Ok(HttpResponse::NoContent().finish())
}
