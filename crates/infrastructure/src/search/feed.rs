//! Following the change feed (`search_changes`, written by every write transaction that
//! changes what a search answers). Positions are allocated when a row is written but seen
//! when its transaction commits, so a later position can be seen before an earlier one:
//! every position skipped over is remembered as a gap and read again until its row comes
//! or [`FeedSettings::gap_wait`] has passed (a transaction that never committed, or a
//! number the database skipped). Applying a change reads its space afresh, so a change
//! seen twice changes nothing and the order in which changes are applied does not matter
//! to what the index ends up holding.

use crate::repo::index_source::{self, changes_after};
use chrono::{DateTime, Utc};
use ourspace_domain::shared::BoxError;
use sea_orm::DatabaseConnection;
use std::collections::{BTreeMap, BTreeSet};
use std::future::Future;
use std::time::{Duration, Instant};

/// Changes read per statement.
const BATCH: u64 = 1_000;
/// The most positions remembered as gaps: past them, the oldest are given up.
const MAX_GAPS: usize = 10_000;

/// How the feed is followed.
#[derive(Debug, Clone, Copy)]
pub struct FeedSettings {
    /// How long a skipped position is waited for.
    pub gap_wait: Duration,
    /// How long changes are kept in the database.
    pub retention: Duration,
}

impl Default for FeedSettings {
    fn default() -> Self {
        Self {
            gap_wait: Duration::from_secs(30),
            retention: Duration::from_secs(24 * 3600),
        }
    }
}

struct Position {
    /// The highest position seen.
    cursor: i64,
    /// Positions below the cursor not seen yet, and since when.
    gaps: BTreeMap<i64, Instant>,
    last_prune: Option<Instant>,
}

/// Where this server stands in the feed.
pub(crate) struct Feed {
    position: tokio::sync::Mutex<Position>,
    settings: FeedSettings,
}

impl Position {
    /// Takes in one change; whether its space is to be read again.
    fn take(&mut self, seq: i64, now: Instant) -> bool {
        if seq > self.cursor {
            let first_missing = (self.cursor + 1).max(seq - MAX_GAPS as i64);
            for missing in first_missing..seq {
                self.gaps.insert(missing, now);
            }
            self.cursor = seq;
            true
        } else {
            self.gaps.remove(&seq).is_some()
        }
    }

    /// Gives up the gaps waited for long enough, and the oldest past [`MAX_GAPS`].
    fn expire(&mut self, now: Instant, wait: Duration) {
        self.gaps
            .retain(|_, since| now.duration_since(*since) < wait);
        while self.gaps.len() > MAX_GAPS {
            self.gaps.pop_first();
        }
    }

    /// Where the next read starts: before the oldest gap, or at the cursor.
    fn read_from(&self) -> i64 {
        self.gaps
            .first_key_value()
            .map_or(self.cursor, |(gap, _)| (gap - 1).min(self.cursor))
    }
}

impl Feed {
    /// Starts at the feed's head, treating the positions missing just below it as gaps
    /// (transactions that may still commit).
    pub(crate) async fn start(
        db: &DatabaseConnection,
        settings: FeedSettings,
    ) -> Result<Self, BoxError> {
        let head = index_source::feed_head(db).await?;
        let window_start = (head - BATCH as i64).max(0);
        let seen: BTreeSet<i64> = changes_after(db, window_start, BATCH)
            .await?
            .into_iter()
            .map(|c| c.seq)
            .collect();
        let now = Instant::now();
        let gaps = (window_start + 1..=head)
            .filter(|seq| !seen.contains(seq))
            .map(|seq| (seq, now))
            .collect();
        Ok(Self {
            position: tokio::sync::Mutex::new(Position {
                cursor: head,
                gaps,
                last_prune: None,
            }),
            settings,
        })
    }

    /// Reads the changes not applied yet and hands their spaces to `apply`; the number of
    /// spaces. One poll at a time: a caller arriving meanwhile waits and polls again.
    pub(crate) async fn poll<F, Fut>(
        &self,
        db: &DatabaseConnection,
        apply: F,
    ) -> Result<usize, BoxError>
    where
        F: FnOnce(Vec<i64>) -> Fut,
        Fut: Future<Output = Result<(), BoxError>>,
    {
        let mut position = self.position.lock().await;
        let mut next = position.clone_state();
        let now = Instant::now();
        next.expire(now, self.settings.gap_wait);
        let mut after = next.read_from();
        let mut spaces = BTreeSet::new();
        loop {
            let batch = changes_after(db, after, BATCH).await?;
            for change in &batch {
                if next.take(change.seq, now) {
                    spaces.insert(change.space_id);
                }
            }
            match batch.last() {
                Some(last) if batch.len() as u64 == BATCH => after = last.seq,
                _ => break,
            }
        }
        let count = spaces.len();
        if count > 0 {
            apply(spaces.into_iter().collect()).await?;
        }
        // Moved only once applied: a failed apply reads the same changes next time.
        *position = next;
        Ok(count)
    }

    /// Deletes changes older than the retention, at most once a minute.
    pub(crate) async fn prune(&self, db: &DatabaseConnection, now: DateTime<Utc>) {
        let mut position = self.position.lock().await;
        if position
            .last_prune
            .is_some_and(|at| at.elapsed() < Duration::from_secs(60))
        {
            return;
        }
        position.last_prune = Some(Instant::now());
        let before = now - self.settings.retention;
        if let Err(e) = index_source::prune_changes(db, before).await {
            tracing::warn!(error = %e, "old search changes could not be deleted");
        }
    }
}

impl Position {
    fn clone_state(&self) -> Position {
        Position {
            cursor: self.cursor,
            gaps: self.gaps.clone(),
            last_prune: self.last_prune,
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn at(cursor: i64) -> Position {
        Position {
            cursor,
            gaps: BTreeMap::new(),
            last_prune: None,
        }
    }

    #[test]
    fn a_position_seen_before_an_earlier_one_leaves_a_gap_that_is_filled_once() {
        let now = Instant::now();
        let mut p = at(10);
        assert!(p.take(13, now));
        assert_eq!(p.gaps.keys().copied().collect::<Vec<_>>(), [11, 12]);
        assert_eq!(p.read_from(), 10);
        assert!(p.take(12, now));
        assert!(!p.take(12, now), "applied once");
        assert!(!p.take(13, now), "seen already");
        assert_eq!(p.read_from(), 10);
        assert!(p.take(11, now));
        assert_eq!(p.read_from(), 13);
    }

    #[test]
    fn a_gap_is_given_up_after_its_wait() {
        let then = Instant::now();
        let mut p = at(0);
        p.take(3, then);
        p.expire(then + Duration::from_secs(5), Duration::from_secs(30));
        assert_eq!(p.gaps.len(), 2);
        p.expire(then + Duration::from_secs(31), Duration::from_secs(30));
        assert!(p.gaps.is_empty());
        assert_eq!(p.read_from(), 3);
    }

    #[test]
    fn a_jump_remembers_at_most_the_last_gaps() {
        let now = Instant::now();
        let mut p = at(0);
        p.take(1_000_000, now);
        assert_eq!(p.gaps.len(), MAX_GAPS);
        assert_eq!(
            p.gaps.first_key_value().map(|(k, _)| *k),
            Some(1_000_000 - MAX_GAPS as i64)
        );
    }
}
