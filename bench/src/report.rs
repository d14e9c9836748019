//! The matrix at two scales side by side: a Markdown table with the growth from the
//! smaller to the larger and a projection to ten times the larger, and an SVG chart of
//! every line's p99 at both scales (made here, no plotting crate).

use crate::load::Run;
use ourspace_domain::shared::BoxError;
use std::fmt::Write as _;

/// The targets (16 connections, 2 cores): at 10,000 spaces ≥ 500 req/s and p99 ≤ 50 ms
/// (detail and availability ≥ 3,000 req/s, p99 ≤ 10 ms; booking ≥ 1,000 req/s); at
/// 100,000 p99 ≤ 100 ms.
fn meets(small: &crate::load::Result_, large: &crate::load::Result_) -> bool {
    let (rate, p99) = match small.name.as_str() {
        "detail" | "availability" => (3000.0, 10.0),
        "booking (with conflicts)" => (1000.0, 50.0),
        _ => (500.0, 50.0),
    };
    small.api.rate >= rate && small.api.p99_ms <= p99 && large.api.p99_ms <= 100.0
}

/// The Markdown table of both runs.
///
/// # Errors
/// Runs of different lines.
pub fn table(small: &Run, large: &Run) -> Result<String, BoxError> {
    let mut out = String::new();
    let (a, b) = (small.spaces, large.spaces);
    writeln!(
        out,
        "| line | req/s {a} | p99 ms {a} | raw req/s {a} | req/s {b} | p99 ms {b} | raw req/s {b} | p99 growth | projected p99 at {} | target |",
        b * 10
    )?;
    writeln!(out, "|---|---:|---:|---:|---:|---:|---:|---:|---:|---|")?;
    for (s, l) in small.lines.iter().zip(&large.lines) {
        if s.name != l.name {
            return Err(format!("runs differ: {} / {}", s.name, l.name).into());
        }
        let growth = l.api.p99_ms / s.api.p99_ms.max(0.1);
        writeln!(
            out,
            "| {} | {:.0} | {:.1} | {:.0} | {:.0} | {:.1} | {:.0} | ×{:.1} | {:.0} ms | {} |",
            s.name,
            s.api.rate,
            s.api.p99_ms,
            s.raw.rate,
            l.api.rate,
            l.api.p99_ms,
            l.raw.rate,
            growth,
            l.api.p99_ms * growth,
            if meets(s, l) { "met" } else { "**missed**" }
        )?;
    }
    Ok(out)
}

/// A horizontal bar chart of every line's p99 at both scales, on a log axis from 1 ms to
/// 10 s, with the 50 ms and 100 ms targets drawn.
///
/// # Errors
/// Formatting failing (never in practice).
pub fn chart(small: &Run, large: &Run) -> Result<String, BoxError> {
    let (left, row, width) = (330.0, 22.0, 900.0);
    let plot = width - left - 40.0;
    let height = 60.0 + row * small.lines.len() as f64;
    let x = |ms: f64| left + plot * (ms.clamp(1.0, 10_000.0).log10() / 4.0);
    let mut svg = String::new();
    writeln!(
        svg,
        r#"<svg xmlns="http://www.w3.org/2000/svg" width="{width}" height="{height}" font-family="sans-serif" font-size="11">"#
    )?;
    writeln!(svg, r##"<rect width="100%" height="100%" fill="#fff"/>"##)?;
    writeln!(
        svg,
        r#"<text x="10" y="16" font-size="13">p99 latency per line (log scale), 16 connections: {} spaces (blue) and {} spaces (orange)</text>"#,
        small.spaces, large.spaces
    )?;
    for ms in [1.0, 10.0, 100.0, 1000.0, 10_000.0] {
        let px = x(ms);
        writeln!(
            svg,
            r##"<line x1="{px}" y1="30" x2="{px}" y2="{}" stroke="#ddd"/><text x="{px}" y="{}" text-anchor="middle">{ms} ms</text>"##,
            height - 20.0,
            height - 6.0
        )?;
    }
    for (ms, label) in [(50.0, "50 ms"), (100.0, "100 ms")] {
        let px = x(ms);
        writeln!(
            svg,
            r##"<line x1="{px}" y1="30" x2="{px}" y2="{}" stroke="#c00" stroke-dasharray="4 3"/><text x="{px}" y="28" fill="#c00" text-anchor="middle">{label}</text>"##,
            height - 20.0
        )?;
    }
    for (i, (s, l)) in small.lines.iter().zip(&large.lines).enumerate() {
        let y = 34.0 + row * i as f64;
        let name = s.name.replace('&', "&amp;").replace('<', "&lt;");
        writeln!(
            svg,
            r#"<text x="{}" y="{}" text-anchor="end">{name}</text>"#,
            left - 6.0,
            y + 12.0
        )?;
        for (k, (ms, color)) in [(s.api.p99_ms, "#1f77b4"), (l.api.p99_ms, "#ff7f0e")]
            .into_iter()
            .enumerate()
        {
            let top = y + 2.0 + 9.0 * k as f64;
            writeln!(
                svg,
                r#"<rect x="{left}" y="{top}" width="{:.1}" height="8" fill="{color}"><title>{name}: {ms:.1} ms</title></rect>"#,
                x(ms) - left
            )?;
        }
    }
    writeln!(svg, "</svg>")?;
    Ok(svg)
}
