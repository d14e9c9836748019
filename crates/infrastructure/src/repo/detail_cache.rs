//! Spaces' details kept in memory, each with the `spaces.version` it was read at
//! (migration 20). A detail is served from here only after its row, read again, has shown
//! that its version is still the stored one, so an answer is never older than the last
//! committed write, whichever server made it; the statement for its photos, packages and
//! facilities is saved.
//!
//! Every write that changes what a detail shows raises the version in its own transaction
//! ([`raise_version`], [`raise_versions`]).

use sea_orm::sea_query::{Expr, ExprTrait, IntoCondition, Query, UpdateStatement};
use sea_orm::{ConnectionTrait, DbErr};

/// Spaces' details kept by the server (the cache is the domain's).
pub(crate) type DetailCache<T> = ourspace_domain::shared::VersionedCache<T>;

/// `SET version = version + 1`, added to an update of `spaces` that changes what the
/// spaces' details show.
pub(crate) fn raise_version(update: &mut UpdateStatement) -> &mut UpdateStatement {
    update.value("version", Expr::col("version").add(1))
}

/// Raises the version of the spaces matching `which`, inside the caller's transaction.
pub(crate) async fn raise_versions(
    db: &impl ConnectionTrait,
    which: impl IntoCondition,
) -> Result<(), DbErr> {
    let mut update = Query::update();
    update.table("spaces").cond_where(which);
    db.execute(raise_version(&mut update)).await.map(|_| ())
}
