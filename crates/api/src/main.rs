//! The `ourspace` binary: reads `.env` and the environment, then runs a subcommand.

use clap::Parser;
use ourspace_api::cli::{Cli, execute};
use ourspace_api::{Config, telemetry};
use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let cli = Cli::parse();
    let _ = dotenvy::dotenv();
    let config = match Config::from_env() {
        Ok(config) => config,
        Err(e) => {
            eprintln!("ourspace: configuration error: {e}");
            return ExitCode::from(2);
        }
    };
    telemetry::init(config.environment);
    match execute(cli, config).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            tracing::error!(error = %e, "ourspace failed");
            eprintln!("ourspace: {e}");
            ExitCode::FAILURE
        }
    }
}
