//! The home page: categories, what is popular now and, for a signed-in guest, what fits them.

use super::view::{Card, reason};
use crate::error::WebError;
use crate::render::{Layout, page};
use crate::visit::Visit;
use actix_web::HttpResponse;
use askama::Template;
use ourspace_domain::recommend::RecommendParams;
use ourspace_domain::space::SearchParams;

/// Spaces in each row of the home page.
const ROW: u32 = 8;

#[derive(Template)]
#[template(path = "home.html")]
struct Home {
    layout: Layout,
    categories: Vec<(i64, String)>,
    popular: Vec<Card>,
    recommended: Vec<Card>,
}

/// What the signed-in visitor is recommended; nothing for a visitor not signed in.
async fn recommended(visit: &Visit) -> Result<Vec<Card>, WebError> {
    let Some(user) = &visit.user else {
        return Ok(Vec::new());
    };
    let params = RecommendParams {
        per_page: Some(ROW),
        ..RecommendParams::default()
    };
    let services = &visit.state.services;
    let page = services.recommendations.for_user(user.into(), params).await;
    let page = page.map_err(WebError::unexpected)?;
    Ok(page
        .items
        .iter()
        .map(|r| Card {
            reasons: r.reasons.iter().take(2).map(|r| reason(*r)).collect(),
            ..Card::from(&r.summary)
        })
        .collect())
}

/// `GET /`.
pub async fn home(visit: Visit) -> Result<HttpResponse, WebError> {
    let services = &visit.state.services;
    let catalog = visit.state.catalog.get(&services.catalog).await?;
    let popular = services
        .spaces
        .search(SearchParams {
            sort: Some("popular".into()),
            per_page: Some(ROW),
            ..SearchParams::default()
        })
        .await
        .map_err(WebError::unexpected)?;
    let home = Home {
        layout: Layout::of(&visit, "홈"),
        categories: catalog
            .categories
            .iter()
            .map(|c| (c.id.0, c.name.clone()))
            .collect(),
        popular: popular.items.iter().map(Card::from).collect(),
        recommended: recommended(&visit).await?,
    };
    page(&visit, &home)
}
