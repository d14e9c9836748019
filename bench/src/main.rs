//! `ourspace-bench`: fills a MariaDB database with a realistic catalogue at a scale and
//! measures a matrix of requests (every search filter alone and with a date, combinations,
//! sorts, deep and big pages, detail, availability, booking) against a running server and
//! straight through the database, so each line shows the API's rate beside the raw rate.
//!
//! Usage (see `scripts/bench`, which builds, fills, starts the server and runs this):
//! `ourspace-bench fill MYSQL_URL SPACES`, `ourspace-bench run MYSQL_URL BASE_URL SPACES
//! OUT.json`, `ourspace-bench report SMALL.json LARGE.json OUT.svg`; `ourspace-bench evaluate MYSQL_URL` (the
//! recommender's hold-out hit rate against the popular baseline); `ourspace-bench random
//! BASE_URL SPACES SEED N OUT.json` (`scripts/bench-random`: N searches drawn over every
//! parameter, each alone and all mixed under load, beside the detail); `ourspace-bench
//! random-chart RUN.json... OUT.svg` (those runs' chart, one scale each); `ourspace-bench
//! engines MYSQL_URL SEED N tantivy|bitmaps|both` (`scripts/bench-engines`: the same
//! searches in this process on each engine of the search index).

mod engines;
mod evaluate;
mod fill;
mod fill_orders;
mod fill_space_rows;
mod fill_spaces;
mod fill_tastes;
mod inserts;
mod load;
mod matrix;
mod measure;
mod random;
mod random_chart;
mod raw;
mod report;

use ourspace_domain::shared::BoxError;
use std::process::ExitCode;

const USAGE: &str = "usage: ourspace-bench fill MYSQL_URL SPACES | run MYSQL_URL BASE_URL SPACES OUT.json \
                     | report SMALL.json LARGE.json OUT.svg | evaluate MYSQL_URL \
                     | random BASE_URL SPACES SEED N OUT.json \
                     | random-chart RUN.json... OUT.svg \
                     | engines MYSQL_URL SEED N tantivy|bitmaps|both";

fn scale(arg: &str) -> Result<fill::Scale, BoxError> {
    Ok(fill::Scale {
        spaces: arg.parse()?,
    })
}

fn read(path: &str) -> Result<load::Run, BoxError> {
    Ok(serde_json::from_str(&std::fs::read_to_string(path)?)?)
}

async fn dispatch(args: &[String]) -> Result<(), BoxError> {
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        [_, "fill", url, spaces] => fill::fill(url, scale(spaces)?).await,
        [_, "run", url, base, spaces, out] => {
            let run = load::run(url, base, scale(spaces)?).await?;
            std::fs::write(out, serde_json::to_string_pretty(&run)?)?;
            Ok(())
        }
        [_, "report", small, large, svg] => {
            let (small, large) = (read(small)?, read(large)?);
            print!("{}", report::table(&small, &large)?);
            std::fs::write(svg, report::chart(&small, &large)?)?;
            Ok(())
        }
        [_, "evaluate", url] => evaluate::evaluate(url).await,
        [_, "random", base, spaces, seed, n, out] => {
            let run = random::random(base, spaces.parse()?, seed.parse()?, n.parse()?).await?;
            print!("{}", random::report(&run));
            std::fs::write(out, serde_json::to_string_pretty(&run)?)?;
            Ok(())
        }
        [_, "random-chart", runs @ .., svg] if !runs.is_empty() => {
            let runs: Vec<random::RandomRun> = runs
                .iter()
                .map(|p| Ok(serde_json::from_str(&std::fs::read_to_string(p)?)?))
                .collect::<Result<_, BoxError>>()?;
            std::fs::write(svg, random_chart::chart(&runs)?)?;
            Ok(())
        }
        [_, "engines", url, seed, n, which] => {
            engines::engines(url, seed.parse()?, n.parse()?, which).await
        }
        _ => Err(USAGE.into()),
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().collect();
    match dispatch(&args).await {
        Ok(()) => ExitCode::SUCCESS,
        Err(e) => {
            eprintln!("ourspace-bench: {e}");
            ExitCode::FAILURE
        }
    }
}
