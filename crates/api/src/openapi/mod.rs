//! The OpenAPI 3 document (`GET /openapi.json`) and its offline page (`GET /docs/`).
//!
//! Responses are the DTOs themselves, errors the [`Problem`] they are written as, request
//! bodies the domain's own input types (its `openapi` feature). Only the multipart forms
//! are described here, as the parts they carry.

mod conventions;

use conventions::Conventions;

use crate::routes;
use actix_web::{HttpResponse, web};
use ourspace_domain::review::ReviewInput;
use ourspace_domain::space::SpaceInput;
use utoipa::openapi::security::{HttpAuthScheme, HttpBuilder, SecurityScheme};
use utoipa::{Modify, OpenApi, ToSchema};
use utoipa_swagger_ui::SwaggerUi;

pub use crate::error::Problem;

/// The paging parameters every list takes, documented once (`Params::page` reads them).
#[derive(utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct PageQuery {
    /// 1–100,000 (default 1)
    #[param(minimum = 1, maximum = 100000)]
    pub page: Option<u32>,
    /// 1–100 (default 20)
    #[param(minimum = 1, maximum = 100)]
    pub per_page: Option<u32>,
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
    components(schemas(Problem)),
    tags(
        (name = "health", description = "Probes"),
        (name = "media", description = "Photos stored on local disk"),
        (name = "auth", description = "Kakao sign-in"),
        (name = "catalog", description = "Categories, districts, facilities"),
        (name = "spaces", description = "Search and hosting"),
        (name = "orders", description = "Bookings and their status flow"),
        (name = "reviews", description = "Reviews and likes"),
        (name = "users", description = "The signed-in user"),
    ),
)]
pub struct ApiDoc;

/// The document: what [`ApiDoc`] declares, every served route's operation (from its
/// `#[utoipa::path]`, see `routes::Router`), then the bearer scheme and the [`Conventions`]
/// every operation follows.
#[must_use]
pub fn document() -> utoipa::openapi::OpenApi {
    let mut doc = ApiDoc::openapi();
    routes::document_all(&mut doc);
    BearerAuth.modify(&mut doc);
    Conventions.modify(&mut doc);
    doc
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
