//! Spaces like one space: their own page, which a space's page pulls in (its script) or
//! links to, so the space's page does not wait for the recommender.

use super::view::Card;
use crate::error::WebError;
use crate::form::path_id;
use crate::render::{Layout, page};
use crate::visit::Visit;
use actix_web::{HttpResponse, web};
use askama::Template;
use ourspace_domain::recommend::RecommendParams;
use ourspace_domain::shared::SpaceId;
use ourspace_domain::space::SpaceError;

/// Similar spaces shown.
const SIMILAR: u32 = 4;

#[derive(Template)]
#[template(path = "similar.html")]
struct SimilarPage {
    layout: Layout,
    id: i64,
    cards: Vec<Card>,
}

/// `GET /spaces/{id}/similar`.
pub async fn similar(visit: Visit, id: web::Path<String>) -> Result<HttpResponse, WebError> {
    let id: SpaceId = path_id(&id)?;
    let params = RecommendParams {
        per_page: Some(SIMILAR),
        ..RecommendParams::default()
    };
    let found = visit
        .state
        .services
        .recommendations
        .similar_to(id, params)
        .await;
    let cards = match found {
        Ok(page) => page.items.iter().map(|r| Card::from(&r.summary)).collect(),
        Err(SpaceError::NotFound) => return Err(WebError::NotFound),
        Err(e) => return Err(WebError::unexpected(e)),
    };
    let shown = SimilarPage {
        layout: Layout::of(&visit, "비슷한 공간"),
        id: id.0,
        cards,
    };
    page(&visit, &shown)
}
