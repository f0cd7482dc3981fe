//! `cargo xtask`: argument parsing and dispatch to the maintainer tasks.

use std::process::ExitCode;

const USAGE: &str = "\
usage: cargo xtask <task>

tasks:
  codegen           regenerate the generated code of airudder-models and airudder-client from spec/airudder.openapi.json
  codegen --check   fail (naming the stale files) if the generated files differ from what the spec gives
  bench             run every benchmark (release build, ratios against baselines of the same run) and
                    write target/bench/summary.json; see BENCHMARKS.md
  bench --quick     the same with fewer rounds, without the compile times (a few minutes)
  help              print this list";

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    match args.as_slice() {
        ["codegen"] => report(xtask::codegen::run(xtask::codegen::Mode::Write)),
        ["codegen", "--check"] => report(xtask::codegen::run(xtask::codegen::Mode::Check)),
        ["bench"] => report(xtask::bench::run(&xtask::bench::FULL)),
        ["bench", "--quick"] => report(xtask::bench::run(&xtask::bench::QUICK)),
        [] | ["help"] | ["--help"] | ["-h"] => {
            println!("{USAGE}");
            ExitCode::SUCCESS
        }
        _ => {
            eprintln!("error: unknown arguments `{}`\n\n{USAGE}", args.join(" "));
            ExitCode::from(2)
        }
    }
}

fn report(result: Result<String, String>) -> ExitCode {
    match result {
        Ok(message) => {
            println!("{message}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("{message}");
            ExitCode::FAILURE
        }
    }
}
