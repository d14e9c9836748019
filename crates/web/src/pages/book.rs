//! Booking a space: a package or an hour range, the head count and the booker's contact,
//! with the refund policy shown before anything is paid. A refused form comes back with
//! every field error in Korean and what was typed.

use super::space::load;
use super::view::{hourly_text, hours, won};
use crate::error::WebError;
use crate::form::{FieldErrors, Fields, Lenient, path_id};
use crate::ko;
use crate::render::{Layout, page, page_with, see_other};
use crate::visit::Visit;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use ourspace_domain::order::{BookerInput, OrderError, OrderInput, RefundPolicy};
use ourspace_domain::shared::{SpaceId, UserId};
use ourspace_domain::space::{BookingMode, SpaceDetail};

/// A package in the form's choice.
struct PackageChoice {
    id: i64,
    label: String,
    selected: bool,
}

#[derive(Template)]
#[template(path = "book.html")]
struct BookPage {
    layout: Layout,
    space_id: i64,
    title: String,
    capacity: String,
    packages: Vec<PackageChoice>,
    /// "시간당 10,000원 · 최소 2시간", when hours may be booked.
    hourly: Option<String>,
    /// Paid right away, or once the host accepts.
    instant: bool,
    refund: String,
    fields: Fields,
    /// The refused fields, and one message for the whole form.
    errors: FieldErrors,
    error: Option<String>,
}

/// The refund policy in words.
pub fn refund_text(policy: RefundPolicy) -> String {
    format!(
        "이용 {}일 전까지 취소하면 전액, {}일 전까지는 50% 환불되며, 그 이후에는 환불되지 않습니다.",
        policy.full_days_before, policy.half_days_before
    )
}

fn form(visit: &Visit, space: &SpaceDetail, fields: Fields) -> BookPage {
    let chosen = fields.text("option_id").unwrap_or_default().to_owned();
    BookPage {
        layout: Layout::of(visit, format!("{} 예약", space.summary.title)),
        space_id: space.summary.id.0,
        title: space.summary.title.clone(),
        capacity: format!(
            "{}–{}명",
            space.summary.min_guests, space.summary.max_guests
        ),
        packages: space
            .options
            .iter()
            .map(|o| PackageChoice {
                id: o.id.0,
                label: format!(
                    "{} · {} · {}",
                    o.name,
                    hours(o.hours.start(), o.hours.end()),
                    won(o.price.get())
                ),
                selected: o.id.0.to_string() == chosen,
            })
            .collect(),
        hourly: space.hourly_rate.map(hourly_text),
        instant: space.booking_mode == BookingMode::Instant,
        refund: refund_text(visit.state.services.orders.refund_policy()),
        fields,
        errors: FieldErrors::default(),
        error: None,
    }
}

/// `GET /spaces/{id}/book?date=&option=`.
pub async fn show(
    visit: Visit,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let id: SpaceId = path_id(&id)?;
    visit.user()?;
    let fields = Fields::parse(req.query_string().as_bytes())?;
    let space = load(&visit, id).await?;
    let shown = form(&visit, &space, fields);
    page(&visit, &shown)
}

/// The order the form asks for (the package in `option_id`, or `hours` and an hour range),
/// and the fields that could not be read.
fn order_input(id: SpaceId, f: &Fields) -> (OrderInput, FieldErrors) {
    let mut read = Lenient::new(f);
    let (option_id, start_hour, end_hour) = match f.text("option_id") {
        Some("hours") | None => (None, read.get("start_hour"), read.get("end_hour")),
        Some(_) => (read.get("option_id"), None, None),
    };
    let input = OrderInput {
        space_id: Some(id.0),
        date: read.get("date"),
        option_id,
        start_hour,
        end_hour,
        guests: read.get("guests"),
        booker: BookerInput {
            name: read.text("name"),
            phone: read.text("phone"),
            email: read.text("email"),
            purpose: f.text("purpose").map(str::to_owned),
            request: f.text("request").map(str::to_owned),
        },
    };
    (input, read.errors)
}

/// What a refused booking shows: its status, the refused fields and one message for the
/// whole form.
fn refusal(e: OrderError) -> Result<(StatusCode, FieldErrors, String), WebError> {
    let mut errors = FieldErrors::default();
    let (status, message) = match e {
        OrderError::Validation(refused) => {
            errors.add_domain(&refused);
            (StatusCode::BAD_REQUEST, "입력한 내용을 확인해 주세요.")
        }
        OrderError::InvalidParameter(e) => {
            errors.push(e.parameter, ko::message(&e.message));
            (StatusCode::BAD_REQUEST, "입력한 내용을 확인해 주세요.")
        }
        OrderError::SlotTaken => (
            StatusCode::CONFLICT,
            "이미 예약된 시간이 포함되어 있습니다. 다른 시간을 선택해 주세요.",
        ),
        OrderError::InsufficientPoints => (StatusCode::CONFLICT, "포인트가 부족합니다."),
        OrderError::TooManyWaiting(_) => (
            StatusCode::CONFLICT,
            "결제를 기다리는 예약이 너무 많습니다. 먼저 결제하거나 취소해 주세요.",
        ),
        e => return Err(WebError::unexpected(e)),
    };
    Ok((status, errors, message.to_owned()))
}

/// Places the order; a booking sent again (a double click, a reload) finds the one the
/// first placed. Answers the order's id, or why it was refused.
async fn placed(
    visit: &Visit,
    guest: UserId,
    input: &OrderInput,
) -> Result<Result<i64, OrderError>, WebError> {
    let orders = &visit.state.services.orders;
    match orders.place(guest, input).await {
        Ok(placed) => Ok(Ok(placed.view.order.id.0)),
        Err(OrderError::SlotTaken) => match orders.placed_just_now(guest, input).await {
            Ok(Some(first)) => Ok(Ok(first.view.order.id.0)),
            Ok(None) => Ok(Err(OrderError::SlotTaken)),
            Err(e) => Err(WebError::unexpected(e)),
        },
        Err(e) => Ok(Err(e)),
    }
}

/// `POST /spaces/{id}/book`: places the order and shows it (to pay, or to wait for the
/// host); a refused form comes back with the space read again to show it.
pub async fn place(
    visit: Visit,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let id: SpaceId = path_id(&id)?;
    let (fields, guest) = visit.user_form(&body, &format!("/spaces/{}/book", id.0))?;
    let (input, unreadable) = order_input(id, &fields);
    let (status, errors, error) = if unreadable.is_empty() {
        match placed(&visit, guest, &input).await? {
            Ok(order) => return Ok(see_other(&visit, &format!("/me/bookings/{order}"))),
            Err(e) => refusal(e)?,
        }
    } else {
        let message = "입력한 내용을 확인해 주세요.".to_owned();
        (StatusCode::BAD_REQUEST, unreadable, message)
    };
    let space = load(&visit, id).await?;
    let mut shown = form(&visit, &space, fields);
    shown.errors = errors;
    shown.error = Some(error);
    page_with(&visit, status, &shown)
}
