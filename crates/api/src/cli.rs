//! The `ourspace` command line.

use crate::config::Config;
use crate::startup::db_config;
use crate::startup::{Application, app_state, image_store, prepare_database};
use clap::{Parser, Subcommand};
use ourspace_domain::shared::{BoxError, Clock, UserId};
use ourspace_infrastructure::clock::SystemClock;
use ourspace_infrastructure::db::{connect, migrate};
use ourspace_infrastructure::repo::{rebuild_calendar, refresh_recommendations};
use ourspace_infrastructure::seed::{seed_catalog, seed_demo};
use ourspace_infrastructure::setup_lock::with_setup_lock;

/// Ourspace: rent spaces by the slot. Configured by environment variables (see README).
#[derive(Debug, Parser)]
#[command(name = "ourspace", version, about)]
pub struct Cli {
    #[command(subcommand)]
    pub command: Option<Command>,
}

#[derive(Debug, Subcommand)]
pub enum Command {
    /// Serve the HTTP API (the default).
    Serve,
    /// Apply pending database migrations.
    Migrate,
    /// Insert the catalog (categories, districts, facilities) where missing.
    Seed {
        /// Also create demo spaces, if the database has none.
        #[arg(long)]
        demo: bool,
    },
    /// Manage stored photos.
    Media {
        #[command(subcommand)]
        action: MediaCommand,
    },
    /// Order housekeeping.
    Orders {
        #[command(subcommand)]
        action: OrdersCommand,
    },
    /// Search's calendar of held hours.
    Calendar {
        #[command(subcommand)]
        action: CalendarCommand,
    },
    /// Recommendations' behaviour data.
    Recommendations {
        #[command(subcommand)]
        action: RecommendationsCommand,
    },
    /// Print a bearer token for an existing user, for trying the API with curl.
    Token {
        /// The user's id (the demo host is 1).
        #[arg(long)]
        user_id: i64,
    },
}

#[derive(Debug, Subcommand)]
pub enum OrdersCommand {
    /// Expire every order whose wait for the host or for payment has run out, releasing
    /// its hours (for a cron job; reads and new bookings also do it as they meet them).
    Expire,
}

#[derive(Debug, Subcommand)]
pub enum CalendarCommand {
    /// Recompute every space's calendar from the booked slots (bookings wait meanwhile).
    Rebuild,
}

#[derive(Debug, Subcommand)]
pub enum RecommendationsCommand {
    /// Rebuild which spaces the same guests chose (`space_pairs`) from orders and likes (for
    /// a cron job; `serve` also does it every `OURSPACE_RECOMMENDATION_REFRESH_SECONDS`).
    Refresh,
}

#[derive(Debug, Subcommand)]
pub enum MediaCommand {
    /// Delete stored photos that no row refers to and that are older than an hour.
    Gc,
}

/// Runs the chosen command.
///
/// # Errors
/// What the command failed with.
pub async fn execute(cli: Cli, config: Config) -> Result<(), BoxError> {
    match cli.command.unwrap_or(Command::Serve) {
        Command::Serve => {
            let app = Application::build(config.clone()).await?;
            tracing::info!(
                address = %config.bind,
                port = app.port(),
                metrics_port = app.metrics_port(),
                "ourspace is serving"
            );
            app.run_until_stopped().await?;
        }
        Command::Migrate => {
            let db = connect(&db_config(&config)).await?;
            with_setup_lock(&db, crate::startup::SETUP_WAIT, migrate(&db)).await?;
            println!("migrations applied");
        }
        Command::Seed { demo } => seed(&config, demo).await?,
        Command::Media {
            action: MediaCommand::Gc,
        } => {
            for key in collect_media_garbage(&config).await? {
                println!("deleted {key}");
            }
        }
        Command::Orders {
            action: OrdersCommand::Expire,
        } => {
            let expired = expire_orders(&config).await?;
            println!("{expired} orders expired");
        }
        Command::Calendar {
            action: CalendarCommand::Rebuild,
        } => {
            let db = connect(&db_config(&config)).await?;
            println!("calendar rebuilt: {} rows", rebuild_calendar(&db).await?);
        }
        Command::Recommendations {
            action: RecommendationsCommand::Refresh,
        } => {
            let db = connect(&db_config(&config)).await?;
            let refreshed =
                refresh_recommendations(&db, SystemClock::new(config.timezone).now()).await?;
            println!(
                "space pairs: {}, spaces booked lately: {}",
                refreshed.pairs, refreshed.popular
            );
        }
        Command::Token { user_id } => println!("{}", token_for_user(&config, user_id).await?),
    }
    Ok(())
}

/// Seeds the catalog and, with `demo`, the demo spaces (on a database set up first).
async fn seed(config: &Config, demo: bool) -> Result<(), BoxError> {
    let db = if demo {
        prepare_database(&Config {
            auto_migrate: false,
            ..config.clone()
        })
        .await?
    } else {
        connect(&db_config(config)).await?
    };
    let added = seed_catalog(&db).await?;
    println!(
        "catalog: {} categories, {} districts, {} facilities added",
        added.categories, added.districts, added.facilities
    );
    if demo {
        let today = SystemClock::new(config.timezone).today();
        let (store, _) = image_store(config).await?;
        let spaces = seed_demo(&db, store.as_ref(), today).await?;
        println!("demo: {spaces} spaces added");
    }
    Ok(())
}

/// Deletes stored photos older than an hour that no row refers to; returns their keys.
///
/// # Errors
/// The database or the store failing.
pub async fn collect_media_garbage(config: &Config) -> Result<Vec<String>, BoxError> {
    let db = connect(&db_config(config)).await?;
    let state = app_state(config, db).await?;
    Ok(state
        .spaces
        .collect_garbage(chrono::Duration::hours(1))
        .await?)
}

/// Expires every overdue waiting order; returns how many.
///
/// # Errors
/// The database failing.
pub async fn expire_orders(config: &Config) -> Result<u64, BoxError> {
    let db = connect(&db_config(config)).await?;
    let state = app_state(config, db).await?;
    Ok(state.orders.expire_overdue().await?)
}

/// A bearer token for an existing user, signed as the server signs them.
///
/// # Errors
/// No such user, or the database cannot be reached.
pub async fn token_for_user(config: &Config, user_id: i64) -> Result<String, BoxError> {
    let db = connect(&db_config(config)).await?;
    let state = app_state(config, db).await?;
    let token = state
        .auth
        .token_for(UserId(user_id))
        .await
        .map_err(|e| format!("no token for user {user_id}: {e}"))?;
    Ok(token.token)
}
