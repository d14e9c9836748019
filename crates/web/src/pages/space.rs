//! A space's page: photos, description, facilities, packages and hourly rate, what is free
//! on the chosen date, reviews and likes; similar spaces come from their own page, which
//! the page's script pulls in once it is shown (a link without script).

use super::day::{Day, found};
use super::view::Card;
use crate::error::WebError;
use crate::form::{Fields, path_id};
use crate::render::{Layout, page, see_other};
use crate::visit::Visit;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use ourspace_domain::review::ReviewError;
use ourspace_domain::shared::{Page, SpaceId};
use ourspace_domain::space::{BookingMode, SpaceDetail};

/// Reviews shown on the page.
const REVIEWS: u32 = 10;

/// A review as shown.
struct ReviewItem {
    author: String,
    stars: String,
    content: String,
    date: String,
}

#[derive(Template)]
#[template(path = "space.html")]
struct SpacePage {
    layout: Layout,
    card: Card,
    address: String,
    description: String,
    photos: Vec<String>,
    facilities: Vec<String>,
    host: String,
    /// How a booking is confirmed.
    mode: &'static str,
    day: Day,
    reviews: Vec<ReviewItem>,
}

async fn reviews(visit: &Visit, id: SpaceId) -> Result<Vec<ReviewItem>, WebError> {
    let page = Page::new(None, Some(REVIEWS)).map_err(WebError::unexpected)?;
    let reviews = visit.state.services.reviews.list(id, page).await;
    let reviews = reviews.map_err(WebError::unexpected)?;
    let tz = visit.state.services.timezone;
    Ok(reviews
        .items
        .into_iter()
        .map(|r| ReviewItem {
            author: r.author_nickname,
            stars: "★".repeat(usize::from(r.review.rating.get())),
            content: r.review.content,
            date: r
                .review
                .created_at
                .with_timezone(&tz)
                .format("%Y-%m-%d")
                .to_string(),
        })
        .collect())
}

fn detail_page(visit: &Visit, space: SpaceDetail, day: Day) -> SpacePage {
    SpacePage {
        layout: Layout::of(visit, space.summary.title.clone()),
        card: Card::from(&space.summary),
        address: space.summary.address.clone(),
        photos: space.summary.images.iter().map(|i| i.url.clone()).collect(),
        facilities: space.facilities.iter().map(|f| f.name.clone()).collect(),
        host: space.host.nickname.clone(),
        mode: match space.booking_mode {
            BookingMode::Instant => "바로 예약 · 예약 후 바로 결제",
            BookingMode::Approval => "승인 후 예약 · 호스트가 수락하면 결제",
        },
        description: space.description,
        day,
        reviews: Vec::new(),
    }
}

/// The space, or no page.
pub async fn load(visit: &Visit, id: SpaceId) -> Result<SpaceDetail, WebError> {
    found(visit.state.services.spaces.get(id).await)
}

/// `GET /spaces/{id}?date=`.
pub async fn space(
    visit: Visit,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let id: SpaceId = path_id(&id)?;
    let fields = Fields::parse(req.query_string().as_bytes())?;
    let (space, day) = Day::read(&visit, id, &fields).await?;
    let mut shown = detail_page(&visit, space, day);
    shown.reviews = reviews(&visit, id).await?;
    page(&visit, &shown)
}

/// `POST /spaces/{id}/like`: `do=like` or `do=unlike`, then back to the space.
pub async fn like(
    visit: Visit,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let id: SpaceId = path_id(&id)?;
    let (fields, user) = visit.user_form(&body, &format!("/spaces/{}", id.0))?;
    let likes = &visit.state.services.likes;
    let done = match fields.text("do") {
        Some("unlike") => likes.unlike(user, id).await,
        _ => likes.like(user, id).await,
    };
    match done {
        Ok(_) => Ok(see_other(&visit, &format!("/spaces/{}", id.0))),
        Err(ReviewError::SpaceNotFound) => Err(WebError::NotFound),
        Err(e) => Err(WebError::unexpected(e)),
    }
}
