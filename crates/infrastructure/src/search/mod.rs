//! The search index: every live space in a Tantivy index this server keeps in memory,
//! answering every public search on one path ([`SpaceIndex`]), fed by the change feed
//! ([`feed`]). It is a derived copy: built from the database at start, and rebuilt the same
//! way whenever it is lost.

pub mod best;
mod collect;
pub mod feed;
mod grams;
mod query;
mod schema;

use crate::repo::index_source::{self, Spaces};
use async_trait::async_trait;
use collect::{Search, SearchCollector};
use feed::Feed;
use ourspace_domain::shared::{BoxError, Clock, Paged, SpaceId};
use ourspace_domain::space::index::shown_km;
use ourspace_domain::space::{IndexedSpace, SpaceIndex, SpaceQuery, SpaceSummary};
use schema::Fields;
use sea_orm::DatabaseConnection;
use std::sync::atomic::{AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use tantivy::schema::Value;
use tantivy::{IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// The writer's threads, and their memory for documents not yet committed.
const WRITER_THREADS: usize = 2;
const WRITER_BYTES: usize = 80_000_000;
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
pub struct TantivySpaceIndex {
    fields: Fields,
    reader: IndexReader,
    writer: Arc<Mutex<IndexWriter>>,
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

fn lock(writer: &Mutex<IndexWriter>) -> std::sync::MutexGuard<'_, IndexWriter> {
    writer
        .lock()
        .unwrap_or_else(std::sync::PoisonError::into_inner)
}

impl TantivySpaceIndex {
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
    ) -> Result<Arc<Self>, BoxError> {
        let feed = Feed::start(&db, settings).await?;
        let (index, fields) = schema::new_index();
        let writer: IndexWriter = index.writer_with_num_threads(WRITER_THREADS, WRITER_BYTES)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        let this = Arc::new(Self {
            fields,
            reader,
            writer: Arc::new(Mutex::new(writer)),
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

    /// Reads every live space a page at a time, each page handed to the writer while the
    /// next is read, and publishes them in one commit.
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
            let (writer, fields) = (self.writer.clone(), self.fields);
            adding = Some(tokio::task::spawn_blocking(move || {
                let writer = lock(&writer);
                for space in &spaces {
                    writer.add_document(schema::document(&fields, space)?)?;
                }
                Ok(())
            }));
        }
        self.write(Vec::new(), Vec::new()).await
    }

    /// Replaces the documents of `removed` and of `spaces` by `spaces`, then publishes.
    async fn write(&self, removed: Vec<i64>, spaces: Vec<IndexedSpace>) -> Result<(), BoxError> {
        let (writer, fields, reader) = (self.writer.clone(), self.fields, self.reader.clone());
        tokio::task::spawn_blocking(move || -> Result<(), BoxError> {
            let mut writer = lock(&writer);
            let ids = removed
                .into_iter()
                .chain(spaces.iter().map(|s| s.summary.id.get()));
            for id in ids {
                writer.delete_term(Term::from_field_u64(fields.id, id.cast_unsigned()));
            }
            for space in &spaces {
                writer.add_document(schema::document(&fields, space)?)?;
            }
            writer.commit()?;
            reader.reload()?;
            Ok(())
        })
        .await?
    }

    /// Reads the spaces `ids` afresh and replaces their documents (removing the deleted).
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

    /// How many segments the index reads (each search visits every one).
    #[must_use]
    pub fn segments(&self) -> usize {
        self.reader.searcher().segment_readers().len()
    }

    fn item(
        &self,
        searcher: &tantivy::Searcher,
        hit: &best::Hit<tantivy::DocAddress>,
    ) -> Result<SpaceSummary, BoxError> {
        let doc: TantivyDocument = searcher.doc(hit.at)?;
        let bytes = doc
            .get_first(self.fields.summary)
            .and_then(|v| v.as_bytes())
            .ok_or("a document without its list item")?;
        Ok(serde_json::from_slice(bytes)?)
    }
}

#[async_trait]
impl SpaceIndex for TantivySpaceIndex {
    async fn search(&self, q: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError> {
        self.own_writes_applied().await;
        let offset = usize::try_from(q.page.offset()).unwrap_or(usize::MAX);
        let keep = offset.saturating_add(q.page.per_page() as usize);
        let searcher = self.reader.searcher();
        let busy = match &q.availability {
            Some(a) => {
                use tantivy::query::{EnableScoring, Query};
                let scoring = EnableScoring::disabled_from_searcher(&searcher);
                Some(query::busy_on(&self.fields, a.date).weight(scoring)?)
            }
            None => None,
        };
        let collector = SearchCollector::new(Search::of(q, keep), busy);
        let (total, hits) = searcher.search(&*query::query(&self.fields, q), &collector)?;
        let mut items = Vec::with_capacity(hits.len().saturating_sub(offset));
        for hit in hits.iter().skip(offset) {
            let mut item = self.item(&searcher, hit)?;
            debug_assert_eq!(item.id, SpaceId(hit.facts.id));
            item.distance_km = q.near.map(|_| shown_km(hit.facts.dot));
            items.push(item);
        }
        Ok(Paged::new(items, q.page, total))
    }
}
