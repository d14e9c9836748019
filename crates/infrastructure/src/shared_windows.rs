//! Rate-limit windows every instance counts in together, kept in Redis: a key's window
//! starts with its first request and lasts `window`; each request adds one, atomically (a
//! Lua script: `INCR`, and `PEXPIRE` on the first), so instances behind a load balancer
//! share one count per client instead of each allowing the limit.
//!
//! Redis is a helper here, never a dependency of answering: connecting and every call are
//! bounded by a short timeout, a failure is returned at once (the caller falls back to
//! counting on its own instance), and after a failed connection no new attempt is made for
//! [`RECONNECT_AFTER`], so a Redis that is away costs a request nothing.

use ourspace_domain::shared::BoxError;
use redis::aio::{ConnectionManager, ConnectionManagerConfig};
use redis::{Client, Script};
use std::sync::Mutex;
use std::time::{Duration, Instant};
use tokio::sync::OnceCell;

/// How long a connection attempt or a call may take.
pub const CALL_TIMEOUT: Duration = Duration::from_millis(250);
/// How long after a failed connection attempt the next one is made.
pub const RECONNECT_AFTER: Duration = Duration::from_secs(5);

/// Adds one to `KEYS[1]`, starting its window of `ARGV[1]` ms on the first; answers the
/// count and the window's milliseconds left.
const HIT: &str = r"
local n = redis.call('INCR', KEYS[1])
local left = redis.call('PTTL', KEYS[1])
if left < 0 then
  redis.call('PEXPIRE', KEYS[1], ARGV[1])
  left = tonumber(ARGV[1])
end
return {n, left}
";

/// The error of a call made while a failed connection is being waited out
/// ([`RECONNECT_AFTER`]): already reported once, so callers need not report it again.
#[derive(Debug, thiserror::Error)]
#[error("Redis was unreachable moments ago")]
pub struct Resting;

/// Windows of counted requests in one Redis, under one key prefix.
pub struct SharedWindows {
    client: Client,
    prefix: String,
    script: Script,
    connection: OnceCell<ConnectionManager>,
    failed_at: Mutex<Option<Instant>>,
}

impl SharedWindows {
    /// Windows in the Redis at `url` (`redis://host:port/db`), their keys starting with
    /// `prefix`. Does not connect yet.
    ///
    /// # Errors
    /// `url` is not a Redis URL.
    pub fn new(url: &str, prefix: &str) -> Result<Self, BoxError> {
        Ok(Self {
            client: Client::open(url)?,
            prefix: prefix.to_owned(),
            script: Script::new(HIT),
            connection: OnceCell::new(),
            failed_at: Mutex::new(None),
        })
    }

    /// Counts a request of `key` in its window of `window`: `None` while the count is at
    /// most `limit`, else how long until the window ends.
    ///
    /// # Errors
    /// Redis is away, slow or answers something else; nothing was counted then, or it was
    /// and the answer is lost (the caller counts on its own).
    pub async fn hit(
        &self,
        key: &str,
        limit: u32,
        window: Duration,
    ) -> Result<Option<Duration>, BoxError> {
        let mut connection = self.connection().await?;
        let window_ms = u64::try_from(window.as_millis()).unwrap_or(u64::MAX);
        let mut call = self.script.key(format!("{}{key}", self.prefix));
        call.arg(window_ms);
        let (count, left_ms): (u64, i64) =
            tokio::time::timeout(CALL_TIMEOUT, call.invoke_async(&mut connection)).await??;
        Ok((count > u64::from(limit))
            .then(|| Duration::from_millis(u64::try_from(left_ms).unwrap_or(0))))
    }

    /// The connection, made on first use; while the last attempt failed less than
    /// [`RECONNECT_AFTER`] ago, an error at once.
    async fn connection(&self) -> Result<ConnectionManager, BoxError> {
        if let Some(connection) = self.connection.get() {
            return Ok(connection.clone());
        }
        let recently_failed = self
            .failed_at
            .lock()
            .unwrap_or_else(std::sync::PoisonError::into_inner)
            .is_some_and(|at| at.elapsed() < RECONNECT_AFTER);
        if recently_failed {
            return Err(Resting.into());
        }
        let made = self
            .connection
            .get_or_try_init(|| async {
                let config = ConnectionManagerConfig::new()
                    .set_connection_timeout(CALL_TIMEOUT)
                    .set_response_timeout(CALL_TIMEOUT)
                    .set_number_of_retries(1);
                let connect = ConnectionManager::new_with_config(self.client.clone(), config);
                tokio::time::timeout(CALL_TIMEOUT * 2, connect)
                    .await?
                    .map_err(BoxError::from)
            })
            .await;
        if made.is_err() {
            *self
                .failed_at
                .lock()
                .unwrap_or_else(std::sync::PoisonError::into_inner) = Some(Instant::now());
        }
        made.cloned()
    }
}
