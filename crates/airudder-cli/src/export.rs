//! `airudder export OPERATION`: streams the rows of a task detail into JSON Lines or CSV, one row
//! at a time from the client's row stream into a buffered writer, so memory stays one row plus
//! one network chunk however many rows the task has.
//!
//! Nothing is lost: JSON Lines has each row as AiRudder sent it (every member, in its order, not
//! re-encoded), CSV a column per field of the row type and then one column, `other_members`
//! (`table::OTHER_MEMBERS`), with the members the spec does not know as a JSON object. And nothing half-written looks
//! complete: a file is written as `<output>.partial` and renamed to `<output>` only once every row
//! is in it; a failure or Ctrl-C stops at a row boundary, leaves `<output>.partial` and exits 1.

use std::fmt;
use std::fs::File;
use std::io::{BufWriter, IsTerminal, Write};
use std::time::Duration;

use airudder_client::{RawRow, RowStream};
use airudder_models::{OPERATIONS, OperationInfo};
use clap::ArgMatches;
use clap::builder::PossibleValue;
use indicatif::{HumanBytes, ProgressBar, ProgressDrawTarget, ProgressStyle};
use serde_json::Value;

use crate::{Failure, request, table};

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
            Format::Csv => PossibleValue::new("csv")
                .help("one column per field of the row type, then other_members (JSON)"),
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
    let failed = |error: airudder_client::Error| Failure::Failed(error.to_string());
    let (written, bytes, failure, flushed, output, destination) = match format {
        Format::Jsonl => {
            let rows = client
                .stream_raw(operation.operation_id, &params)
                .await
                .map_err(failed)?;
            let output = Output::open(path);
            let destination = output.name();
            let sink = Jsonl(BufWriter::new(output.writer()?));
            let (written, bytes, failure, flushed) = copy_rows(rows, sink, &destination).await;
            (written, bytes, failure, flushed, output, destination)
        }
        Format::Csv => {
            let rows = client
                .stream_json(operation.operation_id, &params)
                .await
                .map_err(failed)?;
            let output = Output::open(path);
            let destination = output.name();
            let sink = Csv::new(BufWriter::new(output.writer()?), operation.row_fields).map_err(
                |error| Failure::Failed(format!("cannot write to {destination}: {error}")),
            )?;
            let (written, bytes, failure, flushed) = copy_rows(rows, sink, &destination).await;
            (written, bytes, failure, flushed, output, destination)
        }
    };
    match (failure, flushed) {
        (Some(message), _) => Err(Failure::Failed(format!(
            "{message}; {}",
            output.incomplete(written)
        ))),
        (None, Err(error)) => Err(Failure::Failed(format!(
            "cannot write to {destination}: {error}; {}",
            output.incomplete(written)
        ))),
        (None, Ok(())) => {
            output.complete()?;
            Ok(Summary {
                rows: written,
                bytes,
                destination,
            })
        }
    }
}

/// Where rows go, in one format.
trait Sink {
    /// A row as the stream hands it over for this format.
    type Row;
    fn write(&mut self, row: &Self::Row) -> Result<(), String>;
    /// Flushes what is buffered: every row counted as written is then in the output.
    fn finish(self) -> Result<(), String>;
}

/// Copies every row into `sink`, stopping at a row boundary on a failure or Ctrl-C; returns the
/// rows written, the bytes received, the failure if any, and how the final flush went (the output
/// then holds every row counted as written, and no part of another).
async fn copy_rows<R, S: Sink<Row = R>>(
    mut rows: RowStream<Value, R>,
    mut sink: S,
    destination: &str,
) -> (usize, u64, Option<String>, Result<(), String>) {
    let mut progress = Progress::new(rows.announced_length());
    let mut written = 0;
    let interrupted = tokio::signal::ctrl_c();
    tokio::pin!(interrupted);
    let failure = loop {
        let next = tokio::select! {
            row = rows.next_row() => row,
            _ = &mut interrupted => break Some("interrupted (Ctrl-C)".to_owned()),
        };
        match next {
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
    let flushed = sink.finish();
    (written, rows.bytes_read(), failure, flushed)
}

/// Where the export goes: standard output, or a file written under a `.partial` name and renamed
/// once complete.
enum Output {
    Stdout,
    File { path: String, partial: String },
}

impl Output {
    fn open(path: Option<&str>) -> Output {
        match path {
            None => Output::Stdout,
            Some(path) => Output::File {
                path: path.to_owned(),
                partial: format!("{path}.partial"),
            },
        }
    }

    fn name(&self) -> String {
        match self {
            Output::Stdout => "standard output".into(),
            Output::File { path, .. } => path.clone(),
        }
    }

    fn writer(&self) -> Result<Box<dyn Write>, Failure> {
        match self {
            Output::Stdout => Ok(Box::new(std::io::stdout().lock())),
            Output::File { path, partial } => match File::create(partial) {
                Ok(file) => Ok(Box::new(file)),
                Err(error) => Err(Failure::Failed(format!(
                    "cannot create {partial}: {error}; choose another --output than {path}"
                ))),
            },
        }
    }

    /// What is left of a failed export.
    fn incomplete(&self, written: usize) -> String {
        match self {
            Output::Stdout => format!(
                "standard output is incomplete ({} written)",
                row_count(written)
            ),
            Output::File { path, partial } => format!(
                "{path} was not written: {partial} is incomplete ({} written)",
                row_count(written)
            ),
        }
    }

    /// Every row is written: the file takes its name.
    fn complete(self) -> Result<(), Failure> {
        match self {
            Output::Stdout => Ok(()),
            Output::File { path, partial } => std::fs::rename(&partial, &path).map_err(|error| {
                Failure::Failed(format!(
                    "cannot rename {partial} to {path}: {error}; the export is complete in {partial}"
                ))
            }),
        }
    }
}

/// JSON Lines: each row as AiRudder sent it, on a line of its own.
struct Jsonl(BufWriter<Box<dyn Write>>);

impl Sink for Jsonl {
    type Row = RawRow;

    fn write(&mut self, row: &RawRow) -> Result<(), String> {
        self.0
            .write_all(row.as_str().as_bytes())
            .and_then(|()| self.0.write_all(b"\n"))
            .map_err(|error| error.to_string())
    }

    fn finish(mut self) -> Result<(), String> {
        self.0.flush().map_err(|error| error.to_string())
    }
}

/// CSV: a column per field of the row type, then the members the spec does not know.
struct Csv {
    // Boxed: the CSV writer carries its own buffer state; one sink lives per export.
    writer: Box<csv::Writer<BufWriter<Box<dyn Write>>>>,
    columns: &'static [&'static str],
}

impl Csv {
    /// Starts with the header, so even an export of no rows has its columns.
    fn new(
        out: BufWriter<Box<dyn Write>>,
        columns: &'static [&'static str],
    ) -> Result<Csv, String> {
        let mut writer = Box::new(csv::Writer::from_writer(out));
        let other_members = table::other_members_column(columns);
        writer
            .write_record(columns.iter().copied().chain([other_members.as_str()]))
            .map_err(|error| error.to_string())?;
        Ok(Csv { writer, columns })
    }
}

impl Sink for Csv {
    type Row = Value;

    fn write(&mut self, row: &Value) -> Result<(), String> {
        let cells =
            table::cells(self.columns, row).chain([table::other_members(self.columns, row)]);
        for cell in cells {
            self.writer
                .write_field(cell.as_bytes())
                .map_err(|error| error.to_string())?;
        }
        // An empty record after write_field ends the current record.
        self.writer
            .write_record(None::<&[u8]>)
            .map_err(|error| error.to_string())
    }

    fn finish(mut self) -> Result<(), String> {
        self.writer.flush().map_err(|error| error.to_string())
    }
}

/// Rows and bytes received so far, drawn on standard error only when a person is watching it:
/// escape codes in a redirected log or a CI transcript are noise. When the answer announced its
/// size, a bar of bytes with the rate and the time left; otherwise a spinner with the counts.
struct Progress {
    bar: ProgressBar,
    /// Whether the bar's position is bytes (size known) or rows (spinner).
    counts_bytes: bool,
    bytes: u64,
}

impl Progress {
    fn new(total_bytes: Option<u64>) -> Progress {
        let terminal = std::io::stderr().is_terminal();
        let target = if terminal {
            ProgressDrawTarget::stderr()
        } else {
            ProgressDrawTarget::hidden()
        };
        let (style, counts_bytes) = match total_bytes {
            Some(_) => (
                ProgressStyle::with_template(
                    "{bar:30} {bytes}/{total_bytes} {bytes_per_sec}, {eta} left, {msg} rows",
                ),
                true,
            ),
            None => (
                ProgressStyle::with_template(
                    "{spinner} {human_pos} rows, {msg} received, {elapsed}",
                ),
                false,
            ),
        };
        let style = style.unwrap_or_else(|_| ProgressStyle::default_spinner());
        let bar = ProgressBar::with_draw_target(total_bytes, target).with_style(style);
        bar.set_message(if counts_bytes {
            "0".to_owned()
        } else {
            HumanBytes(0).to_string()
        });
        if terminal {
            // Keeps the spinner moving while the server is slow to send the first rows.
            bar.enable_steady_tick(Duration::from_millis(120));
        }
        Progress {
            bar,
            counts_bytes,
            bytes: 0,
        }
    }

    fn update(&mut self, rows: usize, bytes: u64) {
        // The byte count only changes once per network chunk (hundreds of rows); formatting a
        // message for every row would cost more than writing the row.
        if self.counts_bytes {
            if bytes != self.bytes {
                self.bytes = bytes;
                self.bar.set_position(bytes);
                self.bar.set_message(rows.to_string());
            }
        } else {
            self.bar.set_position(rows as u64);
            if bytes != self.bytes {
                self.bytes = bytes;
                self.bar.set_message(HumanBytes(bytes).to_string());
            }
        }
    }

    fn finish(&self) {
        self.bar.finish_and_clear();
    }
}
