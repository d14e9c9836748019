//! Started sign-ins in `sign_in_flows`, shared by every instance on the database. The
//! state is stored as its SHA-256 only, so the table does not hold usable states; taking a
//! flow deletes its row, and only the caller whose delete removed it receives it.

use async_trait::async_trait;
use chrono::{DateTime, Utc};
use ourspace_domain::auth::{AuthError, PendingSignIn, SignInFlows};
use ring::digest;
use ring::rand::{SecureRandom, SystemRandom};
use sea_orm::sea_query::{Expr, ExprTrait, Query};
use sea_orm::{ConnectionTrait, DatabaseConnection, DbErr};

const TABLE: &str = "sign_in_flows";

/// [`SignInFlows`] on the application database.
#[derive(Clone)]
pub struct SeaOrmSignInFlows {
    db: DatabaseConnection,
    random: SystemRandom,
}

impl SeaOrmSignInFlows {
    #[must_use]
    pub fn new(db: DatabaseConnection) -> Self {
        Self {
            db,
            random: SystemRandom::new(),
        }
    }
}

fn hex(bytes: &[u8]) -> String {
    bytes.iter().map(|b| format!("{b:02x}")).collect()
}

fn state_hash(state: &str) -> String {
    hex(digest::digest(&digest::SHA256, state.as_bytes()).as_ref())
}

fn unexpected(e: DbErr) -> AuthError {
    AuthError::Unexpected(e.into())
}

#[async_trait]
impl SignInFlows for SeaOrmSignInFlows {
    fn new_secret(&self) -> String {
        let mut bytes = [0u8; 32];
        self.random
            .fill(&mut bytes)
            .expect("the operating system's random source works");
        hex(&bytes)
    }

    async fn keep(&self, state: &str, flow: &PendingSignIn) -> Result<(), AuthError> {
        let mut insert = Query::insert();
        insert
            .into_table(TABLE)
            .columns([
                "state_hash",
                "browser",
                "pkce_verifier",
                "redirect_to",
                "expires_at",
            ])
            .values([
                state_hash(state).into(),
                flow.browser.clone().into(),
                flow.pkce_verifier.clone().into(),
                flow.redirect_to.clone().into(),
                flow.expires_at.into(),
            ])
            .map_err(|e| AuthError::Unexpected(e.into()))?;
        let backend = self.db.get_database_backend();
        self.db
            .execute_raw(backend.build(&insert))
            .await
            .map_err(unexpected)?;
        Ok(())
    }

    async fn take(&self, state: &str) -> Result<Option<PendingSignIn>, AuthError> {
        let key = state_hash(state);
        let backend = self.db.get_database_backend();
        let select = Query::select()
            .columns(["browser", "pkce_verifier", "redirect_to", "expires_at"])
            .from(TABLE)
            .and_where(Expr::col("state_hash").eq(key.as_str()))
            .take();
        let Some(row) = self
            .db
            .query_one_raw(backend.build(&select))
            .await
            .map_err(unexpected)?
        else {
            return Ok(None);
        };
        let flow = PendingSignIn {
            browser: row.try_get("", "browser").map_err(unexpected)?,
            pkce_verifier: row.try_get("", "pkce_verifier").map_err(unexpected)?,
            redirect_to: row.try_get("", "redirect_to").map_err(unexpected)?,
            expires_at: row.try_get("", "expires_at").map_err(unexpected)?,
        };
        let delete = Query::delete()
            .from_table(TABLE)
            .and_where(Expr::col("state_hash").eq(key.as_str()))
            .take();
        let deleted = self
            .db
            .execute_raw(backend.build(&delete))
            .await
            .map_err(unexpected)?;
        // Another callback with the same state deleted it first: it is that one's.
        Ok((deleted.rows_affected() == 1).then_some(flow))
    }

    async fn forget_expired(&self, now: DateTime<Utc>) -> Result<u64, AuthError> {
        let delete = Query::delete()
            .from_table(TABLE)
            .and_where(Expr::col("expires_at").lte(now))
            .take();
        let backend = self.db.get_database_backend();
        let done = self
            .db
            .execute_raw(backend.build(&delete))
            .await
            .map_err(unexpected)?;
        Ok(done.rows_affected())
    }
}
