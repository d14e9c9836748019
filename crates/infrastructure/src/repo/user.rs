//! Users, through the ORM; the sign-up bonus is recorded as a point movement, and a deleted
//! account keeps its row (orders and reviews refer to it) without its personal data.

use super::detail_cache::raise_versions;
use super::points::{Movement, Reason};
use super::signup_grant::{self, GrantKey};
use super::{is_unique_violation, user_delete};
use crate::clock::SystemClock;
use crate::entity::users;
use async_trait::async_trait;
use chrono::{DateTime, NaiveDate, Utc};
use ourspace_domain::shared::{BoxError, Clock, UserId, Won};
use ourspace_domain::user::{AccountDeletion, Nickname, User, UserRepository};
use sea_orm::sea_query::{Expr, ExprTrait};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, DatabaseConnection, DatabaseTransaction, DbErr, EntityTrait,
    QueryFilter, Set, TransactionTrait,
};
use std::sync::Arc;

/// What a deleted account shows where its name appears (orders, reviews).
pub const DELETED_USER_NAME: &str = "탈퇴한 회원";

/// Reads and writes users.
#[derive(Clone)]
pub struct SeaOrmUserRepository {
    db: DatabaseConnection,
    grants: GrantKey,
    clock: Arc<dyn Clock>,
}

impl SeaOrmUserRepository {
    /// Kakao ids of sign-up grants hashed under a fixed key: for tests and the demo data;
    /// the server sets its own with [`Self::with_grant_key`].
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            grants: GrantKey::derive(b"ourspace development grants"),
            clock: SystemClock::shared_utc(),
        }
    }

    /// The same repository stamping writes with `clock`'s time (the system's by default).
    #[must_use]
    pub fn with_clock(self, clock: Arc<dyn Clock>) -> Self {
        Self { clock, ..self }
    }

    /// The same repository hashing Kakao ids under `key`.
    #[must_use]
    pub fn with_grant_key(self, key: GrantKey) -> Self {
        Self {
            grants: key,
            ..self
        }
    }

    async fn find_active(&self, filter: sea_orm::Condition) -> Result<Option<User>, BoxError> {
        users::Entity::find()
            .filter(filter.add(users::Column::DeletedAt.is_null()))
            .one(&self.db)
            .await?
            .map(to_user)
            .transpose()
    }
}

fn to_user(m: users::Model) -> Result<User, BoxError> {
    Ok(User {
        id: UserId(m.id),
        kakao_id: m.kakao_id.ok_or("an active user without a Kakao id")?,
        nickname: Nickname::from_stored(&m.nickname),
        email: m.email,
        points: Won::new(m.points)?,
        created_at: m.created_at,
        tokens_valid_after: m.tokens_valid_after,
        taste_version: m.taste_version,
    })
}

/// Grants a new user the sign-up points, unless their Kakao account had them before (under
/// an account since deleted). The bonus is a point movement like any other, so balances
/// always equal the sum of their movements.
async fn grant_once(
    txn: &DatabaseTransaction,
    grants: &GrantKey,
    mut user: users::Model,
    points: Won,
) -> Result<users::Model, DbErr> {
    let Some(kakao_id) = user.kakao_id else {
        return Ok(user);
    };
    if points == Won::ZERO || !signup_grant::claim(txn, grants, kakao_id, user.created_at).await? {
        return Ok(user);
    }
    let bonus = Movement {
        user: user.id,
        order: None,
        amount: points.get(),
        reason: Reason::SignupBonus,
        at: user.created_at,
    };
    bonus.apply(txn, &bonus.update()).await?;
    user.points += points.get();
    Ok(user)
}

/// Renames user `id` if it is not deleted; the details of its spaces show the new name.
async fn rename_in(
    txn: &DatabaseTransaction,
    id: UserId,
    nickname: &Nickname,
    now: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let updated = users::Entity::update_many()
        .col_expr(users::Column::Nickname, nickname.as_str().into())
        .col_expr(users::Column::UpdatedAt, now.into())
        .filter(users::Column::Id.eq(id.get()))
        .filter(users::Column::DeletedAt.is_null())
        .exec(txn)
        .await?;
    if updated.rows_affected > 0 {
        raise_versions(txn, Expr::col("host_id").eq(id.get())).await?;
    }
    Ok(updated.rows_affected > 0)
}

#[async_trait]
impl UserRepository for SeaOrmUserRepository {
    async fn find(&self, id: UserId) -> Result<Option<User>, BoxError> {
        self.find_active(sea_orm::Condition::all().add(users::Column::Id.eq(id.get())))
            .await
    }

    async fn find_by_kakao_id(&self, kakao_id: i64) -> Result<Option<User>, BoxError> {
        self.find_active(sea_orm::Condition::all().add(users::Column::KakaoId.eq(kakao_id)))
            .await
    }

    async fn create_or_get(
        &self,
        kakao_id: i64,
        nickname: &Nickname,
        email: Option<String>,
        signup_points: Won,
    ) -> Result<(User, bool), BoxError> {
        let now = self.clock.now();
        let txn = self.db.begin().await?;
        let inserted = users::ActiveModel {
            kakao_id: Set(Some(kakao_id)),
            nickname: Set(nickname.as_str().to_owned()),
            email: Set(email),
            points: Set(0),
            created_at: Set(now),
            updated_at: Set(now),
            deleted_at: Set(None),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        let outcome = match inserted {
            Ok(user) => grant_once(&txn, &self.grants, user, signup_points).await,
            Err(err) => Err(err),
        };
        match outcome {
            Ok(user) => {
                txn.commit().await?;
                Ok((to_user(user)?, true))
            }
            Err(err) => {
                // Roll back now rather than when the pool next sees the connection.
                let _ = txn.rollback().await;
                if !is_unique_violation(&err) {
                    return Err(err.into());
                }
                // Someone signed up with this Kakao id at the same moment: theirs stands.
                let existing = self
                    .find_by_kakao_id(kakao_id)
                    .await?
                    .ok_or("user vanished after a duplicate sign-up")?;
                Ok((existing, false))
            }
        }
    }

    async fn invalidate_tokens(&self, id: UserId, at: DateTime<Utc>) -> Result<bool, BoxError> {
        let updated = users::Entity::update_many()
            .col_expr(users::Column::TokensValidAfter, at.into())
            .filter(users::Column::Id.eq(id.get()))
            .filter(users::Column::DeletedAt.is_null())
            .exec(&self.db)
            .await?;
        Ok(updated.rows_affected > 0)
    }

    async fn rename(&self, id: UserId, nickname: &Nickname) -> Result<Option<User>, BoxError> {
        let now = self.clock.now();
        let renamed = in_transaction!(self.db, txn => rename_in(&txn, id, nickname, now).await)?;
        if !renamed {
            return Ok(None);
        }
        self.find(id).await
    }

    async fn delete_account(
        &self,
        id: UserId,
        today: NaiveDate,
    ) -> Result<AccountDeletion, BoxError> {
        let txn = self.db.begin().await?;
        match user_delete::delete_in(&txn, &self.grants, id.get(), today, self.clock.now()).await {
            Ok(AccountDeletion::Deleted) => {
                txn.commit().await?;
                crate::search::note_commit();
                Ok(AccountDeletion::Deleted)
            }
            Ok(refused) => {
                txn.rollback().await?;
                Ok(refused)
            }
            Err(e) => {
                let _ = txn.rollback().await;
                Err(e.into())
            }
        }
    }
}
