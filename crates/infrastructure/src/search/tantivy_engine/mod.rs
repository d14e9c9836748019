//! The Tantivy engine: one document per space in an index kept in memory. A keyword is a
//! phrase of character pairs ([`grams`]), the filters one Boolean query of terms and
//! fast-field ranges ([`query`]), and our collector decides dates and the exact radius and
//! keeps the best ([`collect`]).

mod collect;
mod grams;
mod hidden;
mod query;
mod schema;

use super::Engine;
use super::best;
use collect::{Search, SearchCollector};
use ourspace_domain::shared::{BoxError, Paged, SpaceId};
use ourspace_domain::space::index::shown_km;
use ourspace_domain::space::{IndexedSpace, SpaceQuery, SpaceSummary};
use schema::Fields;
use std::sync::{Mutex, MutexGuard, PoisonError};
use tantivy::schema::Value;
use tantivy::{IndexReader, IndexWriter, ReloadPolicy, TantivyDocument, Term};

/// The writer's threads, and their memory for documents not yet committed.
const WRITER_THREADS: usize = 2;
const WRITER_BYTES: usize = 80_000_000;

/// The index, its reader and its writer.
pub(super) struct TantivyEngine {
    fields: Fields,
    reader: IndexReader,
    writer: Mutex<IndexWriter>,
}

impl TantivyEngine {
    pub(super) fn new() -> Result<Self, BoxError> {
        let (index, fields) = schema::new_index();
        let writer: IndexWriter = index.writer_with_num_threads(WRITER_THREADS, WRITER_BYTES)?;
        let reader = index
            .reader_builder()
            .reload_policy(ReloadPolicy::Manual)
            .try_into()?;
        Ok(Self {
            fields,
            reader,
            writer: Mutex::new(writer),
        })
    }

    fn writer(&self) -> MutexGuard<'_, IndexWriter> {
        self.writer.lock().unwrap_or_else(PoisonError::into_inner)
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

impl Engine for TantivyEngine {
    fn load(&self, spaces: Vec<IndexedSpace>) -> Result<(), BoxError> {
        let writer = self.writer();
        for space in &spaces {
            writer.add_document(schema::document(&self.fields, space)?)?;
        }
        Ok(())
    }

    fn publish(&self) -> Result<(), BoxError> {
        self.writer().commit()?;
        self.reader.reload()?;
        Ok(())
    }

    fn replace(&self, removed: &[i64], spaces: Vec<IndexedSpace>) -> Result<(), BoxError> {
        {
            let writer = self.writer();
            let ids = removed
                .iter()
                .copied()
                .chain(spaces.iter().map(|s| s.summary.id.get()));
            for id in ids {
                writer.delete_term(Term::from_field_u64(self.fields.id, id.cast_unsigned()));
            }
        }
        self.load(spaces)?;
        self.publish()
    }

    fn search(&self, q: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError> {
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
