//! Building and running the server: database, adapters, services, routes.

mod auth;
mod database;
mod pages;
mod search;

pub use database::{SETUP_WAIT, db_config, prepare_database, serving_db_config};

use crate::config::{Config, StorageConfig};
use crate::metrics::Metrics;
use crate::server::{api_server, metrics_server};
use crate::sign_in_cookie::SignInCookie;
use crate::state::AppState;
use actix_web::dev::Server;
pub use actix_web::dev::ServerHandle;
use actix_web::web;
use chrono::Duration;
use ourspace_domain::catalog::CatalogService;
use ourspace_domain::media::ImageStore;
use ourspace_domain::order::{OrderService, OrderSettings, RefundPolicy};
use ourspace_domain::recommend::RecommendationService;
use ourspace_domain::review::{LikeService, ReviewService};
use ourspace_domain::shared::{BoxError, Clock};
use ourspace_domain::space::SpaceService;
use ourspace_domain::user::UserService;
use ourspace_infrastructure::DatabaseConnection;
use ourspace_infrastructure::clock::SystemClock;
use ourspace_infrastructure::media::{ImageCodec, LocalImageStore, S3ImageStore};
use ourspace_infrastructure::repo::{
    GrantKey, SeaOrmCatalogRepository, SeaOrmLikeRepository, SeaOrmOrderRepository,
    SeaOrmRecommendationRepository, SeaOrmReviewRepository, SeaOrmSpaceRepository,
    SeaOrmUserRepository,
};
use secrecy::ExposeSecret;
use std::net::TcpListener;
use std::sync::Arc;
use tokio::task::JoinHandle;

/// The largest JSON body accepted.
pub const JSON_LIMIT_BYTES: usize = 64 * 1024;

/// A bound, ready-to-run server.
pub struct Application {
    port: u16,
    server: Server,
    /// The metrics listener's port and server, when one is configured.
    metrics: Option<(u16, Server)>,
    db: DatabaseConnection,
    /// The scheduled jobs (expiry sweep, recommendations' refresh), stopped with the server.
    jobs: Vec<JoinHandle<()>>,
}

/// The configured image store, and the local one again when photos are served at `/media/`.
///
/// # Errors
/// The bucket cannot be created (only with `OURSPACE_S3_CREATE_BUCKET`).
pub async fn image_store(
    config: &Config,
) -> Result<(Arc<dyn ImageStore>, Option<LocalImageStore>), BoxError> {
    match &config.storage {
        StorageConfig::Local { dir } => {
            let local = LocalImageStore::new(dir, "/media");
            Ok((Arc::new(local.clone()), Some(local)))
        }
        StorageConfig::S3 {
            store,
            create_bucket,
        } => {
            let store = S3ImageStore::new(store).await;
            if *create_bucket {
                store.ensure_bucket().await?;
            }
            Ok((Arc::new(store), None))
        }
    }
}

/// Wires adapters into the domain services, with the system clock.
///
/// # Errors
/// A bad Kakao setting, or the development secret file cannot be read or written.
pub async fn app_state(config: &Config, db: DatabaseConnection) -> Result<AppState, BoxError> {
    let clock = Arc::new(SystemClock::new(config.timezone));
    app_state_with_clock(config, db, clock).await
}

/// How long orders wait and what refunds they promise, as configured.
fn order_settings(config: &Config) -> Result<OrderSettings, BoxError> {
    Ok(OrderSettings {
        payment_hold: Duration::minutes(config.payment_hold_minutes),
        approval_hold: Duration::minutes(config.approval_hold_minutes),
        refund_policy: RefundPolicy {
            full_days_before: u32::try_from(config.refund_full_days)?,
            half_days_before: u32::try_from(config.refund_half_days)?,
        },
        booking_horizon: config.booking_horizon,
        max_waiting_orders: config.max_waiting_orders,
    })
}

/// As [`app_state`], with the given clock (tests move time through it).
///
/// # Errors
/// A bad Kakao setting, or the development secret file cannot be read or written.
pub async fn app_state_with_clock(
    config: &Config,
    db: DatabaseConnection,
    clock: Arc<dyn Clock>,
) -> Result<AppState, BoxError> {
    let (store, local_media) = image_store(config).await?;
    let secret = config.resolve_jwt_secret()?;
    let users = Arc::new(
        SeaOrmUserRepository::new(db.clone())
            .with_grant_key(GrantKey::derive(secret.expose_secret().as_bytes()))
            .with_clock(clock.clone()),
    );
    let space_repo = Arc::new(
        SeaOrmSpaceRepository::new(db.clone())
            .with_clock(clock.clone())
            .with_detail_cache(config.space_cache_entries),
    );
    let order_repo = Arc::new(SeaOrmOrderRepository::new(db.clone()));
    Ok(AppState {
        catalog: CatalogService::new(Arc::new(SeaOrmCatalogRepository::new(db.clone()))),
        spaces: SpaceService::new(space_repo.clone(), store.clone(), clock.clone())
            .with_booking_horizon(config.booking_horizon),
        orders: OrderService::new(
            order_repo.clone(),
            space_repo.clone(),
            clock.clone(),
            order_settings(config)?,
        ),
        reviews: ReviewService::new(
            Arc::new(SeaOrmReviewRepository::new(db.clone())),
            order_repo,
            space_repo.clone(),
            store,
            clock.clone(),
        ),
        likes: LikeService::new(
            Arc::new(SeaOrmLikeRepository::new(db.clone())),
            space_repo,
            clock.clone(),
        ),
        recommendations: RecommendationService::new(
            Arc::new(SeaOrmRecommendationRepository::new(db.clone())),
            clock.clone(),
        )
        .with_booking_horizon(config.booking_horizon)
        .with_kept_tastes(config.taste_cache_entries),
        timezone: config.timezone,
        auth: auth::auth_service(config, &secret, users.clone(), &db, clock.clone())?,
        users: UserService::new(users, clock),
        images: Arc::new(ImageCodec::default()),
        sign_in_cookie: SignInCookie::for_callback(
            config
                .kakao
                .as_ref()
                .map_or("", |k| k.redirect_uri.as_str()),
        ),
        local_media,
        db,
    })
}

impl Application {
    /// Prepares the database and binds `config.bind` (port 0 picks a free port).
    ///
    /// # Errors
    /// The database, image store or socket failure.
    pub async fn build(config: Config) -> Result<Self, BoxError> {
        let clock = Arc::new(SystemClock::new(config.timezone));
        Self::build_with_clock(config, clock).await
    }

    /// As [`Application::build`], with the given clock (tests move time through it).
    ///
    /// # Errors
    /// The database, image store or socket failure.
    pub async fn build_with_clock(config: Config, clock: Arc<dyn Clock>) -> Result<Self, BoxError> {
        let db = prepare_database(&config).await?;
        let listener = TcpListener::bind(&config.bind)
            .map_err(|e| format!("cannot listen on {}: {e}", config.bind))?;
        let port = listener.local_addr()?.port();
        let mut state = app_state_with_clock(&config, db.clone(), clock.clone()).await?;
        let index = search::search_index(&config, &db, clock.clone()).await?;
        state.spaces = state.spaces.with_index(index.clone());
        let pages = web::Data::new(pages::pages(&config, &state, clock.clone())?);
        let follow = std::time::Duration::from_millis(config.search_feed_millis.max(10));
        let jobs = [
            Some(index.follow(follow)),
            crate::jobs::sweep_expired(&state, config.expiry_sweep_seconds),
            crate::jobs::refresh_recommendations(&db, clock, config.recommendation_refresh_seconds),
        ]
        .into_iter()
        .flatten()
        .collect();
        let state = web::Data::new(state);
        let counters = web::Data::new(Metrics::default());
        let metrics = match &config.metrics_bind {
            Some(bind) => {
                let listener = TcpListener::bind(bind)
                    .map_err(|e| format!("cannot listen on {bind} for metrics: {e}"))?;
                let port = listener.local_addr()?.port();
                let server = metrics_server(listener, state.clone(), counters.clone())?;
                Some((port, server))
            }
            None => None,
        };
        let server = api_server(listener, state, pages, counters, &config)?;
        Ok(Self {
            port,
            server,
            metrics,
            db,
            jobs,
        })
    }

    #[must_use]
    pub fn port(&self) -> u16 {
        self.port
    }

    /// The metrics listener's port, when one is configured (`OURSPACE_METRICS_BIND`).
    #[must_use]
    pub fn metrics_port(&self) -> Option<u16> {
        self.metrics.as_ref().map(|(port, _)| *port)
    }

    /// The server's database pool (shared, not a copy): closing it takes the database away
    /// from the server, as an outage would.
    #[must_use]
    pub fn database(&self) -> DatabaseConnection {
        self.db.clone()
    }

    /// A handle that stops the server as SIGTERM does (`stop(true)`: stop accepting, finish
    /// in-flight requests).
    #[must_use]
    pub fn handle(&self) -> ServerHandle {
        self.server.handle()
    }

    /// Serves until SIGINT/SIGTERM (or [`Application::handle`]), then stops accepting,
    /// finishes in-flight requests (up to 30 s) and closes the database pool.
    ///
    /// # Errors
    /// The server's I/O failure.
    pub async fn run_until_stopped(self) -> std::io::Result<()> {
        let metrics = self.metrics.map(|(_, server)| {
            let handle = server.handle();
            (handle, tokio::spawn(server))
        });
        let served = self.server.await;
        if let Some((handle, task)) = metrics {
            handle.stop(true).await;
            let _ = task.await;
        }
        for job in self.jobs {
            job.abort();
        }
        if let Err(e) = self.db.close().await {
            tracing::warn!(error = %e, "closing the database pool");
        }
        tracing::info!("ourspace stopped");
        served
    }
}
