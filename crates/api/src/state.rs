//! What every handler can reach: the domain services and a few adapters.

use ourspace_domain::auth::AuthService;
use ourspace_domain::catalog::CatalogService;
use ourspace_domain::order::OrderService;
use ourspace_domain::recommend::RecommendationService;
use ourspace_domain::review::{LikeService, ReviewService};
use ourspace_domain::space::SpaceService;
use ourspace_domain::user::UserService;
use ourspace_infrastructure::DatabaseConnection;
use ourspace_infrastructure::media::LocalImageStore;

/// Shared, cheaply cloned application state.
#[derive(Clone)]
pub struct AppState {
    pub catalog: CatalogService,
    pub spaces: SpaceService,
    pub auth: AuthService,
    pub users: UserService,
    pub orders: OrderService,
    pub reviews: ReviewService,
    pub likes: LikeService,
    pub recommendations: RecommendationService,
    /// The business time zone: booked ranges are shown as local times in it.
    pub timezone: chrono_tz::Tz,
    /// For the readiness probe.
    pub db: DatabaseConnection,
    /// Set when photos are on local disk and served at `/media/`.
    pub local_media: Option<LocalImageStore>,
    /// How the cookie binding a sign-in to its browser is written.
    pub sign_in_cookie: crate::sign_in_cookie::SignInCookie,
    /// Decodes, cleans and thumbnails uploaded photos.
    pub images: std::sync::Arc<dyn ourspace_domain::media::ImageProcessor>,
}

impl AppState {
    /// Reads multipart uploads, preparing their photos as they stream in.
    #[must_use]
    pub fn uploads(&self) -> crate::multipart::Images<'_> {
        crate::multipart::Images {
            processor: self.images.as_ref(),
        }
    }
}
