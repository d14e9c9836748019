//! What an engine of the search index does, and which engines there are.

use ourspace_domain::shared::{BoxError, Paged};
use ourspace_domain::space::{IndexedSpace, SpaceQuery, SpaceSummary};

/// An engine holding every live space, answering the domain's rules
/// (`IndexedSpace::matches`, `SpaceSort::compare`). Its calls block: the index calls
/// writes on a blocking thread.
pub(crate) trait Engine: Send + Sync {
    /// Adds spaces while the index is built, not yet answered from.
    ///
    /// # Errors
    /// The engine failed.
    fn load(&self, spaces: Vec<IndexedSpace>) -> Result<(), BoxError>;

    /// Answers from what was loaded.
    ///
    /// # Errors
    /// The engine failed.
    fn publish(&self) -> Result<(), BoxError>;

    /// Removes the spaces `removed` and those of `spaces`, adds `spaces`, and answers from
    /// the result, all at once for a search.
    ///
    /// # Errors
    /// The engine failed; the spaces are then read again at the next change.
    fn replace(&self, removed: &[i64], spaces: Vec<IndexedSpace>) -> Result<(), BoxError>;

    /// One page of the spaces `q` matches, in its order, with the exact total.
    ///
    /// # Errors
    /// The engine failed.
    fn search(&self, q: &SpaceQuery) -> Result<Paged<SpaceSummary>, BoxError>;
}

/// The engines a server can search with (`OURSPACE_SEARCH_ENGINE`; docs/search.md
/// compares them).
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq)]
pub enum EngineKind {
    /// Roaring bitmaps over slots, with columns of facts (the default: the faster).
    #[default]
    Bitmaps,
    /// Tantivy: an inverted index with fast fields and our collector.
    Tantivy,
}

impl std::str::FromStr for EngineKind {
    type Err = String;

    /// The engine named `name` (`bitmaps` or `tantivy`).
    fn from_str(name: &str) -> Result<Self, String> {
        match name {
            "bitmaps" => Ok(Self::Bitmaps),
            "tantivy" => Ok(Self::Tantivy),
            other => Err(format!("no search engine {other:?}: bitmaps or tantivy")),
        }
    }
}

impl EngineKind {
    /// Its name, as it is parsed.
    #[must_use]
    pub fn name(self) -> &'static str {
        match self {
            Self::Bitmaps => "bitmaps",
            Self::Tantivy => "tantivy",
        }
    }
}
