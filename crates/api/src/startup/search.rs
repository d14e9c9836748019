//! The search index a server answers searches from, built before it serves.

use crate::config::Config;
use ourspace_domain::shared::{BoxError, Clock};
use ourspace_infrastructure::DatabaseConnection;
use ourspace_infrastructure::search::SearchIndex;
use ourspace_infrastructure::search::feed::FeedSettings;
use std::sync::Arc;

/// The search index of every live space, built from the database (before the server
/// answers: a search never sees a half-built index).
pub(super) async fn search_index(
    config: &Config,
    db: &DatabaseConnection,
    clock: Arc<dyn Clock>,
) -> Result<Arc<SearchIndex>, BoxError> {
    let started = std::time::Instant::now();
    let settings = FeedSettings {
        gap_wait: std::time::Duration::from_secs(config.search_gap_seconds),
        ..FeedSettings::default()
    };
    let index = SearchIndex::build(db.clone(), clock, settings, config.search_engine).await?;
    tracing::info!(
        engine = config.search_engine.name(),
        elapsed_ms = started.elapsed().as_millis() as u64,
        "search index built"
    );
    Ok(index)
}
