//! A guest's taste kept between their requests: at the taste version of their row it was
//! read at (the storage raises it with each choice of theirs, on whichever server, in the
//! choice's transaction), and for at most [`TASTE_MAX_AGE_MINUTES`] (so that a host's edit
//! of a space the guest chose, which raises no guest's version, reaches their taste by
//! then). A kept taste spares the read of the guest's history; with it, the spaces its
//! pool's sources named (`drawn`, whatever date that read asked: the sources do not
//! depend on it) spare reading the sources: the candidates are then read by id, still
//! filtered afresh (deleted, too small) and marked when taken on the date asked, ranked on
//! fresh traits and booking counts.

use super::ports::UserSignals;
use super::{Candidate, Neighbourhood, Taste};
use crate::shared::{SpaceId, UserId, VersionedCache};
use crate::user::User;
use chrono::{DateTime, TimeDelta, Utc};
use std::sync::Arc;

/// How many guests' tastes a server keeps when not told otherwise (about 3 KB a guest, at
/// most about 10 KB: 100 choices of each kind and a pool of about 200 spaces).
pub const DEFAULT_KEPT_TASTES: usize = 10_000;
/// How long a taste is kept at most.
pub const TASTE_MAX_AGE_MINUTES: i64 = 10;

/// A signed-in guest, as the read of their row (the bearer token's) gave them.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Guest {
    /// Their id.
    pub id: UserId,
    /// Their row's taste version.
    pub taste_version: i64,
}

impl From<&User> for Guest {
    fn from(user: &User) -> Self {
        Self {
            id: user.id,
            taste_version: user.taste_version,
        }
    }
}

/// What a guest's history tells the recommender, with the districts' neighbourhood.
#[derive(Debug, Clone)]
pub(super) struct Known {
    pub(super) taste: Arc<Taste>,
    pub(super) map: Arc<Neighbourhood>,
    /// The spaces the pool's sources named, each with its `co_chosen` (taken on the date
    /// of that read or not); none until a pool is read.
    pub(super) drawn: Option<Arc<Vec<(SpaceId, u32)>>>,
    read_at: DateTime<Utc>,
}

impl Known {
    /// What `signals`, read from `read_at` on, tell.
    pub(super) fn of(signals: &UserSignals, read_at: DateTime<Utc>) -> Self {
        Self {
            taste: Arc::new(Taste::of(&signals.history)),
            map: Arc::new(Neighbourhood::of_centres(&signals.districts)),
            drawn: None,
            read_at,
        }
    }

    /// The same taste with its pool's spaces, as a read of the pool `found` them (taken
    /// on its date or not).
    pub(super) fn with_pool(&self, found: &[Candidate]) -> Self {
        let drawn = found.iter().map(|c| (c.space.id, c.co_chosen)).collect();
        Self {
            drawn: Some(Arc::new(drawn)),
            ..self.clone()
        }
    }
}

/// The kept tastes (none when the server keeps none).
pub(super) struct KeptTastes(Option<VersionedCache<Known>>);

impl KeptTastes {
    /// Up to `entries` tastes; none for 0.
    pub(super) fn new(entries: usize) -> Self {
        Self((entries > 0).then(|| VersionedCache::new(entries)))
    }

    /// `guest`'s taste if it was read at their row's version and not too long before `now`.
    pub(super) fn get(&self, guest: Guest, now: DateTime<Utc>) -> Option<Known> {
        let known = self.0.as_ref()?.get(guest.id.get(), guest.taste_version)?;
        let fresh = now - known.read_at < TimeDelta::minutes(TASTE_MAX_AGE_MINUTES);
        fresh.then_some(known)
    }

    /// Keeps `guest`'s taste, read at their row's version.
    pub(super) fn put(&self, guest: Guest, known: &Known) {
        if let Some(cache) = &self.0 {
            cache.put(guest.id.get(), guest.taste_version, known);
        }
    }
}
