//! The search index: every live space in an engine this server keeps in memory
//! ([`EngineKind`]: roaring bitmaps by default, or Tantivy), answering every public search
//! on one path ([`SpaceIndex`]), fed by the change feed ([`feed`]). It is a derived copy:
//! built from the database at start, and rebuilt the same way whenever it is lost.

pub mod best;
mod bitmaps;
mod engine;
pub mod feed;
mod tantivy_engine;

use crate::repo::index_source::{self, Spaces};
use async_trait::async_trait;
use engine::Engine;
pub use engine::EngineKind;
use feed::Feed;
use ourspace_domain::shared::{BoxError, Clock, Paged};
use ourspace_domain::space::{IndexedSpace, SpaceIndex, SpaceQuery, SpaceSummary};
use sea_orm::DatabaseConnection;
use std::sync::Arc;
use std::sync::atomic::{AtomicU64, Ordering};

/// Spaces read per statement while the index is built.
const BUILD_PAGE: u64 = 5_000;

/// Transactions this process committed; a search first catches up with the feed when it
/// moved, so a client reads its own writes from the server that took them.
static COMMITS: AtomicU64 = AtomicU64::new(0);

/// Called after every committed write transaction (see `in_transaction!`).
pub fn note_commit() {
    COMMITS.fetch_add(1, Ordering::Release);
}

/// The index and what keeps it fresh.
pub struct SearchIndex {
    engine: Arc<dyn Engine>,
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
    feed: Feed,
    /// The value of [`COMMITS`] the last catch-up started from.
    caught_up: tokio::sync::watch::Sender<u64>,
    /// Wakes the follower before its next tick.
    wake: tokio::sync::Notify,
}

/// How long a search waits for the follower to apply this server's own latest writes.
const OWN_WRITES_WAIT: std::time::Duration = std::time::Duration::from_secs(1);

impl SearchIndex {
    /// Builds the index of every live space, then follows the feed from where it stood
    /// before the first read (a change made meanwhile is applied again, which changes
    /// nothing).
    ///
    /// # Errors
    /// The database or the index failed.
    pub async fn build(
        db: DatabaseConnection,
        clock: Arc<dyn Clock>,
        settings: feed::FeedSettings,
        kind: EngineKind,
    ) -> Result<Arc<Self>, BoxError> {
        let feed = Feed::start(&db, settings).await?;
        let engine: Arc<dyn Engine> = match kind {
            EngineKind::Bitmaps => Arc::new(bitmaps::BitmapEngine::default()),
            EngineKind::Tantivy => Arc::new(tantivy_engine::TantivyEngine::new()?),
        };
        let this = Arc::new(Self {
            engine,
            db,
            clock,
            feed,
            caught_up: tokio::sync::watch::Sender::new(COMMITS.load(Ordering::Acquire)),
            wake: tokio::sync::Notify::new(),
        });
        this.load_all().await?;
        Ok(this)
    }

    /// The day calendar rows are read from: yesterday (its hours 24–47 are today's).
    fn first_day(&self) -> chrono::NaiveDate {
        self.clock.today().pred_opt().unwrap_or(self.clock.today())
    }

    /// Reads every live space a page at a time, each page handed to the engine while the
    /// next is read, and publishes them at once.
    async fn load_all(&self) -> Result<(), BoxError> {
        let mut after = 0;
        let mut adding: Option<tokio::task::JoinHandle<Result<(), BoxError>>> = None;
        loop {
            let page = Spaces::After {
                after,
                limit: BUILD_PAGE,
            };
            let spaces = index_source::read(&self.db, page, self.first_day()).await?;
            if let Some(previous) = adding.take() {
                previous.await??;
            }
            let Some(last) = spaces.last() else { break };
            after = last.summary.id.get();
            let engine = self.engine.clone();
            adding = Some(tokio::task::spawn_blocking(move || engine.load(spaces)));
        }
        let engine = self.engine.clone();
        tokio::task::spawn_blocking(move || engine.publish()).await?
    }

    /// Replaces the spaces `removed` and those of `spaces` by `spaces`.
    async fn write(&self, removed: Vec<i64>, spaces: Vec<IndexedSpace>) -> Result<(), BoxError> {
        let engine = self.engine.clone();
        tokio::task::spawn_blocking(move || engine.replace(&removed, spaces)).await?
    }

    /// Reads the spaces `ids` afresh and replaces them (removing the deleted).
    pub(crate) async fn refresh(&self, ids: Vec<i64>) -> Result<(), BoxError> {
        for chunk in ids.chunks(500) {
            let spaces = index_source::read(&self.db, Spaces::Ids(chunk), self.first_day()).await?;
            self.write(chunk.to_vec(), spaces).await?;
        }
        Ok(())
    }

    /// Applies every change committed so far; the number of spaces read again.
    ///
    /// # Errors
    /// The database or the index failed; what was applied stays applied.
    pub async fn catch_up(&self) -> Result<usize, BoxError> {
        let from = COMMITS.load(Ordering::Acquire);
        let changed = self.feed.poll(&self.db, |ids| self.refresh(ids)).await?;
        self.caught_up.send_if_modified(|seen| {
            let moved = from > *seen;
            *seen = (*seen).max(from);
            moved
        });
        Ok(changed)
    }

    /// Waits (up to [`OWN_WRITES_WAIT`]) until the follower has applied every write this
    /// process committed before now, waking it if it is asleep.
    async fn own_writes_applied(&self) {
        let committed = COMMITS.load(Ordering::Acquire);
        let mut seen = self.caught_up.subscribe();
        if *seen.borrow() >= committed {
            return;
        }
        self.wake.notify_one();
        let applied = seen.wait_for(|at| *at >= committed);
        if tokio::time::timeout(OWN_WRITES_WAIT, applied)
            .await
            .is_err()
        {
            tracing::warn!("search answered before this server's latest writes were applied");
        }
    }

    /// Follows the feed every `every` (or at once when woken) until the server stops. A
    /// failed poll is tried again at the next tick; the first failure of a run of them is
    /// logged as a warning, and the recovery once.
    pub fn follow(self: &Arc<Self>, every: std::time::Duration) -> tokio::task::JoinHandle<()> {
        let index = self.clone();
        tokio::spawn(async move {
            let mut tick = tokio::time::interval(every);
            tick.set_missed_tick_behavior(tokio::time::MissedTickBehavior::Delay);
            let mut failing = false;
            loop {
                tokio::select! {
                    _ = tick.tick() => {}
                    () = index.wake.notified() => {}
                }
                match index.catch_up().await {
                    Err(e) if !failing => {
                        tracing::warn!(error = %e, "the search index could not follow its feed");
                        failing = true;
                    }
                    Ok(_) if failing => {
                        tracing::info!("the search index follows its feed again");
                        failing = false;
                    }
                    _ => {}
                }
                index.feed.prune(&index.db, index.clock.now()).await;
            }
        })
    }
}

#[async_trait]
impl SpaceIndex for SearchIndex {
    async fn search(&self, q: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError> {
        self.own_writes_applied().await;
        self.engine.search(q)
    }
}
