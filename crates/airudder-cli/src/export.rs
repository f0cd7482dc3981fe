//! `airudder export OPERATION`: streams the rows of a task detail into JSON Lines or CSV, one row
//! at a time from the client's row stream into a buffered writer, so memory stays one row plus
//! one network chunk however many rows the task has.

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::time::Duration;

use airudder_models::{OPERATIONS, OperationInfo};
use clap::ArgMatches;
use clap::builder::PossibleValue;
use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use crate::{request, table};

/// What the rows are written as.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Format {
    /// One row per line, the row's JSON as the stream gives it.
    Jsonl,
    /// A header of the row type's fields, then one record per row.
    Csv,
}

impl clap::ValueEnum for Format {
    fn value_variants<'a>() -> &'a [Format] {
        &[Format::Jsonl, Format::Csv]
    }

    fn to_possible_value(&self) -> Option<PossibleValue> {
        Some(match self {
            Format::Jsonl => PossibleValue::new("jsonl").help("JSON Lines: one row per line"),
            Format::Csv => PossibleValue::new("csv").help("one column per field of the row type"),
        })
    }
}

/// What a finished export did, for the one-line summary on standard error.
#[derive(Debug)]
pub(crate) struct Summary {
    rows: usize,
    bytes: u64,
    destination: String,
}

impl fmt::Display for Summary {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        write!(
            f,
            "exported {} to {} ({} bytes received)",
            row_count(self.rows),
            self.destination,
            self.bytes
        )
    }
}

/// "1 row", "3 rows".
fn row_count(count: usize) -> String {
    format!("{count} row{}", if count == 1 { "" } else { "s" })
}

/// Why `export` did not finish, as one line for the terminal.
#[derive(Debug)]
pub(crate) enum Failure {
    /// The command was mistaken (exit 2): nothing was sent.
    Usage(String),
    /// The export failed (exit 1).
    Failed(String),
}

/// The catalog entry of `operation_id` when its answer streams rows; otherwise a usage error
/// naming the operations that do.
pub(crate) fn streamable(operation_id: &str) -> Result<&'static OperationInfo, Failure> {
    let names: Vec<&str> = OPERATIONS
        .iter()
        .filter(|op| op.large_array.is_some())
        .map(|op| op.operation_id)
        .collect();
    match OPERATIONS.iter().find(|op| op.operation_id == operation_id) {
        Some(operation) if operation.large_array.is_some() => Ok(operation),
        Some(_) => Err(Failure::Usage(format!(
            "`{operation_id}` cannot be exported: its answer has no array of rows; export one of {}, or use `airudder call {operation_id}`",
            names.join(", ")
        ))),
        None => Err(Failure::Usage(format!(
            "unknown operation `{operation_id}`; export one of {}",
            names.join(", ")
        ))),
    }
}

/// Runs the export of `operation` with the request fields and `--format`/`--output` of `matches`
/// and the connection flags of `global`.
pub(crate) async fn run(
    operation: &'static OperationInfo,
    matches: &ArgMatches,
    global: &ArgMatches,
) -> Result<Summary, Failure> {
    let format = matches
        .get_one::<Format>("format")
        .copied()
        .ok_or_else(|| Failure::Usage("--format is required: jsonl or csv".into()))?;
    let path = matches
        .get_one::<String>("output")
        .map(String::as_str)
        .filter(|path| *path != "-");
    let params = request::params(operation, matches).map_err(Failure::Failed)?;
    let client = request::client(global).map_err(Failure::Failed)?;
    // The request goes first: an answer that fails before its rows (bad credentials, an unknown
    // task) then leaves no empty file behind.
    let mut rows = client
        .stream_json(operation.operation_id, &params)
        .await
        .map_err(|error| Failure::Failed(error.to_string()))?;
    let (destination, out): (String, Box<dyn Write>) = match path {
        None => ("standard output".into(), Box::new(std::io::stdout().lock())),
        Some(path) => match File::create(path) {
            Ok(file) => (path.to_owned(), Box::new(file)),
            Err(error) => {
                return Err(Failure::Failed(format!(
                    "cannot create {path}: {error}; choose another --output"
                )));
            }
        },
    };
    let incomplete = |written: usize| {
        format!(
            "{destination} is incomplete ({} written)",
            row_count(written)
        )
    };
    let mut sink = Sink::new(format, BufWriter::new(out), operation.row_fields)
        .map_err(|error| Failure::Failed(format!("cannot write to {destination}: {error}")))?;
    let mut progress = Progress::new();
    let mut written = 0;
    let failure = loop {
        match rows.next_row().await {
            None => break None,
            Some(Err(error)) => {
                let mut message = error.to_string();
                // The path says which row and field failed; most errors already name it.
                if let Some(path) = error.json_path().filter(|path| !message.contains(path)) {
                    message = format!("{message} (at `{path}`)");
                }
                break Some(message);
            }
            Some(Ok(row)) => {
                if let Err(error) = sink.write(&row) {
                    break Some(format!("cannot write to {destination}: {error}"));
                }
                written += 1;
                progress.update(written, rows.bytes_read());
            }
        }
    };
    progress.finish();
    // Flushed on failure too, so the file holds every row counted as written.
    let flushed = sink.finish();
    match (failure, flushed) {
        (Some(message), _) => Err(Failure::Failed(format!(
            "{message}; {}",
            incomplete(written)
        ))),
        (None, Err(error)) => Err(Failure::Failed(format!(
            "cannot write to {destination}: {error}; {}",
            incomplete(written)
        ))),
        (None, Ok(())) => Ok(Summary {
            rows: written,
            bytes: rows.bytes_read(),
            destination,
        }),
    }
}

/// Where rows go, in the chosen format.
enum Sink {
    Jsonl(BufWriter<Box<dyn Write>>),
    Csv {
        // Boxed: the CSV writer carries its own buffer state; one sink lives per export.
        writer: Box<csv::Writer<BufWriter<Box<dyn Write>>>>,
        columns: &'static [&'static str],
    },
}

impl Sink {
    /// A sink over `out`; CSV starts with its header so even an export of no rows has columns.
    fn new(
        format: Format,
        out: BufWriter<Box<dyn Write>>,
        columns: &'static [&'static str],
    ) -> Result<Sink, String> {
        match format {
            Format::Jsonl => Ok(Sink::Jsonl(out)),
            Format::Csv => {
                let mut writer = Box::new(csv::Writer::from_writer(out));
                writer
                    .write_record(columns)
                    .map_err(|error| error.to_string())?;
                Ok(Sink::Csv { writer, columns })
            }
        }
    }

    fn write(&mut self, row: &Value) -> Result<(), String> {
        match self {
            Sink::Jsonl(out) => {
                serde_json::to_writer(&mut *out, row).map_err(|error| error.to_string())?;
                out.write_all(b"\n").map_err(|error| error.to_string())
            }
            Sink::Csv { writer, columns } => {
                for cell in table::cells(columns, row) {
                    writer
                        .write_field(cell.as_bytes())
                        .map_err(|error| error.to_string())?;
                }
                // An empty record after write_field ends the current record.
                writer
                    .write_record(None::<&[u8]>)
                    .map_err(|error| error.to_string())
            }
        }
    }

    fn finish(self) -> Result<(), String> {
        match self {
            Sink::Jsonl(mut out) => out.flush().map_err(|error| error.to_string()),
            Sink::Csv { mut writer, .. } => writer.flush().map_err(|error| error.to_string()),
        }
    }
}

/// Rows and bytes received so far, drawn on standard error only when a person is watching it:
/// escape codes in a redirected log or a CI transcript are noise.
struct Progress {
    bar: ProgressBar,
    bytes: u64,
}

impl Progress {
    fn new() -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let target = if terminal {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let style =
            ProgressStyle::with_template("{spinner} {human_pos} rows, {msg} received, {elapsed}")
                .unwrap_or_else(|_| ProgressStyle::default_spinner());
        let bar = ProgressBar::with_draw_target(None, target).with_style(style);
        bar.set_message(HumanBytes(0).to_string());
        if terminal {
            // Keeps the spinner moving while the server is slow to send the first rows.
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Progress { bar, bytes: 0 }
    }

    fn update(&mut self, rows: usize, bytes: u64) {
        self.bar.set_position(rows as u64);
        // The byte count only changes once per network chunk (hundreds of rows); formatting the
        // message for every row would cost more than writing the row.
        if bytes != self.bytes {
            self.bytes = bytes;
            self.bar.set_message(HumanBytes(bytes).to_string());
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
