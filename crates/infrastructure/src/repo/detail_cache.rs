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
use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Independent locks: readers of different spaces rarely wait on each other.
const SHARDS: usize = 16;

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

/// Details (`T`) by space id with the version each was read at; at most `capacity` of
/// them.
pub(crate) struct DetailCache<T> {
    shards: Vec<Mutex<HashMap<i64, (i64, T)>>>,
    per_shard: usize,
}

impl<T: Clone> DetailCache<T> {
    /// A cache of up to `capacity` details (at least one per shard).
    pub(crate) fn new(capacity: usize) -> Self {
        Self {
            shards: (0..SHARDS).map(|_| Mutex::new(HashMap::new())).collect(),
            per_shard: capacity.div_ceil(SHARDS).max(1),
        }
    }

    fn shard(&self, id: i64) -> MutexGuard<'_, HashMap<i64, (i64, T)>> {
        let index = usize::try_from(id.unsigned_abs() % SHARDS as u64).unwrap_or(0);
        // A panic while holding the lock cannot leave a map half-changed.
        self.shards[index]
            .lock()
            .unwrap_or_else(PoisonError::into_inner)
    }

    /// The kept detail of space `id` if it was read at `version`.
    pub(crate) fn get(&self, id: i64, version: i64) -> Option<T> {
        match self.shard(id).get(&id) {
            Some((kept, detail)) if *kept == version => Some(detail.clone()),
            _ => None,
        }
    }

    /// Keeps `detail`, read at `version`; when the shard is full, another space's detail
    /// makes room.
    pub(crate) fn put(&self, id: i64, version: i64, detail: &T) {
        let mut shard = self.shard(id);
        if shard.len() >= self.per_shard
            && !shard.contains_key(&id)
            && let Some(other) = shard.keys().next().copied()
        {
            shard.remove(&other);
        }
        shard.insert(id, (version, detail.clone()));
    }

    /// Drops space `id` (it no longer exists).
    pub(crate) fn forget(&self, id: i64) {
        self.shard(id).remove(&id);
    }

    /// How many details are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        (0..SHARDS).map(|i| self.shard(i as i64).len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn space_detail(id: i64) -> String {
        format!("space {id}")
    }

    #[test]
    fn a_detail_is_served_only_at_the_version_it_was_read_at() {
        let cache = DetailCache::new(100);
        let detail = space_detail(7);
        assert_eq!(cache.get(7, 0), None);
        cache.put(7, 3, &detail);
        assert_eq!(cache.get(7, 3), Some(detail.clone()));
        assert_eq!(cache.get(7, 4), None, "a newer stored version is a miss");
        assert_eq!(cache.get(8, 3), None);
        cache.forget(7);
        assert_eq!(cache.get(7, 3), None);
    }

    #[test]
    fn the_cache_never_holds_more_than_its_capacity() {
        let cache = DetailCache::new(32);
        let detail = space_detail(1);
        for id in 0..1000 {
            cache.put(id, 0, &detail);
        }
        assert_eq!(cache.len(), 32);
        cache.put(999, 1, &detail);
        assert_eq!(cache.len(), 32, "a new version replaces the old one");
        assert_eq!(cache.get(999, 1), Some(detail));
    }
}
