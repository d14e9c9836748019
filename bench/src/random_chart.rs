//! The random mode's chart (`ourspace-bench random-chart A.json B.json … OUT.svg`): for
//! each scale, each search alone (p50, p99, the worst) and all mixed (p99), as bars on a
//! log axis from 0.1 ms to 1 s, with the targets drawn (20 ms, 50 ms and 100 ms), and the
//! mixed rate as a share of the detail's beside each scale.

use crate::random::RandomRun;
use ourspace_domain::shared::BoxError;
use std::fmt::Write;

const BARS: [(&str, &str); 4] = [
    ("alone p50", "#9ecae1"),
    ("alone p99", "#4292c6"),
    ("alone worst", "#08519c"),
    ("mixed p99", "#f16913"),
];

fn values(run: &RandomRun) -> [f64; 4] {
    [
        run.alone_p50_ms,
        run.alone_p99_ms,
        run.alone_worst_ms,
        run.mixed.p99_ms,
    ]
}

/// The chart of `runs`, one group of bars per scale.
///
/// # Errors
/// Formatting failing (never in practice).
pub fn chart(runs: &[RandomRun]) -> Result<String, BoxError> {
    let (left, bar, width) = (150.0, 16.0, 860.0);
    let plot = width - left - 170.0;
    let group = bar * 4.0 + 18.0;
    let height = 70.0 + group * runs.len() as f64;
    let x = |ms: f64| left + plot * ((ms.clamp(0.1, 1_000.0).log10() + 1.0) / 4.0);
    let mut svg = String::new();
    writeln!(
        svg,
        r##"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11"><rect width="100%" height="100%" fill="#fff"/>"##
    )?;
    writeln!(
        svg,
        r#"<text x="10" y="16" font-size="13">Random searches (log scale, ms): each alone, and all mixed from 16 connections</text>"#
    )?;
    for ms in [0.1, 1.0, 10.0, 100.0, 1_000.0] {
        let at = x(ms);
        writeln!(
            svg,
            r##"<line x1="{at}" y1="26" x2="{at}" y2="{}" stroke="#ddd"/><text x="{at}" y="36" text-anchor="middle">{ms}</text>"##,
            height - 10.0
        )?;
    }
    for (ms, label) in [(20.0, "20"), (50.0, "50"), (100.0, "100 ms")] {
        let at = x(ms);
        writeln!(
            svg,
            r##"<line x1="{at}" y1="40" x2="{at}" y2="{}" stroke="#c00" stroke-dasharray="4 3"/><text x="{at}" y="{}" fill="#c00" text-anchor="middle">{label}</text>"##,
            height - 10.0,
            height - 1.0
        )?;
    }
    for (i, run) in runs.iter().enumerate() {
        let top = 48.0 + group * i as f64;
        let share = 100.0 * run.mixed.rate / run.detail.rate.max(1.0);
        writeln!(
            svg,
            r#"<text x="10" y="{}">{} spaces</text><text x="{}" y="{}">{:.0} req/s, {share:.0} % of detail</text>"#,
            top + 2.0 * bar,
            run.spaces,
            width - 160.0,
            top + 2.0 * bar,
            run.mixed.rate
        )?;
        for (j, ((name, colour), ms)) in BARS.iter().zip(values(run)).enumerate() {
            let y = top + bar * j as f64;
            writeln!(
                svg,
                r#"<rect x="{left}" y="{y}" width="{:.1}" height="{}" fill="{colour}"/><text x="{:.1}" y="{}">{name} {ms:.1}</text>"#,
                x(ms) - left,
                bar - 3.0,
                x(ms) + 4.0,
                y + bar - 5.0
            )?;
        }
    }
    writeln!(svg, "</svg>")?;
    Ok(svg)
}
