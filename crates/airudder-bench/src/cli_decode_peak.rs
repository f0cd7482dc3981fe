//! `cli-decode-peak`: the peak RSS of `airudder decode getWorkflowTaskDetail -` (the binary built
//! next to this one) checking an answer of N rows piped to it, the way a maintainer checks a
//! large capture. The answer is read row by row, so the peak must not grow with N.

use std::io::Write;
use std::process::{Command, Stdio};

use nix::sys::resource::{UsageWho, getrusage};
use serde_json::{Value, json};

use crate::synth;

const OPERATION: &str = "getWorkflowTaskDetail";

pub fn run(rows: usize) -> Result<Value, String> {
    let exe = std::env::current_exe().map_err(|e| format!("cannot find this binary: {e}"))?;
    let cli = exe.with_file_name(format!("airudder{}", std::env::consts::EXE_SUFFIX));
    let mut child = Command::new(&cli)
        .args(["decode", OPERATION, "-"])
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .map_err(|e| {
            format!(
                "cannot start {}: {e}; build it with `cargo build --release -p airudder-cli`",
                cli.display()
            )
        })?;
    // The answer is made only now that the child runs `airudder`: a child's peak includes the
    // memory of the process it was started from, so a body built before would count as its.
    // Written from a thread while the report is read here: neither pipe can fill and stall.
    let mut stdin = child.stdin.take().ok_or("no standard input")?;
    let writer = std::thread::spawn(move || {
        let body = synth::workflow_task_detail(rows, synth::SEED);
        stdin.write_all(&body).map(|()| body.len())
    });
    let output = child
        .wait_with_output()
        .map_err(|e| format!("airudder decode: {e}"))?;
    let body_bytes = writer
        .join()
        .map_err(|_| "the writer thread panicked".to_owned())?
        .map_err(|e| format!("cannot write the answer to airudder decode: {e}"))?;
    let report = String::from_utf8_lossy(&output.stdout);
    if !output.status.success() || !report.contains(&format!("rows: {rows} (read one by one)")) {
        return Err(format!(
            "airudder decode did not check the {rows} rows ({}): {}{}",
            output.status,
            report.lines().take(3).collect::<Vec<_>>().join(" / "),
            String::from_utf8_lossy(&output.stderr)
        ));
    }
    // The only child of this process: its peak is the decode's.
    let children = getrusage(UsageWho::RUSAGE_CHILDREN)
        .map_err(|e| format!("getrusage(RUSAGE_CHILDREN): {e}"))?;
    Ok(json!({
        "measurement": "cli-decode-peak",
        "rows": rows,
        "body_bytes": body_bytes,
        "peak_rss_bytes": children.max_rss() as u64 * 1024,
    }))
}
