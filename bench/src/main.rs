//! `ourspace-bench`: fills a MariaDB database with a realistic catalogue and measures the
//! search and detail endpoints of a running server, and the very same SQL straight through
//! the database pool, so each line shows the API's rate as a fraction of the raw rate.
//!
//! Usage (see `scripts/bench`, which builds, fills, starts the server and runs this):
//! `ourspace-bench fill MYSQL_URL` and `ourspace-bench run MYSQL_URL BASE_URL`.

mod fill;
mod load;

use std::process::ExitCode;

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    let result = match args.get(1).map(String::as_str) {
        Some("fill") if args.len() == 3 => fill::fill(&args[2]).await,
        Some("run") if args.len() == 4 => load::run(&args[2], &args[3]).await,
        Some("explain") if args.len() == 3 => load::explain(&args[2]).await,
        _ => Err(
            "usage: ourspace-bench fill MYSQL_URL | run MYSQL_URL BASE_URL | explain MYSQL_URL"
                .into(),
        ),
    };
    match result {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ourspace-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
