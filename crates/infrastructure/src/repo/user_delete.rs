//! Deleting an account: refused while it has a confirmed order to come or a live space;
//! otherwise its waiting orders are cancelled, its contact erased from its orders, its
//! likes undone and its row kept without personal data (orders and reviews refer to it).

use super::signup_grant::{self, GrantKey};
use super::user::DELETED_USER_NAME;
use super::{count, exec, postings, status_sql};
use crate::entity::users;
use chrono::{DateTime, Days, NaiveDate, Utc};
use ourspace_domain::order::OrderStatus;
use ourspace_domain::user::AccountDeletion;
use sea_orm::{ColumnTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter};

/// Why the account cannot go yet: a confirmed order still to come (or running since
/// yesterday night), or a live space of theirs.
async fn refusal(
    txn: &DatabaseTransaction,
    id: i64,
    today: NaiveDate,
) -> Result<Option<AccountDeletion>, DbErr> {
    // A night package booked for yesterday may still run this morning.
    let yesterday = today - Days::new(1);
    let confirmed = count(
        txn,
        "SELECT COUNT(*) AS n FROM orders WHERE guest_id = ? AND status = ? \
         AND (date >= ? OR (date = ? AND end_hour > 24))",
        vec![
            id.into(),
            OrderStatus::Confirmed.as_str().into(),
            today.into(),
            yesterday.into(),
        ],
    )
    .await?;
    if confirmed > 0 {
        return Ok(Some(AccountDeletion::HasActiveOrders));
    }
    let spaces = count(
        txn,
        "SELECT COUNT(*) AS n FROM spaces WHERE host_id = ? AND deleted_at IS NULL",
        vec![id.into()],
    )
    .await?;
    Ok((spaces > 0).then_some(AccountDeletion::HasSpaces))
}

/// Cancels the guest's waiting orders (freeing their hours) and erases the booker's
/// contact from every order of theirs.
async fn release_orders(
    txn: &DatabaseTransaction,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let (waiting, waiting_values) = status_sql::is_waiting("status");
    exec(
        txn,
        &format!(
            "DELETE FROM order_slots WHERE order_id IN \
             (SELECT id FROM orders WHERE guest_id = ? AND {waiting})"
        ),
        [id.into()]
            .into_iter()
            .chain(waiting_values.clone())
            .collect(),
    )
    .await?;
    let cancelled = OrderStatus::Cancelled.as_str();
    exec(
        txn,
        &format!(
            "UPDATE orders SET status = ?, cancelled_at = ?, updated_at = ? \
             WHERE guest_id = ? AND {waiting}"
        ),
        [cancelled.into(), now.into(), now.into(), id.into()]
            .into_iter()
            .chain(waiting_values)
            .collect(),
    )
    .await?;
    exec(
        txn,
        "UPDATE orders SET booker_name = ?, booker_phone = '', booker_email = '', \
         booker_purpose = NULL, booker_request = NULL WHERE guest_id = ?",
        vec![DELETED_USER_NAME.into(), id.into()],
    )
    .await?;
    Ok(())
}

/// The checks and erasures of an account deletion, inside `txn`.
/// The Kakao account's sign-up grant is remembered (accounts from before grants were
/// recorded get theirs recorded now), so signing up again grants no points.
pub(super) async fn delete_in(
    txn: &DatabaseTransaction,
    grants: &GrantKey,
    id: i64,
    today: NaiveDate,
    now: DateTime<Utc>,
) -> Result<AccountDeletion, DbErr> {
    let active = users::Entity::find_by_id(id)
        .filter(users::Column::DeletedAt.is_null())
        .one(txn)
        .await?;
    let Some(active) = active else {
        return Ok(AccountDeletion::NotFound);
    };
    if let Some(refusal) = refusal(txn, id, today).await? {
        return Ok(refusal);
    }
    release_orders(txn, id, now).await?;
    exec(
        txn,
        "UPDATE spaces SET like_count = like_count - 1 \
         WHERE id IN (SELECT space_id FROM likes WHERE user_id = ?)",
        vec![id.into()],
    )
    .await?;
    postings::follow_likes_of(txn, id).await?;
    exec(txn, "DELETE FROM likes WHERE user_id = ?", vec![id.into()]).await?;
    if let Some(kakao_id) = active.kakao_id {
        signup_grant::claim(txn, grants, kakao_id, now).await?;
    }
    exec(
        txn,
        "UPDATE users SET kakao_id = NULL, nickname = ?, email = NULL, deleted_at = ?, updated_at = ? \
         WHERE id = ?",
        vec![DELETED_USER_NAME.into(), now.into(), now.into(), id.into()],
    )
    .await?;
    Ok(AccountDeletion::Deleted)
}
