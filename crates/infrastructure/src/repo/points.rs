//! The points ledger: every change of a user's points is written beside one row of
//! `point_transactions`, so a user's points always equal the sum of their rows.

use chrono::{DateTime, Utc};
use sea_orm::sea_query::{Expr, ExprTrait, InsertStatement, Query, UpdateStatement};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};

/// Why points moved, as the ledger's `reason` column stores it.
#[derive(Debug, Clone, Copy)]
pub(super) enum Reason {
    /// The points a first sign-in grants.
    SignupBonus,
    /// An order paid with points.
    OrderPayment,
    /// What a cancelled order gave back.
    OrderRefund,
}

impl Reason {
    fn as_str(self) -> &'static str {
        match self {
            Self::SignupBonus => "signup_bonus",
            Self::OrderPayment => "order_payment",
            Self::OrderRefund => "order_refund",
        }
    }
}

/// One movement: `amount` (negative when taken) of `user`'s points, for `order` if any.
#[derive(Debug, Clone, Copy)]
pub(super) struct Movement {
    pub user: i64,
    pub order: Option<i64>,
    pub amount: i64,
    pub reason: Reason,
    pub at: DateTime<Utc>,
}

impl Movement {
    /// `UPDATE users SET points = points + amount` of the user; the caller adds conditions
    /// (enough points to take) and stamps.
    pub(super) fn update(&self) -> UpdateStatement {
        Query::update()
            .table("users")
            .value("points", Expr::col("points").add(self.amount))
            .and_where(Expr::col("id").eq(self.user))
            .take()
    }

    fn ledger_row(&self) -> Result<InsertStatement, DbErr> {
        Ok(Query::insert()
            .into_table("point_transactions")
            .columns(["user_id", "order_id", "amount", "reason", "created_at"])
            .values([
                self.user.into(),
                self.order.into(),
                self.amount.into(),
                self.reason.as_str().into(),
                self.at.into(),
            ])
            .map_err(|e| DbErr::Custom(e.to_string()))?
            .take())
    }

    /// Runs `update` (this movement's [`Movement::update`], with whatever the caller added)
    /// and, when it changed the user's row, writes the ledger row; whether it did.
    pub(super) async fn apply(
        &self,
        txn: &DatabaseTransaction,
        update: &UpdateStatement,
    ) -> Result<bool, DbErr> {
        if txn.execute(update).await?.rows_affected() == 0 {
            return Ok(false);
        }
        txn.execute(&self.ledger_row()?).await?;
        Ok(true)
    }
}
