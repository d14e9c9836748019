//! The `ourspace` binary: reads `.env` and the environment, then runs a subcommand.

use clap::Parser;
use ourspace_api::cli::{Cli, execute};
use ourspace_api::{Config, telemetry};
use std::process::ExitCode;

/// Buffers of 128 KiB and more (a photo being decoded or encoded) are mapped for their use
/// and returned to the operating system when freed. glibc otherwise raises that threshold
/// after the first large free and keeps later ones in its per-thread heaps, so a burst of
/// uploads would leave the process holding hundreds of MiB it no longer uses.
#[cfg(all(target_os = "linux", target_env = "gnu"))]
fn return_large_buffers_to_the_system() {
    // SAFETY: mallopt only sets an allocator parameter; it takes the allocator's own lock.
    unsafe {
        libc::mallopt(libc::M_MMAP_THRESHOLD, 128 * 1024);
    }
}

#[cfg(not(all(target_os = "linux", target_env = "gnu")))]
fn return_large_buffers_to_the_system() {}

#[tokio::main]
async fn main() -> ExitCode {
    return_large_buffers_to_the_system();
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
