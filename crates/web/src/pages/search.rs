//! The search page: every filter and sort the API has, in one form that keeps what was
//! typed, and the matching spaces page by page.

use super::view::{Card, Pager};
use crate::catalog::Catalog;
use crate::error::WebError;
use crate::form::{FieldError, Fields};
use crate::ko;
use crate::render::{Layout, page_with};
use crate::visit::Visit;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse};
use askama::Template;
use ourspace_domain::shared::Paged;
use ourspace_domain::space::{SearchParams, SpaceError, SpaceSummary};

/// The filters folded away under "상세 조건" unless one is in use.
const MORE: [&str; 6] = [
    "min_price",
    "max_price",
    "facilities",
    "lat",
    "lng",
    "radius_km",
];

/// Spaces per page unless the link says otherwise.
const PER_PAGE: u32 = 20;

/// The sorts, as the API names them, in Korean.
const SORTS: [(&str, &str); 7] = [
    ("popular", "인기순"),
    ("price_asc", "낮은 가격순"),
    ("price_desc", "높은 가격순"),
    ("rating", "평점순"),
    ("newest", "최신순"),
    ("distance", "가까운순"),
    ("relevance", "관련도순"),
];

/// An option of a select or a checkbox.
pub struct Choice {
    pub value: String,
    pub name: String,
    pub selected: bool,
}

/// One page of results and the links around it.
struct Results {
    cards: Vec<Card>,
    total: String,
    pager: Pager,
}

#[derive(Template)]
#[template(path = "search.html")]
struct Search {
    layout: Layout,
    /// What was typed, by field name.
    fields: Fields,
    categories: Vec<Choice>,
    districts: Vec<Choice>,
    facilities: Vec<Choice>,
    sorts: Vec<Choice>,
    /// The price, facility or location filters are in use: show them unfolded.
    more_open: bool,
    error: Option<String>,
    results: Option<Results>,
}

fn params(f: &Fields) -> Result<SearchParams, FieldError> {
    Ok(SearchParams {
        q: f.text("q").map(str::to_owned),
        categories: f.ids("category")?,
        districts: f.ids("district")?,
        guests: f.get("guests")?,
        facilities: f.ids("facilities")?,
        min_price: f.get("min_price")?,
        max_price: f.get("max_price")?,
        date: f.get("date")?,
        start_hour: f.get("start_hour")?,
        end_hour: f.get("end_hour")?,
        lat: f.get("lat")?,
        lng: f.get("lng")?,
        radius_km: f.get("radius_km")?,
        sort: f.text("sort").map(str::to_owned),
        page: f.get("page")?,
        per_page: Some(f.get("per_page")?.unwrap_or(PER_PAGE)),
    })
}

fn choices<'a>(all: impl Iterator<Item = (i64, &'a str)>, chosen: &[i64]) -> Vec<Choice> {
    all.map(|(id, name)| Choice {
        value: id.to_string(),
        name: name.to_owned(),
        selected: chosen.contains(&id),
    })
    .collect()
}

fn results(fields: &Fields, paged: &Paged<SpaceSummary>) -> Results {
    let total = if paged.total_capped {
        format!("{}개 이상", paged.total)
    } else {
        format!("{}개", paged.total)
    };
    Results {
        cards: paged.items.iter().map(Card::from).collect(),
        total,
        pager: Pager::of("/spaces", fields, paged),
    }
}

fn form(catalog: &Catalog, fields: Fields) -> Search {
    let ids = |name| fields.ids(name).unwrap_or_default();
    let sort = fields.text("sort").unwrap_or("popular").to_owned();
    Search {
        categories: choices(
            catalog.categories.iter().map(|c| (c.id.0, c.name.as_str())),
            &ids("category"),
        ),
        districts: choices(
            catalog.districts.iter().map(|d| (d.id.0, d.name.as_str())),
            &ids("district"),
        ),
        facilities: choices(
            catalog.facilities.iter().map(|f| (f.id.0, f.name.as_str())),
            &ids("facilities"),
        ),
        sorts: SORTS
            .iter()
            .map(|(value, name)| Choice {
                value: (*value).to_owned(),
                name: (*name).to_owned(),
                selected: *value == sort,
            })
            .collect(),
        more_open: MORE.iter().any(|name| fields.text(name).is_some()),
        layout: Layout::default(),
        fields,
        error: None,
        results: None,
    }
}

/// `GET /spaces`: the form, and the results of what it asks.
pub async fn search(visit: Visit, req: HttpRequest) -> Result<HttpResponse, WebError> {
    let fields = Fields::parse(req.query_string().as_bytes())?;
    let services = &visit.state.services;
    let catalog = visit.state.catalog.get(&services.catalog).await?;
    let asked = params(&fields);
    let mut page = form(&catalog, fields);
    page.layout = Layout::of(&visit, "공간 찾기");
    let found = match asked {
        Err(e) => Err(format!("{}: {}", ko::label(e.field), e.message)),
        Ok(params) => match services.spaces.search(params).await {
            Ok(paged) => Ok(paged),
            Err(SpaceError::InvalidParameter(e)) => Err(format!(
                "{}: {}",
                ko::label(e.parameter),
                ko::message(&e.message)
            )),
            Err(e) => return Err(WebError::unexpected(e)),
        },
    };
    let status = match found {
        Ok(paged) => {
            page.results = Some(results(&page.fields, &paged));
            StatusCode::OK
        }
        Err(message) => {
            page.error = Some(message);
            StatusCode::BAD_REQUEST
        }
    };
    page_with(&visit, status, &page)
}
