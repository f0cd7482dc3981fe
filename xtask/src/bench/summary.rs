//! The figures of `cargo xtask bench`: each key computed from the measurements' JSON (a pure
//! function, so it is tested without running anything), its goal, and the table printed.

use serde_json::Value;

/// The row count `decode_vs_value` and the stream-vs-buffered key are read at (a large task holds
/// 10^5 to 10^6 rows; the same count in quick and full runs keeps them comparable).
pub const KEY_ROWS: u64 = 100_000;
/// The row count of the paired decode run: beyond the caches (19 MB), short enough for many
/// rounds.
pub const PAIR_ROWS: u64 = 10_000;
/// The keys read from the paired decode run, each a median of per-round ratios with a spread.
const PAIRED: [&str; 3] = [
    "decode_vs_handwritten",
    "decode_lossless_vs_handwritten",
    "decode_vs_typify_shaped",
];
/// The row counts the peak keys compare: growth from the small to the large one.
pub const PEAK_ROWS: (u64, u64) = (1_000, 500_000);

const MIB: f64 = 1024.0 * 1024.0;

/// What a figure should be.
#[derive(Debug, Clone, Copy, PartialEq)]
pub enum Goal {
    AtLeast(f64),
    AtMost(f64),
    Below(f64),
    /// Reported, no goal.
    Report,
}

impl Goal {
    /// Whether `value` meets the goal; `None` for a figure that is only reported.
    pub fn met(self, value: f64) -> Option<bool> {
        match self {
            Goal::AtLeast(goal) => Some(value >= goal),
            Goal::AtMost(goal) => Some(value <= goal),
            Goal::Below(goal) => Some(value < goal),
            Goal::Report => None,
        }
    }

    pub fn describe(self) -> String {
        match self {
            Goal::AtLeast(goal) => format!(">= {goal}"),
            Goal::AtMost(goal) => format!("<= {goal}"),
            Goal::Below(goal) => format!("< {goal}"),
            Goal::Report => "(report)".to_owned(),
        }
    }
}

/// Every key of the summary, in the order of the table, with its goal and the decimals shown.
pub const KEYS: &[(&str, Goal, usize)] = &[
    ("decode_vs_value", Goal::AtLeast(1.7), 2),
    ("decode_vs_handwritten", Goal::AtLeast(0.97), 3),
    ("decode_lossless_vs_handwritten", Goal::AtLeast(0.95), 3),
    ("decode_vs_typify_shaped", Goal::AtLeast(1.0), 3),
    ("stream_vs_buffered_throughput", Goal::AtLeast(0.8), 2),
    ("stream_vs_floor", Goal::AtLeast(0.6), 2),
    ("stream_fresh_rows_vs_floor", Goal::Report, 2),
    ("stream_peak_growth_mib", Goal::AtMost(16.0), 1),
    ("stream_first_row_ms", Goal::Report, 1),
    ("buffered_peak_vs_body", Goal::Report, 2),
    ("buffered_peak_vs_typify_shaped", Goal::AtMost(0.8), 3),
    ("cli_decode_peak_growth_mib", Goal::AtMost(16.0), 1),
    ("client_cpu_vs_reqwest", Goal::AtMost(1.10), 3),
    ("webhook_decode_vs_value", Goal::Report, 2),
    ("codegen_ms", Goal::Below(100.0), 1),
    ("compile_check_s", Goal::Report, 1),
    ("compile_build_s", Goal::Report, 1),
    ("consumer_rebuild_s", Goal::Report, 1),
    ("consumer_clean_build_s", Goal::Report, 1),
];

/// The goal of a key.
pub fn goal(key: &str) -> Goal {
    KEYS.iter()
        .find(|(name, ..)| *name == key)
        .map_or(Goal::Report, |(_, goal, _)| *goal)
}

/// The summary's figures, in the order of [`KEYS`], from the measurements `cargo xtask bench`
/// collected:
///
/// ```json
/// {"decode": [<airudder-bench decode output>, ...], "stream_vs_buffered": [...],
///  "decode_pairs": {...}, "stream_peak": [...], "buffered_peak": [...],
///  "typify_shaped_peak": [...], "cli_decode_peak": [...], "client_cpu": {...},
///  "webhook_decode": {...},
///  "codegen": {"median_ms": ...}, "compile": {"check_s": ..., "build_s": ...}}
/// ```
///
/// `compile` (with `consumer`) is only there in a full run; its keys are left out otherwise. Anything else missing
/// is an error naming it.
pub fn summarize(m: &Value) -> Result<Vec<(&'static str, f64)>, String> {
    let decode = at_rows(m, "decode", KEY_ROWS)?;
    let streaming = at_rows(m, "stream_vs_buffered", KEY_ROWS)?;
    let (small, large) = PEAK_ROWS;
    let stream_small = at_rows(m, "stream_peak", small)?;
    let stream_large = at_rows(m, "stream_peak", large)?;
    let buffered_large = at_rows(m, "buffered_peak", large)?;
    let typify_large = at_rows(m, "typify_shaped_peak", large)?;
    let cli_small = at_rows(m, "cli_decode_peak", small)?;
    let cli_large = at_rows(m, "cli_decode_peak", large)?;
    let mut figures = vec![
        (
            "decode_vs_value",
            // The SDK decodes its types through `decode_json` (every client call, every
            // `Webhook::parse`); `Value` is decoded the way an integrator would, `from_slice`.
            ratio(decode, "/mb_per_s/decode_json", "/mb_per_s/value")?,
        ),
        // Both from the paired run: the generated types against the reference, round by round.
        // The second on rows with members the spec does not know: the generated types keep them,
        // the hand-written reference drops them.
        (PAIRED[0], paired(m, PAIRED[0], "median")?),
        (PAIRED[1], paired(m, PAIRED[1], "median")?),
        // The SDK's decode path and types against a progenitor-style client's, same run.
        (PAIRED[2], paired(m, PAIRED[2], "median")?),
        (
            "stream_vs_buffered_throughput",
            ratio(streaming, "/mb_per_s/streamed", "/mb_per_s/buffered")?,
        ),
        (
            // The stream of typed rows (each decoded over the last, `next_row_into`: the
            // stream's fastest use) against the tokenizer alone on the same bytes in memory.
            "stream_vs_floor",
            ratio(streaming, "/mb_per_s/streamed_in_place", "/mb_per_s/floor")?,
        ),
        (
            // The same with a fresh row each time (`next_row`).
            "stream_fresh_rows_vs_floor",
            ratio(streaming, "/mb_per_s/streamed", "/mb_per_s/floor")?,
        ),
        (
            "stream_peak_growth_mib",
            (number(stream_large, "/peak_rss_bytes")? - number(stream_small, "/peak_rss_bytes")?)
                / MIB,
        ),
        (
            "stream_first_row_ms",
            number(stream_large, "/first_row_ms")?,
        ),
        (
            // The mock sends chunked (no Content-Length); rows are deterministic, so the body the
            // streaming run counted at the same row count is the body the buffered run read.
            "buffered_peak_vs_body",
            number(buffered_large, "/peak_rss_bytes")? / number(stream_large, "/body_bytes")?,
        ),
        (
            // Both processes' whole peak, the same mock and rows: what an integrator's box needs.
            "buffered_peak_vs_typify_shaped",
            number(buffered_large, "/peak_rss_bytes")? / number(typify_large, "/peak_rss_bytes")?,
        ),
        (
            // `airudder decode` of a whole answer piped in: what reading row by row saves.
            "cli_decode_peak_growth_mib",
            (number(cli_large, "/peak_rss_bytes")? - number(cli_small, "/peak_rss_bytes")?) / MIB,
        ),
        (
            "client_cpu_vs_reqwest",
            ratio(
                field(m, "client_cpu")?,
                "/cpu_us_per_request/client",
                "/cpu_us_per_request/reqwest",
            )?,
        ),
        (
            "webhook_decode_vs_value",
            ratio(
                field(m, "webhook_decode")?,
                "/payloads/spec_example/mb_per_s/typed",
                "/payloads/spec_example/mb_per_s/value",
            )?,
        ),
        ("codegen_ms", number(field(m, "codegen")?, "/median_ms")?),
    ];
    if let Some(compile) = m.get("compile") {
        figures.push(("compile_check_s", number(compile, "/check_s")?));
        figures.push(("compile_build_s", number(compile, "/build_s")?));
        figures.push((
            "consumer_rebuild_s",
            number(compile, "/consumer/rebuild_s")?,
        ));
        figures.push((
            "consumer_clean_build_s",
            number(compile, "/consumer/clean_build_s")?,
        ));
    }
    Ok(figures)
}

/// The interquartile range (`p25`, `p75`) of the keys that have one: the paired ratios.
pub fn spreads(m: &Value) -> Result<Vec<(&'static str, f64, f64)>, String> {
    PAIRED
        .iter()
        .map(|key| Ok((*key, paired(m, key, "p25")?, paired(m, key, "p75")?)))
        .collect()
}

/// The table: key, value, goal, met?, and the spread where there is one.
pub fn table(figures: &[(&str, f64)], spreads: &[(&str, f64, f64)]) -> String {
    let mut lines = vec![format!(
        "{:<31} {:>12}  {:<10} {:<5} {}",
        "key", "value", "goal", "met?", "spread (p25-p75)"
    )];
    for (key, value) in figures {
        let (goal, decimals) = KEYS
            .iter()
            .find(|(name, ..)| name == key)
            .map_or((Goal::Report, 2), |(_, goal, decimals)| (*goal, *decimals));
        let met = match goal.met(*value) {
            Some(true) => "yes",
            Some(false) => "NO",
            None => "-",
        };
        let spread = spreads
            .iter()
            .find(|(name, ..)| name == key)
            .map(|(_, low, high)| format!("{low:.decimals$}-{high:.decimals$}"))
            .unwrap_or_default();
        lines.push(
            format!(
                "{key:<31} {value:>12.decimals$}  {:<10} {met:<5} {spread}",
                goal.describe()
            )
            .trim_end()
            .to_owned(),
        );
    }
    lines.join("\n")
}

/// The keys whose goal the figures miss.
pub fn missed<'a>(figures: &[(&'a str, f64)]) -> Vec<&'a str> {
    figures
        .iter()
        .filter(|(key, value)| goal(key).met(*value) == Some(false))
        .map(|(key, _)| *key)
        .collect()
}

fn field<'a>(m: &'a Value, name: &str) -> Result<&'a Value, String> {
    m.get(name)
        .ok_or_else(|| format!("no `{name}` measurement"))
}

/// The run of a measurement at this row count.
fn at_rows<'a>(m: &'a Value, name: &str, rows: u64) -> Result<&'a Value, String> {
    field(m, name)?
        .as_array()
        .and_then(|runs| {
            runs.iter()
                .find(|run| run.get("rows").and_then(Value::as_u64) == Some(rows))
        })
        .ok_or_else(|| format!("no `{name}` measurement at {rows} rows"))
}

/// A statistic (`median`, `p25`, `p75`) of one key's ratios in the paired decode run.
fn paired(m: &Value, key: &str, statistic: &str) -> Result<f64, String> {
    number(
        field(m, "decode_pairs")?,
        &format!("/pairs/{key}/{statistic}"),
    )
}

fn number(value: &Value, pointer: &str) -> Result<f64, String> {
    value
        .pointer(pointer)
        .and_then(Value::as_f64)
        .ok_or_else(|| format!("no number at `{pointer}` in {value}"))
}

fn ratio(value: &Value, numerator: &str, denominator: &str) -> Result<f64, String> {
    let divisor = number(value, denominator)?;
    if divisor == 0.0 {
        return Err(format!("zero at `{denominator}` in {value}"));
    }
    Ok(number(value, numerator)? / divisor)
}

#[cfg(test)]
mod tests {
    use serde_json::json;

    use super::*;

    fn measurements() -> Value {
        json!({
            "decode": [
                {"rows": 1000, "mb_per_s": {"generated": 1.0, "value": 1.0, "handwritten": 1.0}},
                {"rows": 100000, "mb_per_s": {"generated": 300.0, "decode_json": 290.0, "value": 150.0, "handwritten": 310.0,
                    "generated_unlisted": 285.0, "handwritten_unlisted": 300.0}},
            ],
            "decode_pairs": {"rows": 10000, "pairs": {
                "decode_vs_handwritten": {"median": 0.98, "p25": 0.96, "p75": 0.99},
                "decode_lossless_vs_handwritten": {"median": 0.95, "p25": 0.94, "p75": 0.97},
                "decode_vs_typify_shaped": {"median": 1.25, "p25": 1.2, "p75": 1.3},
            }},
            "stream_vs_buffered": [{"rows": 100000, "mb_per_s": {"streamed": 180.0, "buffered": 200.0, "streamed_in_place": 360.0, "floor": 720.0}}],
            "stream_peak": [
                {"rows": 1000, "peak_rss_bytes": 10485760, "body_bytes": 2000000, "first_row_ms": 2.0},
                {"rows": 500000, "peak_rss_bytes": 14680064, "body_bytes": 1000000000u64, "first_row_ms": 6.5},
            ],
            "buffered_peak": [
                {"rows": 1000, "peak_rss_bytes": 15000000},
                {"rows": 500000, "peak_rss_bytes": 3500000000u64},
            ],
            "typify_shaped_peak": [
                {"rows": 1000, "peak_rss_bytes": 16000000},
                {"rows": 500000, "peak_rss_bytes": 4375000000u64},
            ],
            "cli_decode_peak": [
                {"rows": 1000, "peak_rss_bytes": 8388608},
                {"rows": 500000, "peak_rss_bytes": 11534336},
            ],
            "client_cpu": {"cpu_us_per_request": {"client": 33.0, "reqwest": 30.0}},
            "webhook_decode": {"payloads": {
                "spec_example": {"mb_per_s": {"typed": 300.0, "value": 150.0}},
                "many_actions": {"mb_per_s": {"typed": 1.0, "value": 1.0}},
            }},
            "codegen": {"median_ms": 42.5},
        })
    }

    fn get(figures: &[(&str, f64)], key: &str) -> f64 {
        figures.iter().find(|(k, _)| *k == key).unwrap().1
    }

    #[test]
    fn every_key_is_computed_from_the_measurements() {
        let figures = summarize(&measurements()).unwrap();
        let keys: Vec<&str> = figures.iter().map(|(key, _)| *key).collect();
        assert_eq!(
            keys,
            KEYS[..15].iter().map(|(key, ..)| *key).collect::<Vec<_>>()
        );
        assert!((get(&figures, "decode_vs_value") - 290.0 / 150.0).abs() < 1e-12);
        assert_eq!(get(&figures, "decode_vs_handwritten"), 0.98);
        assert_eq!(get(&figures, "decode_lossless_vs_handwritten"), 0.95);
        assert_eq!(get(&figures, "decode_vs_typify_shaped"), 1.25);
        assert_eq!(get(&figures, "stream_vs_buffered_throughput"), 0.9);
        assert_eq!(get(&figures, "stream_vs_floor"), 0.5);
        assert_eq!(get(&figures, "stream_fresh_rows_vs_floor"), 0.25);
        assert_eq!(get(&figures, "stream_peak_growth_mib"), 4.0);
        assert_eq!(get(&figures, "stream_first_row_ms"), 6.5);
        assert_eq!(get(&figures, "buffered_peak_vs_body"), 3.5);
        assert_eq!(get(&figures, "buffered_peak_vs_typify_shaped"), 0.8);
        assert_eq!(get(&figures, "cli_decode_peak_growth_mib"), 3.0);
        assert!((get(&figures, "client_cpu_vs_reqwest") - 1.1).abs() < 1e-12);
        assert_eq!(get(&figures, "webhook_decode_vs_value"), 2.0);
        assert_eq!(get(&figures, "codegen_ms"), 42.5);
    }

    #[test]
    fn compile_times_are_there_only_when_measured() {
        let mut m = measurements();
        m["compile"] = json!({"check_s": 3.5, "build_s": 9.25,
            "consumer": {"rebuild_s": 6.0, "clean_build_s": 120.0}});
        let figures = summarize(&m).unwrap();
        assert_eq!(figures.len(), KEYS.len());
        assert_eq!(get(&figures, "compile_build_s"), 9.25);
        assert_eq!(get(&figures, "compile_check_s"), 3.5);
        assert_eq!(get(&figures, "consumer_rebuild_s"), 6.0);
        assert_eq!(get(&figures, "consumer_clean_build_s"), 120.0);
    }

    #[test]
    fn a_missing_measurement_is_named() {
        let mut m = measurements();
        m["stream_peak"] = json!([{"rows": 1000, "peak_rss_bytes": 1, "body_bytes": 1}]);
        let error = summarize(&m).unwrap_err();
        assert_eq!(error, "no `stream_peak` measurement at 500000 rows");
    }

    #[test]
    fn paired_keys_carry_their_spread_into_the_table() {
        let m = measurements();
        let spreads = spreads(&m).unwrap();
        assert_eq!(spreads[1], ("decode_lossless_vs_handwritten", 0.94, 0.97));
        let table = table(&summarize(&m).unwrap(), &spreads);
        let line = table
            .lines()
            .find(|line| line.starts_with("decode_vs_handwritten"))
            .unwrap();
        assert!(line.ends_with("yes   0.960-0.990"), "{table}");
    }

    #[test]
    fn goals_and_the_table_say_what_is_met() {
        assert_eq!(goal("codegen_ms").met(99.9), Some(true));
        assert_eq!(goal("codegen_ms").met(100.0), Some(false));
        assert_eq!(goal("client_cpu_vs_reqwest").met(1.10), Some(true));
        assert_eq!(goal("buffered_peak_vs_body").met(9.0), None);
        let figures = [("decode_vs_value", 1.5), ("codegen_ms", 12.0)];
        assert_eq!(missed(&figures), ["decode_vs_value"]);
        let table = table(&figures, &[]);
        assert!(table.lines().nth(1).unwrap().ends_with("NO"), "{table}");
        assert!(table.contains("12.0") && table.contains("< 100"), "{table}");
    }
}
