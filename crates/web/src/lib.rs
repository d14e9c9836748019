//! Ourspace's web pages: server-rendered HTML in Korean over the same domain services the
//! REST API drives — a second inbound adapter, with its own session cookie, CSRF tokens and
//! forms. It never touches storage: it knows only the domain.

mod catalog;
mod error;
mod form;
mod ko;
mod pages;
mod quiet;
mod render;
pub mod session;
mod upload;
mod visit;

use ourspace_domain::auth::AuthService;
use ourspace_domain::catalog::CatalogService;
use ourspace_domain::media::ImageProcessor;
use ourspace_domain::order::OrderService;
use ourspace_domain::recommend::RecommendationService;
use ourspace_domain::review::{LikeService, ReviewService};
use ourspace_domain::shared::Clock;
use ourspace_domain::space::SpaceService;
use std::sync::Arc;

pub use error::WebError;
pub use quiet::quiet_redirects;
pub use session::CsrfKey;

/// The demo accounts the development sign-in offers, by their provider ids.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct DevAccounts {
    /// The demo host's provider id.
    pub host: i64,
    /// The demo guest's provider id.
    pub guest: i64,
}

/// The domain services the pages call.
#[derive(Clone)]
pub struct Services {
    pub catalog: CatalogService,
    pub spaces: SpaceService,
    pub auth: AuthService,
    pub orders: OrderService,
    pub reviews: ReviewService,
    pub likes: LikeService,
    pub recommendations: RecommendationService,
    /// Prepares uploaded photos (decoded, cleaned, thumbnailed).
    pub images: Arc<dyn ImageProcessor>,
    /// Today's business date, for the date pickers.
    pub clock: Arc<dyn Clock>,
    /// The business time zone dates are shown in.
    pub timezone: chrono_tz::Tz,
}

/// Everything the pages need, shared by every worker.
#[derive(Clone)]
pub struct WebState {
    services: Services,
    /// Makes and checks the forms' CSRF tokens.
    csrf: CsrfKey,
    /// `Some` in development only: the sign-in page offers to act as these accounts.
    dev_accounts: Option<DevAccounts>,
    /// Where the Kakao sign-in starts (the API's code flow, returning to `/sign-in/done`),
    /// when Kakao is configured.
    kakao_sign_in: Option<String>,
    catalog: catalog::CachedCatalog,
}

impl WebState {
    /// Pages over `services`; `dev_accounts` only in development; `kakao_sign_in` is the
    /// address that starts a Kakao sign-in coming back to `/sign-in/done`.
    #[must_use]
    pub fn new(
        services: Services,
        csrf: CsrfKey,
        dev_accounts: Option<DevAccounts>,
        kakao_sign_in: Option<String>,
    ) -> Self {
        Self {
            services,
            csrf,
            dev_accounts,
            kakao_sign_in,
            catalog: catalog::CachedCatalog::default(),
        }
    }
}

/// Registers the pages (at `/`, `/spaces`, `/sign-in`, …) and their static files.
pub fn configure(cfg: &mut actix_web::web::ServiceConfig) {
    pages::configure(cfg);
}
