//! `cargo xtask bench [--quick]`: builds `airudder-bench` and `airudder-cli` in release, runs
//! every measurement as a process of its own (xtask never links the generated crates: it only
//! runs the binaries), times the generator in-process and, in a full run, the compilation of
//! airudder-models + airudder-client; then prints the table and writes `target/bench/`.

pub mod summary;

use std::path::{Path, PathBuf};
use std::process::{Command, Stdio};
use std::time::{Instant, SystemTime};

use serde_json::{Value, json};

use crate::codegen::{SPEC_PATH, generate, workspace_root};

/// What one run measures, and how many times.
#[derive(Debug, Clone, Copy)]
pub struct Plan {
    pub name: &'static str,
    /// `(rows, rounds)` of each decode run.
    pub decode: &'static [(u64, usize)],
    /// `(rows, rounds)` of the paired decode run, which the decode-vs-handwritten keys are read from.
    pub decode_pairs: (u64, usize),
    /// `(rows, rounds)` of each stream-vs-buffered run.
    pub stream_vs_buffered: &'static [(u64, usize)],
    /// Row counts of the stream-peak and buffered-peak runs (one process each).
    pub peak_rows: &'static [u64],
    /// `(blocks, requests per block)` of client-cpu, per side.
    pub client_cpu: (usize, usize),
    pub webhook_rounds: usize,
    pub codegen_runs: usize,
    /// Repetitions of the compile timings; 0 to skip them.
    pub compile_runs: usize,
}

/// `--quick`: every key but the compile times, in a few minutes.
pub const QUICK: Plan = Plan {
    name: "quick",
    decode: &[(1_000, 15), (summary::KEY_ROWS, 5)],
    decode_pairs: (summary::PAIR_ROWS, 41),
    stream_vs_buffered: &[(summary::KEY_ROWS, 5)],
    peak_rows: &[summary::PEAK_ROWS.0, summary::PEAK_ROWS.1],
    client_cpu: (20, 500),
    webhook_rounds: 11,
    codegen_runs: 11,
    compile_runs: 0,
};

/// The full run: more rounds, more row counts, and the compile times.
pub const FULL: Plan = Plan {
    name: "full",
    decode: &[(1_000, 41), (summary::KEY_ROWS, 11), (500_000, 5)],
    decode_pairs: (summary::PAIR_ROWS, 121),
    stream_vs_buffered: &[(1_000, 41), (summary::KEY_ROWS, 11), (500_000, 3)],
    peak_rows: &[summary::PEAK_ROWS.0, 100_000, summary::PEAK_ROWS.1],
    client_cpu: (40, 1_000),
    webhook_rounds: 41,
    codegen_runs: 31,
    compile_runs: 3,
};

/// Runs the plan from the workspace root; the message is the table for the terminal.
pub fn run(plan: &Plan) -> Result<String, String> {
    let started = Instant::now();
    let root = workspace_root()?;
    progress("building airudder-bench and airudder-cli (release)");
    cargo(
        &root,
        &[
            "build",
            "--release",
            "-p",
            "airudder-bench",
            "-p",
            "airudder-cli",
        ],
    )?;
    let bench = target_dir(&root)
        .join("release")
        .join(format!("airudder-bench{}", std::env::consts::EXE_SUFFIX));
    let measure = |args: &[String]| run_bench(&bench, args);
    let mut m = serde_json::Map::new();

    m.insert("codegen".into(), codegen_time(&root, plan.codegen_runs)?);
    let runs = |name: &str, rows_rounds: &[(u64, usize)]| -> Result<Value, String> {
        rows_rounds
            .iter()
            .map(|(rows, rounds)| {
                measure(&[
                    name.to_owned(),
                    "--rows".into(),
                    rows.to_string(),
                    "--rounds".into(),
                    rounds.to_string(),
                ])
            })
            .collect::<Result<Vec<_>, _>>()
            .map(Value::from)
    };
    m.insert("decode".into(), runs("decode", plan.decode)?);
    let (pair_rows, pair_rounds) = plan.decode_pairs;
    m.insert(
        "decode_pairs".into(),
        measure(&[
            "decode-pairs".into(),
            "--rows".into(),
            pair_rows.to_string(),
            "--rounds".into(),
            pair_rounds.to_string(),
        ])?,
    );
    m.insert(
        "stream_vs_buffered".into(),
        runs("stream-vs-buffered", plan.stream_vs_buffered)?,
    );
    for (key, name) in [
        ("stream_peak", "stream-peak"),
        ("buffered_peak", "buffered-peak"),
        ("typify_shaped_peak", "typify-shaped-peak"),
        ("cli_decode_peak", "cli-decode-peak"),
    ] {
        let peaks = plan
            .peak_rows
            .iter()
            .map(|rows| measure(&[name.to_owned(), "--rows".into(), rows.to_string()]))
            .collect::<Result<Vec<_>, _>>()?;
        m.insert(key.into(), Value::from(peaks));
    }
    let (blocks, requests) = plan.client_cpu;
    m.insert(
        "client_cpu".into(),
        measure(&[
            "client-cpu".into(),
            "--blocks".into(),
            blocks.to_string(),
            "--requests".into(),
            requests.to_string(),
        ])?,
    );
    m.insert(
        "webhook_decode".into(),
        measure(&[
            "webhook-decode".into(),
            "--rounds".into(),
            plan.webhook_rounds.to_string(),
        ])?,
    );
    if plan.compile_runs > 0 {
        let mut compile = compile_times(&root, plan.compile_runs)?;
        compile["consumer"] = consumer_times(&root, plan.compile_runs)?;
        m.insert("compile".into(), compile);
    }

    let measurements = Value::Object(m);
    let figures = summary::summarize(&measurements)?;
    let elapsed = started.elapsed().as_secs_f64();
    let mut summary_json = serde_json::Map::new();
    for (key, value) in &figures {
        summary_json.insert((*key).to_owned(), json!(value));
    }
    let spreads = summary::spreads(&measurements)?;
    summary_json.insert(
        "spreads".into(),
        spreads
            .iter()
            .map(|(key, low, high)| ((*key).to_owned(), json!({"p25": low, "p75": high})))
            .collect::<serde_json::Map<_, _>>()
            .into(),
    );
    summary_json.insert("meta".into(), meta(plan, elapsed));
    let out_dir = target_dir(&root).join("bench");
    std::fs::create_dir_all(&out_dir)
        .map_err(|e| format!("error: cannot create {}: {e}", out_dir.display()))?;
    for (name, value) in [
        ("summary.json", Value::Object(summary_json)),
        ("measurements.json", measurements),
    ] {
        let path = out_dir.join(name);
        let text = serde_json::to_string_pretty(&value).unwrap_or_default();
        std::fs::write(&path, text + "\n")
            .map_err(|e| format!("error: cannot write {}: {e}", path.display()))?;
    }
    let missed = summary::missed(&figures);
    Ok(format!(
        "{}\n\n{}\nwrote {} and measurements.json ({} run, {elapsed:.0} s)",
        summary::table(&figures, &spreads),
        if missed.is_empty() {
            "every goal met".to_owned()
        } else {
            format!("goals missed: {}", missed.join(", "))
        },
        out_dir.join("summary.json").display(),
        plan.name,
    ))
}

fn progress(message: &str) {
    eprintln!("bench: {message}");
}

/// Runs cargo (the one running xtask) in the workspace root; its output goes to the terminal.
fn cargo(root: &Path, args: &[&str]) -> Result<(), String> {
    cargo_in(root, args, None)
}

/// Runs cargo in `dir`, with a target directory of its own when `target` is given.
fn cargo_in(dir: &Path, args: &[&str], target: Option<&Path>) -> Result<(), String> {
    let cargo = std::env::var("CARGO").unwrap_or_else(|_| "cargo".to_owned());
    let mut command = Command::new(&cargo);
    command.args(args).current_dir(dir);
    if let Some(target) = target {
        command.env("CARGO_TARGET_DIR", target);
    }
    let status = command
        .status()
        .map_err(|e| format!("error: cannot run {cargo}: {e}"))?;
    if status.success() {
        Ok(())
    } else {
        Err(format!(
            "error: `cargo {}` in {} failed ({status})",
            args.join(" "),
            dir.display()
        ))
    }
}

fn target_dir(root: &Path) -> PathBuf {
    match std::env::var_os("CARGO_TARGET_DIR") {
        Some(dir) => root.join(dir),
        None => root.join("target"),
    }
}

/// Runs one measurement of the bench binary and reads its JSON.
fn run_bench(bench: &Path, args: &[String]) -> Result<Value, String> {
    progress(&format!("airudder-bench {}", args.join(" ")));
    let started = Instant::now();
    let output = Command::new(bench)
        .args(args)
        .stdin(Stdio::null())
        .stderr(Stdio::inherit())
        .output()
        .map_err(|e| format!("error: cannot run {}: {e}", bench.display()))?;
    if !output.status.success() {
        return Err(format!(
            "error: `airudder-bench {}` failed ({})",
            args.join(" "),
            output.status
        ));
    }
    let value: Value = serde_json::from_slice(&output.stdout).map_err(|e| {
        format!(
            "error: `airudder-bench {}` printed no JSON object: {e}",
            args.join(" ")
        )
    })?;
    progress(&format!(
        "  done in {:.1} s",
        started.elapsed().as_secs_f64()
    ));
    Ok(value)
}

/// The generator on the spec, in this process, after a warm-up run.
fn codegen_time(root: &Path, runs: usize) -> Result<Value, String> {
    progress(&format!(
        "codegen: {runs} runs of generate() on {SPEC_PATH}"
    ));
    let spec = std::fs::read_to_string(root.join(SPEC_PATH))
        .map_err(|e| format!("error: cannot read {SPEC_PATH}: {e}"))?;
    generate(&spec).map_err(|e| e.to_string())?;
    let mut samples = Vec::with_capacity(runs);
    for _ in 0..runs.max(1) {
        let started = Instant::now();
        let files = generate(&spec).map_err(|e| e.to_string())?;
        samples.push(started.elapsed().as_secs_f64() * 1000.0);
        std::hint::black_box(files);
    }
    Ok(json!({
        "runs": samples.len(),
        "median_ms": median(&samples),
        "samples_ms": samples,
        // The generator runs as `cargo xtask` builds it.
        "profile": if cfg!(debug_assertions) { "dev" } else { "release" },
    }))
}

/// `cargo check` and `cargo build` (dev profile) of airudder-client when airudder-models and
/// airudder-client are built from scratch and everything else is built already: their artifacts
/// (incremental caches included) are removed with `cargo clean -p` before each timed run.
/// (Touching their sources is not enough: incremental compilation would reuse everything.) The
/// median of `runs` repetitions each.
fn compile_times(root: &Path, runs: usize) -> Result<Value, String> {
    let mut result = serde_json::Map::new();
    for (key, command) in [("check_s", "check"), ("build_s", "build")] {
        progress(&format!(
            "compile: cargo {command} -p airudder-client after cargo clean -p airudder-models -p airudder-client, {runs} times"
        ));
        cargo(root, &[command, "-q", "-p", "airudder-client"])?;
        let mut samples = Vec::with_capacity(runs);
        for _ in 0..runs {
            cargo(
                root,
                &[
                    "clean",
                    "-q",
                    "--profile",
                    "dev",
                    "-p",
                    "airudder-models",
                    "-p",
                    "airudder-client",
                ],
            )?;
            let started = Instant::now();
            cargo(root, &[command, "-q", "-p", "airudder-client"])?;
            samples.push(started.elapsed().as_secs_f64());
        }
        result.insert(key.into(), json!(median(&samples)));
        result.insert(format!("{key}_samples"), json!(samples));
    }
    Ok(Value::Object(result))
}

/// An integrator's crate (`.ci/consumer`: constructors, a streamed call, a hand-written endpoint)
/// built in release in a target directory of its own: once from nothing (its dependencies
/// included: what a first `cargo build` costs), then after touching its own `main.rs`, `runs`
/// times (what every edit costs: the crate compiled again, with what it instantiates of the
/// client's generic code, and linked).
fn consumer_times(root: &Path, runs: usize) -> Result<Value, String> {
    let consumer = root.join(".ci").join("consumer");
    let target = target_dir(root).join("bench-consumer");
    let main = consumer.join("src").join("main.rs");
    let _ = std::fs::remove_dir_all(&target);
    let build = || {
        let started = Instant::now();
        cargo_in(
            &consumer,
            &["build", "--release", "-q"],
            Some(target.as_path()),
        )?;
        Ok::<_, String>(started.elapsed().as_secs_f64())
    };
    progress("compile: the consumer crate in release, from nothing");
    let clean = build()?;
    progress(&format!(
        "compile: the consumer crate in release after touching its main.rs, {runs} times"
    ));
    let mut rebuilds = Vec::with_capacity(runs);
    for _ in 0..runs {
        let text = std::fs::read(&main)
            .map_err(|e| format!("error: cannot read {}: {e}", main.display()))?;
        // Written back unchanged: a new modification time, as an editor's save gives.
        std::fs::write(&main, text)
            .map_err(|e| format!("error: cannot write {}: {e}", main.display()))?;
        rebuilds.push(build()?);
    }
    Ok(json!({
        "clean_build_s": clean,
        "rebuild_s": median(&rebuilds),
        "rebuild_s_samples": rebuilds,
    }))
}

fn median(samples: &[f64]) -> f64 {
    let mut sorted = samples.to_vec();
    sorted.sort_by(f64::total_cmp);
    match sorted.len() {
        0 => 0.0,
        n if n % 2 == 1 => sorted[n / 2],
        n => (sorted[n / 2 - 1] + sorted[n / 2]) / 2.0,
    }
}

/// When, what, and on which machine.
fn meta(plan: &Plan, elapsed_s: f64) -> Value {
    let seconds = SystemTime::now()
        .duration_since(SystemTime::UNIX_EPOCH)
        .map_or(0, |d| d.as_secs());
    let cpuinfo = std::fs::read_to_string("/proc/cpuinfo").unwrap_or_default();
    let meminfo = std::fs::read_to_string("/proc/meminfo").unwrap_or_default();
    let memory_kib = meminfo
        .lines()
        .find_map(|line| line.strip_prefix("MemTotal:"))
        .and_then(|rest| {
            rest.trim()
                .trim_end_matches("kB")
                .trim()
                .parse::<u64>()
                .ok()
        })
        .unwrap_or(0);
    let rustc = Command::new(std::env::var("RUSTC").unwrap_or_else(|_| "rustc".to_owned()))
        .arg("--version")
        .output()
        .map(|output| String::from_utf8_lossy(&output.stdout).trim().to_owned())
        .unwrap_or_default();
    let pairs = |list: &[(u64, usize)]| {
        list.iter()
            .map(|(rows, rounds)| json!({"rows": rows, "rounds": rounds}))
            .collect::<Vec<_>>()
    };
    json!({
        "date": utc_date_time(seconds),
        "mode": plan.name,
        "elapsed_s": elapsed_s,
        "key_rows": {
            "decode": summary::KEY_ROWS,
            "stream_vs_buffered": summary::KEY_ROWS,
            "peaks": [summary::PEAK_ROWS.0, summary::PEAK_ROWS.1],
        },
        "rows": {
            "decode": plan.decode.iter().map(|(rows, _)| rows).collect::<Vec<_>>(),
            "stream_vs_buffered": plan.stream_vs_buffered.iter().map(|(rows, _)| rows).collect::<Vec<_>>(),
            "peaks": plan.peak_rows,
        },
        "rounds": {
            "decode": pairs(plan.decode),
            "decode_pairs": {"rows": plan.decode_pairs.0, "rounds": plan.decode_pairs.1},
            "stream_vs_buffered": pairs(plan.stream_vs_buffered),
            "client_cpu": {"blocks": plan.client_cpu.0, "requests_per_block": plan.client_cpu.1},
            "webhook_decode": plan.webhook_rounds,
            "codegen": plan.codegen_runs,
            "compile": plan.compile_runs,
        },
        "machine": {
            "nproc": std::thread::available_parallelism().map_or(0, usize::from),
            "memory": format!("{:.1} GiB", memory_kib as f64 / 1024.0 / 1024.0),
            "cpu_model": cpuinfo
                .lines()
                .find_map(|line| line.strip_prefix("model name"))
                .map(|rest| rest.trim_start_matches([' ', '\t', ':']).trim())
                .unwrap_or("unknown"),
            "rustc": rustc,
        },
    })
}

/// `YYYY-MM-DDTHH:MM:SSZ` for seconds since the Unix epoch (the civil-from-days algorithm of
/// Howard Hinnant's date library).
pub fn utc_date_time(seconds: u64) -> String {
    let days = (seconds / 86_400) as i64;
    let time = seconds % 86_400;
    let z = days + 719_468;
    let era = z.div_euclid(146_097);
    let day_of_era = z.rem_euclid(146_097);
    let year_of_era =
        (day_of_era - day_of_era / 1460 + day_of_era / 36_524 - day_of_era / 146_096) / 365;
    let day_of_year = day_of_era - (365 * year_of_era + year_of_era / 4 - year_of_era / 100);
    let mp = (5 * day_of_year + 2) / 153;
    let day = day_of_year - (153 * mp + 2) / 5 + 1;
    let month = if mp < 10 { mp + 3 } else { mp - 9 };
    let year = year_of_era + era * 400 + i64::from(month <= 2);
    format!(
        "{year:04}-{month:02}-{day:02}T{:02}:{:02}:{:02}Z",
        time / 3600,
        time / 60 % 60,
        time % 60
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn utc_dates() {
        assert_eq!(utc_date_time(0), "1970-01-01T00:00:00Z");
        assert_eq!(utc_date_time(951_782_400), "2000-02-29T00:00:00Z");
        assert_eq!(utc_date_time(1_710_146_315), "2024-03-11T08:38:35Z");
    }

    #[test]
    fn both_plans_measure_what_the_summary_reads() {
        for plan in [QUICK, FULL] {
            assert!(
                plan.decode
                    .iter()
                    .any(|(rows, _)| *rows == summary::KEY_ROWS)
            );
            assert!(
                plan.stream_vs_buffered
                    .iter()
                    .any(|(rows, _)| *rows == summary::KEY_ROWS)
            );
            assert!(plan.peak_rows.contains(&summary::PEAK_ROWS.0));
            assert!(plan.peak_rows.contains(&summary::PEAK_ROWS.1));
        }
        assert_eq!(
            (QUICK.compile_runs == 0, FULL.compile_runs > 0),
            (true, true)
        );
    }
}
