//! `airudder-bench`: runs ONE measurement per invocation (so that peak memory is the variant's
//! own) and prints its result as one JSON object on standard output. `cargo xtask bench` runs
//! them all and turns them into the summary; see BENCHMARKS.md.

mod by_hand;
mod cli_decode_peak;
mod client_cpu;
mod decode;
mod decode_pairs;
mod measure;
mod peak;
mod reference;
mod stream_vs_buffered;
mod synth;
mod typify_shaped;
mod webhook_decode;

use std::process::ExitCode;

const USAGE: &str = "\
usage: airudder-bench <measurement> [options]

measurements (each prints one JSON object):
  decode --rows N [--rounds R]              generated types vs serde_json::Value vs a hand-written reference
  decode-pairs --rows N [--rounds R]        generated vs hand-written (and the SDK's decode vs
                                            typify-shaped types) as paired ratios, per round
  stream-vs-buffered --rows N [--rounds R]  the client reading N rows whole vs as a stream, and the
                                            parser's floor (serde's IgnoredAny) on the same body
  stream-peak --rows N                      peak RSS while streaming N rows from an in-process mock,
                                            and the time to the first row
  buffered-peak --rows N                    peak RSS while reading N rows whole from an in-process mock
  typify-shaped-peak --rows N               the same, read as a progenitor-style client does
  client-cpu [--url URL] [--blocks B] [--requests N]
                                            CPU per request, client vs reqwest by hand, against a mock
                                            in another process (`airudder mock`, next to this binary,
                                            unless --url is given)
  webhook-decode [--rounds R]               a webhook parsed typed vs as serde_json::Value
  cli-decode-peak --rows N                  peak RSS of `airudder decode` (the binary next to this
                                            one) checking an answer of N rows from standard input";

/// The options of a measurement.
#[derive(Debug, Default)]
struct Options {
    rows: Option<usize>,
    rounds: Option<usize>,
    blocks: Option<usize>,
    requests: Option<usize>,
    url: Option<String>,
}

fn main() -> ExitCode {
    let args: Vec<String> = std::env::args().skip(1).collect();
    let Some((measurement, rest)) = args.split_first() else {
        println!("{USAGE}");
        return ExitCode::from(2);
    };
    let options = match parse_options(rest) {
        Ok(options) => options,
        Err(message) => return usage(&message),
    };
    let rows = || options.rows.ok_or("--rows N is required".to_owned());
    let outcome = match measurement.as_str() {
        "decode" => rows().and_then(|rows| decode::run(rows, options.rounds.unwrap_or(10))),
        "decode-pairs" => {
            rows().and_then(|rows| decode_pairs::run(rows, options.rounds.unwrap_or(41)))
        }
        "stream-vs-buffered" => {
            rows().and_then(|rows| stream_vs_buffered::run(rows, options.rounds.unwrap_or(5)))
        }
        "stream-peak" => rows().and_then(|rows| peak::run(rows, peak::Read::Stream)),
        "buffered-peak" => rows().and_then(|rows| peak::run(rows, peak::Read::Buffered)),
        "typify-shaped-peak" => rows().and_then(|rows| peak::run(rows, peak::Read::TypifyShaped)),
        "client-cpu" => client_cpu::run(
            options.url.clone(),
            options.blocks.unwrap_or(10),
            options.requests.unwrap_or(500),
        ),
        "webhook-decode" => webhook_decode::run(options.rounds.unwrap_or(21)),
        "cli-decode-peak" => rows().and_then(cli_decode_peak::run),
        "help" | "--help" | "-h" => {
            println!("{USAGE}");
            return ExitCode::SUCCESS;
        }
        other => return usage(&format!("unknown measurement `{other}`")),
    };
    match outcome {
        Ok(result) => {
            println!("{result}");
            ExitCode::SUCCESS
        }
        Err(message) => {
            eprintln!("error: {measurement}: {message}");
            ExitCode::FAILURE
        }
    }
}

fn parse_options(args: &[String]) -> Result<Options, String> {
    let mut options = Options::default();
    let mut args = args.iter();
    while let Some(flag) = args.next() {
        let value = args
            .next()
            .ok_or_else(|| format!("`{flag}` takes a value"))?;
        let number = || {
            value
                .parse::<usize>()
                .map_err(|_| format!("`{flag}` takes a number, not `{value}`"))
        };
        match flag.as_str() {
            "--rows" => options.rows = Some(number()?),
            "--rounds" => options.rounds = Some(number()?.max(1)),
            "--blocks" => options.blocks = Some(number()?.max(1)),
            "--requests" => options.requests = Some(number()?.max(1)),
            "--url" => options.url = Some(value.clone()),
            other => return Err(format!("unknown option `{other}`")),
        }
    }
    Ok(options)
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(2)
}
