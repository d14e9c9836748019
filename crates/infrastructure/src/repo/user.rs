//! Users, through the ORM; the sign-up bonus is recorded as a point movement.

use super::is_unique_violation;
use crate::entity::users;
use async_trait::async_trait;
use chrono::Utc;
use ourspace_domain::shared::{BoxError, UserId, Won};
use ourspace_domain::user::{Nickname, User, UserRepository};
use sea_orm::{
    ActiveModelTrait, ColumnTrait, ConnectionTrait, DatabaseConnection, DatabaseTransaction, DbErr,
    EntityTrait, QueryFilter, Set, Statement, TransactionTrait,
};

/// Reads and writes users.
#[derive(Clone)]
pub struct SeaOrmUserRepository {
    db: DatabaseConnection,
}

impl SeaOrmUserRepository {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self { db }
    }
}

fn to_user(m: users::Model) -> Result<User, BoxError> {
    Ok(User {
        id: UserId(m.id),
        kakao_id: m.kakao_id,
        nickname: Nickname::parse(&m.nickname)?,
        email: m.email,
        points: Won::new(m.points)?,
        created_at: m.created_at,
    })
}

#[async_trait]
impl UserRepository for SeaOrmUserRepository {
    async fn find(&self, id: UserId) -> Result<Option<User>, BoxError> {
        users::Entity::find_by_id(id.get())
            .one(&self.db)
            .await?
            .map(to_user)
            .transpose()
    }

    async fn find_by_kakao_id(&self, kakao_id: i64) -> Result<Option<User>, BoxError> {
        users::Entity::find()
            .filter(users::Column::KakaoId.eq(kakao_id))
            .one(&self.db)
            .await?
            .map(to_user)
            .transpose()
    }

    async fn create_or_get(
        &self,
        kakao_id: i64,
        nickname: &Nickname,
        email: Option<String>,
        signup_points: Won,
    ) -> Result<(User, bool), BoxError> {
        let now = Utc::now();
        let txn = self.db.begin().await?;
        let inserted = users::ActiveModel {
            kakao_id: Set(kakao_id),
            nickname: Set(nickname.as_str().to_owned()),
            email: Set(email),
            points: Set(signup_points.get()),
            created_at: Set(now),
            updated_at: Set(now),
            ..Default::default()
        }
        .insert(&txn)
        .await;
        match inserted {
            Ok(user) => match record_signup_bonus(&txn, &user, signup_points).await {
                Ok(()) => {
                    txn.commit().await?;
                    Ok((to_user(user)?, true))
                }
                Err(e) => {
                    let _ = txn.rollback().await;
                    Err(e.into())
                }
            },
            Err(err) if is_unique_violation(&err) => {
                txn.rollback().await?;
                let existing = self
                    .find_by_kakao_id(kakao_id)
                    .await?
                    .ok_or("user vanished after a duplicate sign-up")?;
                Ok((existing, false))
            }
            Err(err) => {
                let _ = txn.rollback().await;
                Err(err.into())
            }
        }
    }
}

/// The sign-up bonus is a point movement like any other, so balances always equal the sum
/// of their movements.
async fn record_signup_bonus(
    txn: &DatabaseTransaction,
    user: &users::Model,
    points: Won,
) -> Result<(), DbErr> {
    if points > Won::ZERO {
        txn.execute_raw(Statement::from_sql_and_values(
            txn.get_database_backend(),
            "INSERT INTO point_transactions (user_id, order_id, amount, reason, created_at) \
             VALUES (?, NULL, ?, 'signup_bonus', ?)",
            [user.id.into(), points.get().into(), user.created_at.into()],
        ))
        .await?;
    }
    Ok(())
}
