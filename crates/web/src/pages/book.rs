//! Booking a space: a package or an hour range, the head count and the booker's contact,
//! with the refund policy shown before anything is paid. A refused form comes back with
//! every field error in Korean and what was typed.

use super::space::{load, space_id};
use super::view::{hourly_text, hours, won};
use crate::error::WebError;
use crate::form::Fields;
use crate::ko;
use crate::render::{Layout, page_with, see_other};
use crate::visit::Visit;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use ourspace_domain::order::{
    BookerInput, MyOrdersQuery, OrderError, OrderInput, OrderReading, RefundPolicy, When,
};
use ourspace_domain::shared::{Page, SpaceId, UserId};
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
    /// Field errors (field, Korean message) and a general one.
    errors: Vec<(String, String)>,
    error: Option<String>,
}

impl BookPage {
    /// The Korean error of `field`, if it has one.
    fn error_for(&self, field: &str) -> Option<&str> {
        self.errors
            .iter()
            .find(|(f, _)| f == field)
            .map(|(_, m)| m.as_str())
    }
}

/// The refund policy in words.
pub fn refund_text(policy: RefundPolicy) -> String {
    format!(
        "이용 {}일 전까지 취소하면 전액, {}일 전까지는 50% 환불되며, 그 이후에는 환불되지 않습니다.",
        policy.full_days_before, policy.half_days_before
    )
}

fn form(visit: &Visit, space: &SpaceDetail, fields: Fields) -> BookPage {
    let chosen = fields
        .text("option")
        .or(fields.text("option_id"))
        .unwrap_or_default()
        .to_owned();
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
        errors: Vec::new(),
        error: None,
    }
}

/// `GET /spaces/{id}/book?date=&option=`.
pub async fn show(
    visit: Visit,
    id: web::Path<String>,
    req: HttpRequest,
) -> Result<HttpResponse, WebError> {
    let id = space_id(&id)?;
    visit.user()?;
    let fields = Fields::parse(req.query_string().as_bytes())?;
    let space = load(&visit, id).await?;
    let shown = form(&visit, &space, fields);
    page_with(&visit, StatusCode::OK, &shown)
}

fn order_input(id: SpaceId, f: &Fields) -> Result<OrderInput, (String, String)> {
    let bad = |e: crate::form::FieldError| (e.field.to_owned(), e.message);
    let (start_hour, end_hour, option_id) = match f.text("option") {
        Some("hours") | None => (
            f.get("start_hour").map_err(bad)?,
            f.get("end_hour").map_err(bad)?,
            None,
        ),
        Some(_) => (
            None,
            None,
            Some(f.get("option").map_err(bad)?.unwrap_or_default()),
        ),
    };
    let text = |name: &str| f.text(name).unwrap_or_default().to_owned();
    Ok(OrderInput {
        space_id: Some(id.0),
        date: f.get("date").map_err(bad)?,
        option_id,
        start_hour,
        end_hour,
        guests: f.get("guests").map_err(bad)?,
        booker: BookerInput {
            name: text("name"),
            phone: text("phone"),
            email: text("email"),
            purpose: f.text("purpose").map(str::to_owned),
            request: f.text("request").map(str::to_owned),
        },
    })
}

/// A refused booking's status, field errors (field, Korean message) and general message.
type Refusal = (StatusCode, Vec<(String, String)>, Option<String>);

/// What a refused booking shows: field errors, or one message for the whole form.
fn refusal(e: OrderError) -> Result<Refusal, WebError> {
    let whole = |status, message: &str| Ok((status, Vec::new(), Some(message.to_owned())));
    match e {
        OrderError::Validation(errors) => Ok((
            StatusCode::BAD_REQUEST,
            errors
                .fields()
                .iter()
                .map(|e| (e.field.clone(), ko::message(&e.message)))
                .collect(),
            Some("입력한 내용을 확인해 주세요.".to_owned()),
        )),
        OrderError::InvalidParameter(e) => Ok((
            StatusCode::BAD_REQUEST,
            vec![(e.parameter.to_owned(), ko::message(&e.message))],
            None,
        )),
        OrderError::SlotTaken => whole(
            StatusCode::CONFLICT,
            "이미 예약된 시간이 포함되어 있습니다. 다른 시간을 선택해 주세요.",
        ),
        OrderError::InsufficientPoints => whole(StatusCode::CONFLICT, "포인트가 부족합니다."),
        OrderError::TooManyWaiting(_) => whole(
            StatusCode::CONFLICT,
            "결제를 기다리는 예약이 너무 많습니다. 먼저 결제하거나 취소해 주세요.",
        ),
        e => Err(WebError::unexpected(e)),
    }
}

/// A booking form sent again (a double click, a reload, a second tab) within this many
/// minutes finds the booking the first one placed.
const RESENT_WITHIN_MINUTES: i64 = 10;

/// The guest's own booking that `input` already placed — same space, date and time, placed
/// in the last minutes and still holding its hours — if any: a form sent twice shows the
/// one booking rather than a conflict with itself.
async fn placed_already(
    visit: &Visit,
    guest: UserId,
    input: &OrderInput,
) -> Result<Option<i64>, WebError> {
    let services = &visit.state.services;
    let query = MyOrdersQuery {
        page: Page::new(None, Some(20)).map_err(WebError::unexpected)?,
        status: None,
        when: Some(When::Upcoming),
    };
    let mine = services.orders.list_mine(guest, query).await;
    let mine = mine.map_err(WebError::unexpected)?;
    let since = services.clock.now() - chrono::Duration::minutes(RESENT_WITHIN_MINUTES);
    let same = |r: &&OrderReading| {
        let (o, time) = (&r.view.order, &r.view.order.time);
        let same_time = match input.option_id {
            Some(option) => time.option_id.map(|id| id.0) == Some(option),
            None => {
                (input.start_hour, input.end_hour)
                    == (
                        Some(i64::from(time.hours.start())),
                        Some(i64::from(time.hours.end())),
                    )
            }
        };
        Some(o.space_id.0) == input.space_id
            && Some(time.date) == input.date
            && same_time
            && o.created_at >= since
            && r.status.holds_slots()
            && !r.is_expired
    };
    Ok(mine.items.iter().find(same).map(|r| r.view.order.id.0))
}

/// `POST /spaces/{id}/book`: places the order and shows it (to pay, or to wait for the host).
pub async fn place(
    visit: Visit,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let id = space_id(&id)?;
    let (fields, guest) = visit.user_form(&body, &format!("/spaces/{}/book", id.0))?;
    let space = load(&visit, id).await?;
    let (status, errors, error) = match order_input(id, &fields) {
        Err(field) => (StatusCode::BAD_REQUEST, vec![field], None),
        Ok(input) => match visit.state.services.orders.place(guest, &input).await {
            Ok(placed) => {
                return Ok(see_other(
                    &visit,
                    &format!("/me/bookings/{}", placed.view.order.id.0),
                ));
            }
            Err(OrderError::SlotTaken) => match placed_already(&visit, guest, &input).await? {
                Some(order) => return Ok(see_other(&visit, &format!("/me/bookings/{order}"))),
                None => refusal(OrderError::SlotTaken)?,
            },
            Err(e) => refusal(e)?,
        },
    };
    let mut shown = form(&visit, &space, fields);
    shown.errors = errors;
    shown.error = error;
    page_with(&visit, status, &shown)
}
