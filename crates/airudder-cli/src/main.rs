#![doc = include_str!("../README.md")]

mod call;
mod cli;
mod decode;
mod export;
mod mock;
mod request;
mod secret;
mod table;

use std::io::Read;
use std::process::ExitCode;

fn main() -> ExitCode {
    let matches = match cli::command().try_get_matches() {
        Ok(matches) => matches,
        Err(error) => {
            // Help and version are not errors; clap prints them and picks the exit status.
            let _ = error.print();
            return ExitCode::from(u8::try_from(error.exit_code()).unwrap_or(2));
        }
    };
    // Only `call` and `export` have `-v`; asking the other commands' matches finds nothing.
    if let Some((_, args)) = matches.subcommand() {
        if let Ok(Some(&verbose)) = args.try_get_one::<u8>("verbose") {
            show_progress_of_calls(verbose);
        }
    }
    match matches.subcommand() {
        Some(("decode", args)) => decode(args),
        Some(("call", args)) => call(args),
        Some(("export", args)) => export(args),
        Some(("mock", args)) => mock(args),
        _ => fail(2, "no command; see `airudder --help`"),
    }
}

/// `-v`: the client's spans (one per attempt, with its status and duration) and its retries, on
/// standard error; `-vv` adds the HTTP stack's own records. Never bodies or credentials: the
/// client logs neither.
fn show_progress_of_calls(verbose: u8) {
    let level = match verbose {
        0 => return,
        1 => tracing_subscriber::filter::LevelFilter::INFO,
        _ => tracing_subscriber::filter::LevelFilter::DEBUG,
    };
    tracing_subscriber::fmt()
        .with_writer(std::io::stderr)
        .with_max_level(level)
        .with_span_events(tracing_subscriber::fmt::format::FmtSpan::CLOSE)
        .with_target(false)
        .init();
}

fn decode(args: &clap::ArgMatches) -> ExitCode {
    let name = args
        .get_one::<String>("name")
        .map(String::as_str)
        .unwrap_or_default();
    let file = args
        .get_one::<String>("file")
        .map(String::as_str)
        .unwrap_or("-");
    // Read as a stream: a large answer is checked row by row, never held whole.
    let input: Box<dyn Read> = if file == "-" {
        Box::new(std::io::stdin().lock())
    } else {
        match std::fs::File::open(file) {
            Ok(file) => Box::new(std::io::BufReader::new(file)),
            Err(error) => return fail(2, &format!("cannot read {file}: {error}")),
        }
    };
    match decode::decode(name, input) {
        Ok(report) => {
            print!("{}", decode::report(&report));
            ExitCode::SUCCESS
        }
        Err(decode::DecodeFailure::UnknownName(message)) => fail(2, &message),
        Err(decode::DecodeFailure::Unreadable(error)) => {
            fail(1, &format!("cannot read {file}: {error}"))
        }
        Err(decode::DecodeFailure::Invalid { path, reason }) => fail(
            1,
            &format!("does not decode as {name}: at `{path}`: {reason}"),
        ),
    }
}

fn call(args: &clap::ArgMatches) -> ExitCode {
    let Some((operation, matches)) = args.subcommand() else {
        return fail(2, "name an operation; see `airudder call --help`");
    };
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(exit) => return exit,
    };
    match runtime.block_on(call::run(operation, matches, args)) {
        Ok(json) => {
            println!("{json}");
            ExitCode::SUCCESS
        }
        Err(message) => fail(1, &message),
    }
}

fn export(args: &clap::ArgMatches) -> ExitCode {
    let Some((operation, matches)) = args.subcommand() else {
        return fail(2, "name an operation; see `airudder export --help`");
    };
    let outcome = match export::streamable(operation) {
        Ok(operation) => match runtime() {
            Ok(runtime) => runtime.block_on(export::run(operation, matches, args)),
            Err(exit) => return exit,
        },
        Err(failure) => Err(failure),
    };
    match outcome {
        Ok(summary) => {
            eprintln!("{summary}");
            ExitCode::SUCCESS
        }
        Err(failure) => failure.exit(),
    }
}

fn mock(args: &clap::ArgMatches) -> ExitCode {
    let runtime = match runtime() {
        Ok(runtime) => runtime,
        Err(exit) => return exit,
    };
    match runtime.block_on(mock::run(args)) {
        Ok(()) => ExitCode::SUCCESS,
        Err(failure) => failure.exit(),
    }
}

/// The async runtime of `call`, `export` and `mock`; the error is already reported.
fn runtime() -> Result<tokio::runtime::Runtime, ExitCode> {
    tokio::runtime::Runtime::new()
        .map_err(|error| fail(1, &format!("cannot start the async runtime: {error}")))
}

/// Why `export` or `mock` did not finish, as one line for the terminal.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command was mistaken (exit 2): nothing was sent or served.
    Usage(String),
    /// The work failed (exit 1).
    Failed(String),
}

impl Failure {
    fn exit(self) -> ExitCode {
        match self {
            Failure::Usage(message) => fail(2, &message),
            Failure::Failed(message) => fail(1, &message),
        }
    }
}

fn fail(code: u8, message: &str) -> ExitCode {
    eprintln!("error: {message}");
    ExitCode::from(code)
}
