//! The host's spaces: the list, registering one (with photos) and editing one. Registration
//! and edits go through the same domain rules as the API's; a refused form lists every
//! error in Korean and keeps what was typed.

use super::host_photos::{EditPage, Photos};
use super::space::load;
use super::space_form::{NewPage, SpaceForm, fields_of, space_input};
use super::view::{Card, Pager};
use crate::error::WebError;
use crate::form::{FieldErrors, Fields, path_id};
use crate::render::{Layout, page, page_with, see_other};
use crate::upload;
use crate::visit::Visit;
use actix_multipart::Multipart;
use actix_web::http::StatusCode;
use actix_web::{HttpRequest, HttpResponse, web};
use askama::Template;
use chrono::NaiveDate;
use ourspace_domain::shared::{Page, SpaceId, UserId};
use ourspace_domain::space::{MAX_IMAGES, SpaceDetail, SpaceError, SpaceInput, SpacePatch};

#[derive(Template)]
#[template(path = "host_spaces.html")]
struct HostSpaces {
    layout: Layout,
    cards: Vec<Card>,
    pager: Pager,
}

/// `GET /host/spaces?page=`.
pub async fn list(visit: Visit, req: HttpRequest) -> Result<HttpResponse, WebError> {
    let host = visit.user()?.id;
    let fields = Fields::parse(req.query_string().as_bytes())?;
    let page_of = Page::new(fields.get("page").ok().flatten(), Some(20)).unwrap_or_default();
    let spaces = visit.state.services.spaces.list_hosted(host, page_of).await;
    let spaces = spaces.map_err(WebError::unexpected)?;
    let shown = HostSpaces {
        layout: Layout::of(&visit, "호스트 센터"),
        cards: spaces.items.iter().map(Card::from).collect(),
        pager: Pager::of("/host/spaces", &fields, &spaces),
    };
    page(&visit, &shown)
}

async fn form(visit: &Visit, fields: Fields) -> Result<SpaceForm, WebError> {
    let catalog = visit
        .state
        .catalog
        .get(&visit.state.services.catalog)
        .await?;
    Ok(SpaceForm::new(&catalog, fields))
}

/// The registration form with `fields`.
async fn new_page(visit: &Visit, fields: Fields) -> Result<NewPage, WebError> {
    let mut form = form(visit, fields).await?;
    form.heading = "새 공간 등록".into();
    form.action = "/host/spaces/new".into();
    form.with_photos = true;
    Ok(NewPage {
        layout: Layout::of(visit, "공간 등록"),
        form,
    })
}

/// `GET /host/spaces/new`.
pub async fn new(visit: Visit) -> Result<HttpResponse, WebError> {
    visit.user()?;
    let defaults = [
        ("booking_mode", "instant"),
        ("min_guests", "1"),
        ("max_guests", "10"),
    ];
    let fields = Fields::from(defaults.map(|(k, v)| (k.to_owned(), v.to_owned())).to_vec());
    page(&visit, &new_page(&visit, fields).await?)
}

/// A refused form: its fields' errors and the domain's.
fn refused(shown: &mut SpaceForm, e: SpaceError) -> Result<(), WebError> {
    match e {
        SpaceError::Validation(errors) => shown.refuse(&errors),
        SpaceError::Image { reason, .. } => {
            shown.error = Some(upload::image_message(&reason).to_owned());
        }
        SpaceError::NotFound | SpaceError::Forbidden => return Err(WebError::NotFound),
        e => return Err(WebError::unexpected(e)),
    }
    Ok(())
}

/// The form with what could not be read and, to list everything at once, every rule the
/// rest breaks (with opening dates from `earliest_open_from` on).
fn unreadable(
    shown: &mut SpaceForm,
    input: &SpaceInput,
    errors: FieldErrors,
    earliest_open_from: NaiveDate,
) {
    shown.errors = errors;
    if let Err(rules) = input.parse(earliest_open_from) {
        shown.refuse(&rules);
    }
    shown.error = Some("입력한 내용을 확인해 주세요.".into());
}

/// `POST /host/spaces/new` (multipart: the fields and `images`).
pub async fn register(visit: Visit, payload: Multipart) -> Result<HttpResponse, WebError> {
    let host: UserId = visit.user_for("/host/spaces/new")?.id;
    visit.check_same_site()?;
    let mut upload = upload::read(&visit.state, payload, MAX_IMAGES).await?;
    let fields = Fields::from(std::mem::take(&mut upload.fields));
    visit.check_form(fields.text("csrf"))?;
    let (input, errors) = space_input(&fields);
    let mut shown = new_page(&visit, fields).await?;
    if errors.is_empty() {
        match visit
            .state
            .services
            .spaces
            .register(host, &input, upload.images)
            .await
        {
            Ok(space) => {
                return Ok(see_other(
                    &visit,
                    &format!("/spaces/{}", space.summary.id.0),
                ));
            }
            Err(e) => refused(&mut shown.form, e)?,
        }
    } else {
        let today = visit.state.services.clock.today();
        unreadable(&mut shown.form, &input, errors, today);
    }
    page_with(&visit, StatusCode::BAD_REQUEST, &shown)
}

/// The host's own space, or no page.
async fn owned(visit: &Visit, raw_id: &str) -> Result<SpaceDetail, WebError> {
    let id: SpaceId = path_id(raw_id)?;
    let host = visit.user()?.id;
    let space = load(visit, id).await?;
    if space.host.id == host {
        Ok(space)
    } else {
        Err(WebError::NotFound)
    }
}

/// The edit page of `space` with `fields`.
async fn edit_page(
    visit: &Visit,
    space: &SpaceDetail,
    fields: Fields,
) -> Result<EditPage, WebError> {
    let mut form = form(visit, fields).await?;
    form.heading = format!("{} 수정", space.summary.title);
    form.action = format!("/host/spaces/{}/edit", space.summary.id.0);
    Ok(EditPage {
        layout: Layout::of(visit, "공간 수정"),
        form,
        photos: Photos::of(space),
    })
}

/// `GET /host/spaces/{id}/edit`.
pub async fn edit(visit: Visit, id: web::Path<String>) -> Result<HttpResponse, WebError> {
    let space = owned(&visit, &id).await?;
    page(&visit, &edit_page(&visit, &space, fields_of(&space)).await?)
}

/// Every field of the form as a change (the opening date only when it changed, so an
/// opening date already past stays allowed).
fn whole_patch(input: SpaceInput, space: &SpaceDetail) -> SpacePatch {
    SpacePatch {
        category_id: input.category_id,
        district_id: input.district_id,
        title: input.title,
        subtitle: Some(input.subtitle),
        description: Some(input.description),
        address: input.address,
        latitude: input.latitude,
        longitude: input.longitude,
        min_guests: input.min_guests,
        max_guests: input.max_guests,
        facility_ids: Some(input.facility_ids),
        booking_mode: input.booking_mode,
        open_from: (input.open_from != space.open_period.from()).then_some(input.open_from),
        open_until: Some(input.open_until),
        options: Some(input.options),
        hourly_rate: Some(input.hourly_rate),
        min_hours: Some(input.min_hours),
    }
}

/// `POST /host/spaces/{id}/edit`.
pub async fn update(
    visit: Visit,
    id: web::Path<String>,
    body: web::Bytes,
) -> Result<HttpResponse, WebError> {
    let fields = Fields::parse(&body)?;
    visit.check_form(fields.text("csrf"))?;
    let space = owned(&visit, &id).await?;
    let (input, errors) = space_input(&fields);
    let mut shown = edit_page(&visit, &space, fields).await?;
    if errors.is_empty() {
        let patch = whole_patch(input, &space);
        let services = &visit.state.services;
        match services
            .spaces
            .update(space.host.id, space.summary.id, patch)
            .await
        {
            Ok(_) => {
                return Ok(see_other(
                    &visit,
                    &format!("/spaces/{}", space.summary.id.0),
                ));
            }
            Err(e) => refused(&mut shown.form, e)?,
        }
    } else {
        // The stored opening date may lie in the past; only the other rules are listed.
        unreadable(&mut shown.form, &input, errors, NaiveDate::MIN);
    }
    page_with(&visit, StatusCode::BAD_REQUEST, &shown)
}
