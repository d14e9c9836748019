//! Which Kakao accounts have had the sign-up points: a keyed hash (HMAC-SHA-256 under a
//! key derived from the server's secret) of the Kakao id in `signup_grants`, written at the
//! first sign-up and kept when the account is deleted. Nothing personal is kept: without
//! the key the hash does not lead back to the Kakao id.

use chrono::{DateTime, Utc};
use ring::hmac;
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseTransaction, DbErr};

/// The key Kakao ids are hashed under.
#[derive(Clone)]
pub struct GrantKey(hmac::Key);

impl GrantKey {
    /// A key derived from `secret` (the server's JWT secret), for this purpose only.
    #[must_use]
    pub fn derive(secret: &[u8]) -> Self {
        let master = hmac::Key::new(hmac::HMAC_SHA256, secret);
        let derived = hmac::sign(&master, b"ourspace signup grants v1");
        Self(hmac::Key::new(hmac::HMAC_SHA256, derived.as_ref()))
    }

    fn hash(&self, kakao_id: i64) -> String {
        hmac::sign(&self.0, kakao_id.to_string().as_bytes())
            .as_ref()
            .iter()
            .map(|b| format!("{b:02x}"))
            .collect()
    }
}

impl std::fmt::Debug for GrantKey {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("GrantKey(..)")
    }
}

/// Records that `kakao_id` has had the sign-up points; true when this is the first time
/// (the caller then grants them). Runs in the sign-up's or the deletion's transaction.
pub(super) async fn claim(
    txn: &DatabaseTransaction,
    key: &GrantKey,
    kakao_id: i64,
    at: DateTime<Utc>,
) -> Result<bool, DbErr> {
    let backend = txn.get_database_backend();
    let hash = key.hash(kakao_id);
    let seen = Query::select()
        .column("account_hash")
        .from("signup_grants")
        .and_where(Expr::col("account_hash").eq(hash.as_str()))
        .take();
    if txn.query_one_raw(backend.build(&seen)).await?.is_some() {
        return Ok(false);
    }
    let mut record = Query::insert();
    record
        .into_table("signup_grants")
        .columns(["account_hash", "granted_at"])
        .values([hash.into(), at.into()])
        .map_err(|e| DbErr::Custom(e.to_string()))?;
    txn.execute_raw(backend.build(&record)).await?;
    Ok(true)
}

#[cfg(test)]
mod tests {
    use super::GrantKey;

    #[test]
    fn the_hash_depends_on_the_key_and_hides_the_id() {
        let a = GrantKey::derive(b"first secret");
        let b = GrantKey::derive(b"other secret");
        assert_eq!(a.hash(77), a.hash(77));
        assert_ne!(a.hash(77), a.hash(78));
        assert_ne!(a.hash(77), b.hash(77));
        assert_eq!(a.hash(77).len(), 64);
    }
}
