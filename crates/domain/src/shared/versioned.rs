//! A bounded in-memory cache of values each kept with the version of its source it was
//! read at: the storage raises the version with every change, the reader compares.

use std::collections::HashMap;
use std::sync::{Mutex, MutexGuard, PoisonError};

/// Independent locks: readers of different ids rarely wait on each other.
const SHARDS: usize = 16;

/// Values (`T`) by id, each with the version of its source it was read at; at most
/// `capacity` of them. A value is served only at that version, so whoever keeps the stored
/// version raised with every change of the source never serves an old value.
pub struct VersionedCache<T> {
    shards: Vec<Mutex<HashMap<i64, (i64, T)>>>,
    per_shard: usize,
}

impl<T: Clone> VersionedCache<T> {
    /// A cache of up to `capacity` values (at least one per shard).
    #[must_use]
    pub fn new(capacity: usize) -> Self {
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

    /// The kept value of `id` if it was read at `version`.
    #[must_use]
    pub fn get(&self, id: i64, version: i64) -> Option<T> {
        match self.shard(id).get(&id) {
            Some((kept, value)) if *kept == version => Some(value.clone()),
            _ => None,
        }
    }

    /// Keeps `value`, read at `version`; when the shard is full, another id's value makes
    /// room.
    pub fn put(&self, id: i64, version: i64, value: &T) {
        let mut shard = self.shard(id);
        if shard.len() >= self.per_shard
            && !shard.contains_key(&id)
            && let Some(other) = shard.keys().next().copied()
        {
            shard.remove(&other);
        }
        shard.insert(id, (version, value.clone()));
    }

    /// Drops `id`'s value (its source no longer exists).
    pub fn forget(&self, id: i64) {
        self.shard(id).remove(&id);
    }

    /// How many values are kept.
    #[cfg(test)]
    fn len(&self) -> usize {
        (0..SHARDS).map(|i| self.shard(i as i64).len()).sum()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn entry(id: i64) -> String {
        format!("space {id}")
    }

    #[test]
    fn a_value_is_served_only_at_the_version_it_was_read_at() {
        let cache = VersionedCache::new(100);
        let value = entry(7);
        assert_eq!(cache.get(7, 0), None);
        cache.put(7, 3, &value);
        assert_eq!(cache.get(7, 3), Some(value.clone()));
        assert_eq!(cache.get(7, 4), None, "a newer stored version is a miss");
        assert_eq!(cache.get(8, 3), None);
        cache.forget(7);
        assert_eq!(cache.get(7, 3), None);
    }

    #[test]
    fn the_cache_never_holds_more_than_its_capacity() {
        let cache = VersionedCache::new(32);
        let value = entry(1);
        for id in 0..1000 {
            cache.put(id, 0, &value);
        }
        assert_eq!(cache.len(), 32);
        cache.put(999, 1, &value);
        assert_eq!(cache.len(), 32, "a new version replaces the old one");
        assert_eq!(cache.get(999, 1), Some(value));
    }
}
