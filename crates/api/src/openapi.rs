//! The OpenAPI 3 document (`GET /openapi.json`) and its offline page (`GET /docs/`).
//!
//! Responses are the DTOs themselves; request bodies the domain reads (`SpaceInput`,
//! `SpacePatch`, `OrderInput`, `ReviewInput`) are described here by schema-only mirrors,
//! since the domain crate carries no documentation dependency.

use crate::routes;
use actix_web::{HttpResponse, web};
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_swagger_ui::SwaggerUi;

/// An error answer (`application/problem+json`, RFC 9457).
#[derive(ToSchema)]
pub struct Problem {
    /// `urn:ourspace:problem:{code}`.
    #[schema(rename = "type")]
    pub kind: String,
    pub title: String,
    pub status: u16,
    pub detail: String,
    /// Stable: `validation_failed`, `invalid_parameter`, `invalid_body`, `unauthorized`,
    /// `forbidden`, `not_found`, `slot_taken`, `invalid_transition`, `insufficient_points`,
    /// `already_reviewed`, `has_active_orders`, `has_spaces`, `last_image`,
    /// `image_too_large`, `unsupported_image`, `payload_too_large`, `invalid_multipart`,
    /// `unknown_part`, `missing_part`, `kakao_*`, `invalid_state`, `redirect_not_allowed`,
    /// `database_unavailable`, `internal_error`.
    pub code: String,
    /// For 400 and 422: each field at fault.
    pub errors: Option<Vec<FieldProblem>>,
}

#[derive(ToSchema)]
pub struct FieldProblem {
    pub field: String,
    pub message: String,
}

/// A package of a space.
#[derive(ToSchema)]
pub struct OptionInput {
    /// 1–30 characters, e.g. `day`, `night`, `all`.
    pub name: String,
    /// Hours from midnight of the booked date: `0 ≤ start_hour < end_hour ≤ 48`, at most 24
    /// hours long.
    pub start_hour: i64,
    pub end_hour: i64,
    /// Won, 1–100,000,000.
    pub price: i64,
}

/// A space as a host registers it (the JSON part `space`).
#[derive(ToSchema)]
pub struct SpaceInput {
    pub category_id: i64,
    pub district_id: i64,
    /// 1–100 characters.
    pub title: String,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub address: String,
    pub latitude: f64,
    pub longitude: f64,
    pub min_guests: i64,
    pub max_guests: i64,
    pub facility_ids: Option<Vec<i64>>,
    /// `instant` or `approval`.
    pub booking_mode: String,
    pub open_from: Option<chrono::NaiveDate>,
    pub open_until: Option<chrono::NaiveDate>,
    /// Up to 10 packages; a space needs packages or an hourly rate.
    pub options: Option<Vec<OptionInput>>,
    /// Won per hour.
    pub hourly_rate: Option<i64>,
    /// 1–24, with `hourly_rate`.
    pub min_hours: Option<i64>,
}

/// Any fields of [`SpaceInput`]; `options` replaces the packages whole; `null` clears
/// `open_from`, `open_until`, `hourly_rate` and `min_hours`.
#[derive(ToSchema)]
pub struct SpacePatch {
    pub category_id: Option<i64>,
    pub district_id: Option<i64>,
    pub title: Option<String>,
    pub subtitle: Option<String>,
    pub description: Option<String>,
    pub address: Option<String>,
    pub latitude: Option<f64>,
    pub longitude: Option<f64>,
    pub min_guests: Option<i64>,
    pub max_guests: Option<i64>,
    pub facility_ids: Option<Vec<i64>>,
    pub booking_mode: Option<String>,
    pub open_from: Option<chrono::NaiveDate>,
    pub open_until: Option<chrono::NaiveDate>,
    pub options: Option<Vec<OptionInput>>,
    pub hourly_rate: Option<i64>,
    pub min_hours: Option<i64>,
}

/// `POST /spaces`: the JSON part and 1–20 photos (JPEG, PNG or WebP, ≤ 10 MiB each).
#[derive(ToSchema)]
pub struct SpaceUpload {
    #[schema(content_media_type = "application/json")]
    pub space: SpaceInput,
    #[schema(content_media_type = "application/octet-stream")]
    pub images: Vec<Vec<u8>>,
}

/// `POST /spaces/{id}/images`: photos to append (the space keeps at most 20).
#[derive(ToSchema)]
pub struct ImagesUpload {
    #[schema(content_media_type = "application/octet-stream")]
    pub images: Vec<Vec<u8>>,
}

/// Who books: the contact details the host sees.
#[derive(ToSchema)]
pub struct BookerInput {
    /// 1–50 characters.
    pub name: String,
    /// A Korean mobile number, e.g. `010-1234-5678`.
    pub phone: String,
    pub email: String,
    /// Up to 100 characters.
    pub purpose: Option<String>,
    /// Up to 500 characters.
    pub request: Option<String>,
}

/// `POST /orders`: a package (`option_id`) or an hour range (`start_hour`, `end_hour`).
#[derive(ToSchema)]
pub struct OrderInput {
    pub space_id: i64,
    /// Today or later in the business time zone, inside the space's open period.
    pub date: chrono::NaiveDate,
    pub option_id: Option<i64>,
    /// Hours from midnight of `date` (`end_hour` up to 48); at least the space's minimum.
    pub start_hour: Option<i64>,
    pub end_hour: Option<i64>,
    pub guests: i64,
    pub booker: BookerInput,
}

/// The JSON part `review`.
#[derive(ToSchema)]
pub struct ReviewInput {
    pub order_id: i64,
    /// 1–5.
    pub rating: i64,
    /// 1–2,000 characters.
    pub content: String,
}

/// `POST /spaces/{id}/reviews`: the review and an optional photo.
#[derive(ToSchema)]
pub struct ReviewUpload {
    #[schema(content_media_type = "application/json")]
    pub review: ReviewInput,
    #[schema(content_media_type = "application/octet-stream")]
    pub image: Option<Vec<u8>>,
}

struct BearerAuth;

impl Modify for BearerAuth {
    fn modify(&self, openapi: &mut utoipa::openapi::OpenApi) {
        let components = openapi.components.get_or_insert_with(Default::default);
        components.add_security_scheme(
            "bearer",
            SecurityScheme::Http(
                HttpBuilder::new()
                    .scheme(HttpAuthScheme::Bearer)
                    .bearer_format("JWT")
                    .description(Some(
                        "A token from `/api/v1/auth/kakao/*` (or `ourspace token --user-id N`).",
                    ))
                    .build(),
            ),
        );
    }
}

#[derive(OpenApi)]
#[openapi(
    info(
        title = "Ourspace",
        description = "Rent spaces by the slot: search, hosting, bookings with points, reviews and likes. \
            Errors are `application/problem+json` with a stable `code`; lists answer \
            `{items, page, per_page, total}`; dates are `YYYY-MM-DD` and times RFC 3339.",
    ),
    modifiers(&BearerAuth),
    paths(
        routes::health::health, routes::health::ready, routes::health::metrics, routes::media::serve,
        routes::auth::authorize, routes::auth::callback, routes::auth::token,
        routes::catalog::categories, routes::catalog::districts, routes::catalog::facilities,
        routes::spaces::list, routes::spaces::register, routes::spaces::detail,
        routes::spaces::availability, routes::spaces::update, routes::spaces::delete,
        routes::spaces::add_images, routes::spaces::delete_image, routes::spaces::hosted,
        routes::orders::place, routes::orders::mine, routes::orders::one,
        routes::orders::approve, routes::orders::reject, routes::orders::pay,
        routes::orders::cancel, routes::orders::hosted,
        routes::reviews::list, routes::reviews::create, routes::reviews::delete,
        routes::reviews::like, routes::reviews::unlike, routes::reviews::liked,
        routes::users::me, routes::users::update, routes::users::delete,
    ),
    components(schemas(Problem, FieldProblem)),
    tags(
        (name = "health", description = "Probes"),
        (name = "auth", description = "Kakao sign-in"),
        (name = "catalog", description = "Categories, districts, facilities"),
        (name = "spaces", description = "Search and hosting"),
        (name = "orders", description = "Bookings and their status flow"),
        (name = "reviews", description = "Reviews and likes"),
        (name = "users", description = "The signed-in user"),
    ),
)]
pub struct ApiDoc;

/// The document, built once.
#[must_use]
pub fn document() -> utoipa::openapi::OpenApi {
    ApiDoc::openapi()
}

/// Serves `/openapi.json`, and Swagger UI (built into the binary) at `/docs/`.
pub fn configure(cfg: &mut web::ServiceConfig) {
    cfg.service(SwaggerUi::new("/docs/{_:.*}").url("/openapi.json", document()))
        .route(
            "/docs",
            web::get().to(|| async {
                HttpResponse::PermanentRedirect()
                    .insert_header(("location", "/docs/"))
                    .finish()
            }),
        );
}
