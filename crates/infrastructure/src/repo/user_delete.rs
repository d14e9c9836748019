//! Deleting an account: refused while it has a confirmed order to come or a live space;
//! otherwise its waiting orders are cancelled, its contact erased from its orders, its
//! likes undone and its row kept without personal data (orders and reviews refer to it).

use super::count_all;
use super::detail_cache::raise_version;
use super::signup_grant::{self, GrantKey};
use super::user::DELETED_USER_NAME;
use super::{count, search_changes, status_sql};
use crate::entity::users;
use chrono::{DateTime, NaiveDate, Utc};
use ourspace_domain::order::OrderStatus;
use ourspace_domain::user::AccountDeletion;
use sea_orm::sea_query::{Expr, ExprTrait, Query, SelectStatement};
use sea_orm::{ColumnTrait, ConnectionTrait, DatabaseTransaction, DbErr, EntityTrait, QueryFilter};

/// `SELECT COUNT(*) AS n FROM table WHERE …`.
fn count_in(table: &'static str, condition: Expr) -> SelectStatement {
    Query::select()
        .expr_as(count_all(), "n")
        .from(table)
        .and_where(condition)
        .take()
}

/// Why the account cannot go yet: a confirmed order still to come (or running since
/// yesterday night), or a live space of theirs.
async fn refusal(
    txn: &DatabaseTransaction,
    id: i64,
    today: NaiveDate,
) -> Result<Option<AccountDeletion>, DbErr> {
    let confirmed = count_in(
        "orders",
        Expr::col("guest_id")
            .eq(id)
            .and(Expr::col("status").eq(OrderStatus::Confirmed.as_str()))
            .and(status_sql::runs_on_or_after("orders", today)),
    );
    if count(txn, &confirmed).await? > 0 {
        return Ok(Some(AccountDeletion::HasActiveOrders));
    }
    let live = Expr::col("host_id")
        .eq(id)
        .and(Expr::col("deleted_at").is_null());
    let spaces = count(txn, &count_in("spaces", live)).await?;
    Ok((spaces > 0).then_some(AccountDeletion::HasSpaces))
}

/// Cancels the guest's waiting orders (freeing their hours) and erases the booker's
/// contact from every order of theirs.
async fn release_orders(
    txn: &DatabaseTransaction,
    id: i64,
    now: DateTime<Utc>,
) -> Result<(), DbErr> {
    let of_guest = || Expr::col("guest_id").eq(id);
    let waiting = || Expr::col("status").is_in(status_sql::waiting());
    let waiting_orders = Query::select()
        .column("id")
        .from("orders")
        .and_where(of_guest())
        .and_where(waiting())
        .take();
    let free_hours = Query::delete()
        .from_table("order_slots")
        .and_where(Expr::col("order_id").in_subquery(waiting_orders))
        .take();
    txn.execute(&free_hours).await?;
    let cancel = Query::update()
        .table("orders")
        .values([
            ("status", OrderStatus::Cancelled.as_str().into()),
            ("cancelled_at", now.into()),
            ("updated_at", now.into()),
        ])
        .and_where(of_guest())
        .and_where(waiting())
        .take();
    txn.execute(&cancel).await?;
    let none: Option<String> = None;
    let erase = Query::update()
        .table("orders")
        .values([
            ("booker_name", DELETED_USER_NAME.into()),
            ("booker_phone", "".into()),
            ("booker_email", "".into()),
            ("booker_purpose", none.clone().into()),
            ("booker_request", none.into()),
        ])
        .and_where(of_guest())
        .take();
    txn.execute(&erase).await?;
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
    let liked = Query::select()
        .column("space_id")
        .from("likes")
        .and_where(Expr::col("user_id").eq(id))
        .take();
    let mut unlike = Query::update();
    unlike
        .table("spaces")
        .value("like_count", Expr::col("like_count").sub(1))
        .and_where(Expr::col("id").in_subquery(liked));
    txn.execute(raise_version(&mut unlike)).await?;
    search_changes::record_liked_by(txn, id).await?;
    let likes = Query::delete()
        .from_table("likes")
        .and_where(Expr::col("user_id").eq(id))
        .take();
    txn.execute(&likes).await?;
    if let Some(kakao_id) = active.kakao_id {
        signup_grant::claim(txn, grants, kakao_id, now).await?;
    }
    let no_kakao: Option<i64> = None;
    let no_email: Option<String> = None;
    let anonymous = Query::update()
        .table("users")
        .values([
            ("kakao_id", no_kakao.into()),
            ("nickname", DELETED_USER_NAME.into()),
            ("email", no_email.into()),
            ("deleted_at", now.into()),
            ("updated_at", now.into()),
        ])
        .and_where(Expr::col("id").eq(id))
        .take();
    txn.execute(&anonymous).await?;
    Ok(AccountDeletion::Deleted)
}
