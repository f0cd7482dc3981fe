//! The command line: `decode`, `call` (one subcommand per operation of the catalog, one flag per
//! request field), `export` (the same, for the operations whose answer streams rows) and `mock`.

use airudder_models::{OPERATIONS, OperationInfo, ParamInfo, WEBHOOKS};
use clap::{Arg, ArgAction, Command, value_parser};

use crate::export::Format;

/// The whole command tree.
pub(crate) fn command() -> Command {
    Command::new("airudder")
        .about("Decode AiRudder payloads against the spec, call any operation, export task details, run the mock server")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(decode_command())
        .subcommand(call_command())
        .subcommand(export_command())
        .subcommand(crate::mock::command())
}

fn decode_command() -> Command {
    let names: Vec<&str> = OPERATIONS
        .iter()
        .map(|op| op.operation_id)
        .chain(WEBHOOKS.iter().map(|w| w.name))
        .collect();
    Command::new("decode")
        .about("Decode a response (envelope included) or a webhook body with the generated types")
        .long_about(format!(
            "Decode a payload with the generated types: prints what was understood, the fields the spec does not know \
             (docs drift), and on failure the JSON path and the reason.\n\nNAME is an operationId (FILE is a whole \
             response, envelope included) or a webhook key (FILE is a notification body): {}.\n\nExit status: 0 when \
             it decodes, 1 when it does not, 2 for usage errors.",
            names.join(", ")
        ))
        .arg(Arg::new("name").value_name("NAME").required(true).help("an operationId or a webhook key"))
        .arg(Arg::new("file").value_name("FILE").default_value("-").help("the payload; - or nothing for standard input"))
}

fn call_command() -> Command {
    Command::new("call")
        .about("Call an operation and print the envelope's data as JSON")
        .long_about(
            "Call an operation and print the envelope's data as JSON. Credentials come from --token, else \
             AIRUDDER_APP_KEY with AIRUDDER_APP_SECRET, else AIRUDDER_TOKEN (the precedence of \
             airudder_client::Client::from_env); with only AIRUDDER_APP_KEY set, the APPSecret is asked at the \
             terminal. The APPSecret has no flag; prefer AIRUDDER_TOKEN to --token, which `ps` shows. --base-url (AIRUDDER_BASE_URL) points at another server, such as \
             `airudder mock`.",
        )
        .subcommand_required(true)
        .args(connection_args())
        .subcommands(OPERATIONS.iter().map(operation_command))
}

fn export_command() -> Command {
    let streamable: Vec<&OperationInfo> = OPERATIONS
        .iter()
        .filter(|operation| operation.large_array.is_some())
        .collect();
    let names: Vec<&str> = streamable.iter().map(|op| op.operation_id).collect();
    let operations = streamable.into_iter().map(|operation| {
        operation_command(operation)
            .arg(
                Arg::new("format")
                    .long("format")
                    .value_name("FORMAT")
                    .required(true)
                    .value_parser(value_parser!(Format))
                    .help("jsonl: one row per line as JSON; csv: one column per field of the row type"),
            )
            .arg(
                Arg::new("output")
                    .long("output")
                    .short('o')
                    .value_name("FILE")
                    .default_value("-")
                    .help("the file to write (replaced if it exists); - for standard output"),
            )
    });
    Command::new("export")
        .about("Stream the rows of a task detail into a JSON Lines or CSV file, in bounded memory")
        .long_about(format!(
            "Stream the rows of a task detail into a JSON Lines or CSV file, row by row as they arrive, so memory \
             stays flat whatever the row count. OPERATION is one whose answer has a large array of rows: {}. \
             Credentials and --base-url work as for `airudder call`. A progress bar (bytes, rate and time left when the answer announces its size; rows and bytes otherwise) is \
             drawn on standard error when it is a terminal.\n\nExit status: 0 when every row was written, 1 when \
             the export failed (a file already written stays, and the message says it is incomplete), 2 for usage \
             errors.",
            names.join(", ")
        ))
        .subcommand_required(true)
        .subcommand_value_name("OPERATION")
        // Another operation reaches `export` (instead of clap's generic error) so the message can
        // say which operations stream.
        .allow_external_subcommands(true)
        .args(connection_args())
        .subcommands(operations)
}

/// The help heading of the flags that say where and how to connect.
const CONNECTION: &str = "Connection";
/// The help heading of the request's own fields.
const REQUEST_FIELDS: &str = "Request fields";

/// `--base-url`, `--token` and `-v`, global so they may come before or after the operation.
/// The APPSecret has no flag: it comes from the environment, never from a command line that
/// `ps` and shell histories show.
fn connection_args() -> [Arg; 3] {
    [
        Arg::new("base-url")
            .long("base-url")
            .value_name("URL")
            .global(true)
            .env("AIRUDDER_BASE_URL")
            .help_heading(CONNECTION)
            .help("the API's base URL"),
        Arg::new("token")
            .long("token")
            .value_name("TOKEN")
            .global(true)
            .help_heading(CONNECTION)
            .help("a token to use instead of the credentials in the environment"),
        Arg::new("verbose")
            .short('v')
            .long("verbose")
            .action(ArgAction::Count)
            .global(true)
            .help_heading(CONNECTION)
            .help("show each attempt, its status and timing, and the retries (-vv: more)"),
    ]
}

/// The subcommand of one operation: a typed flag per request field, and `--body` for them all.
fn operation_command(operation: &OperationInfo) -> Command {
    Command::new(operation.operation_id)
        .about(format!(
            "{} ({} {})",
            operation.summary, operation.method, operation.path
        ))
        .args(
            operation
                .params
                .iter()
                .filter(|param| !param.secret)
                .map(|param| param_arg(operation, param)),
        )
        .after_help(after_help(operation))
        .arg(
            Arg::new("body")
                .long("body")
                .value_name("JSON")
                .help_heading(REQUEST_FIELDS)
                .help("the request fields as one JSON object (flags override its members)"),
        )
}

/// Where the operation's facts come from (a page, partly visible, or third-party code), then
/// where its secret fields come from.
fn after_help(operation: &OperationInfo) -> String {
    let provenance = operation.page.map(|page| page.provenance());
    provenance
        .into_iter()
        .chain(Some(secret_help(operation)).filter(|help| !help.is_empty()))
        .collect::<Vec<_>>()
        .join("\n\n")
}

/// Where the secret fields of `operation`, which have no flag, come from.
fn secret_help(operation: &OperationInfo) -> String {
    operation
        .params
        .iter()
        .filter(|param| param.secret)
        .map(|param| {
            format!(
                "{} is a secret and has no flag: it comes from --body, else {}, else it is asked at the terminal.",
                param.name,
                crate::secret::variable_of(param.name)
            )
        })
        .collect::<Vec<_>>()
        .join("\n")
}

/// Flags the commands define themselves; a request field of the same name gets `--field-<name>`.
const OWN_FLAGS: &[&str] = &[
    "body", "base-url", "token", "verbose", "format", "output", "help", "port",
];

/// The clap id of a request field's flag: apart from every id the commands use themselves.
pub(crate) fn param_id(param: &ParamInfo) -> String {
    format!("field:{}", param.name)
}

/// The long flag of a request field: its wire name, unless a command's own flag has it.
pub(crate) fn param_flag(param: &ParamInfo) -> String {
    if OWN_FLAGS.contains(&param.name) {
        format!("field-{}", param.name)
    } else {
        param.name.to_owned()
    }
}

/// The kebab-case spelling of a request field's flag (`--task-id` for `--TaskID`), when it differs
/// and no other flag of the operation has it.
fn kebab_alias(operation: &OperationInfo, param: &ParamInfo) -> Option<String> {
    let flag = param_flag(param);
    let kebab = heck::ToKebabCase::to_kebab_case(flag.as_str());
    let taken = OWN_FLAGS.contains(&kebab.as_str())
        || operation.params.iter().any(|other| {
            other.name != param.name
                && (param_flag(other) == kebab
                    || heck::ToKebabCase::to_kebab_case(param_flag(other).as_str()) == kebab)
        });
    (kebab != flag && !taken).then_some(kebab)
}

/// A flag for one request field, typed as the spec types the field; objects, arrays and values
/// of any type are given as JSON. A required field is a required flag, unless `--body` gives it.
fn param_arg(operation: &OperationInfo, param: &ParamInfo) -> Arg {
    let (value_name, json) = match param.json_type {
        "object" | "array" | "any" => ("JSON", " (as JSON)"),
        other => (other, ""),
    };
    let mut arg = Arg::new(param_id(param))
        .long(param_flag(param))
        .value_name(value_name.to_uppercase())
        .action(ArgAction::Set)
        .help_heading(REQUEST_FIELDS)
        .help(format!(
            "{}{json}{}",
            param.description.lines().next().unwrap_or_default(),
            if param.required { " (required)" } else { "" }
        ));
    if let Some(alias) = kebab_alias(operation, param) {
        arg = arg.visible_alias(alias);
    }
    if param.required {
        arg = arg.required_unless_present("body");
    }
    match param.json_type {
        "integer" => arg.value_parser(value_parser!(i64)),
        "number" => arg.value_parser(value_parser!(f64)),
        "boolean" => arg.value_parser(value_parser!(bool)),
        _ => arg,
    }
}

#[cfg(test)]
mod tests {
    use airudder_models::{Method, OperationInfo, ParamInfo, ParamLocation};

    use super::{command, connection_args, operation_command};

    #[test]
    fn fields_named_like_the_commands_own_flags_get_a_flag_of_their_own() {
        const fn field(
            name: &'static str,
            location: ParamLocation,
            json_type: &'static str,
        ) -> ParamInfo {
            ParamInfo {
                name,
                location,
                required: false,
                json_type,
                description: "a field",
                example: None,
                secret: false,
                nullable: false,
                values: &[],
            }
        }
        static PARAMS: [ParamInfo; 5] = [
            field("body", ParamLocation::Body, "string"),
            field("help", ParamLocation::Query, "string"),
            field("token", ParamLocation::Header, "string"),
            field("X-Request-Id", ParamLocation::Header, "string"),
            field("details", ParamLocation::Body, "array"),
        ];
        let operation = OperationInfo {
            operation_id: "anyOperation",
            method: Method::Post,
            path: "/any",
            summary: "Any operation",
            idempotent: false,
            token: airudder_models::DEFAULT_TOKEN_SCHEME,
            issues_token: None,
            form: false,
            params: &PARAMS,
            large_array: None,
            paged: None,
            row_fields: &[],
            request_example: None,
            response_example: None,
            examples_written: false,
            undocumented_answer: None,
            page: None,
            envelope: airudder_models::OPERATIONS[0].envelope,
            reencode_request: airudder_models::__private::reencode::<serde_json::Value>,
            reencode_response: airudder_models::__private::reencode::<serde_json::Value>,
            reencode_response_over: airudder_models::__private::reencode_over::<serde_json::Value>,
            inspect_response: airudder_models::__private::inspect::<serde_json::Value>,
            inspect_rows: None,
        };
        let command = clap::Command::new("call")
            .args(connection_args())
            .subcommand(operation_command(&operation));
        command.clone().debug_assert();
        let matches = command
            .try_get_matches_from([
                "call",
                "anyOperation",
                "--field-body",
                "b",
                "--field-help",
                "h",
                "--field-token",
                "t",
                "--X-Request-Id",
                "r",
                "--details",
                "[1, 2]",
                "--body",
                "{\"extra\": true}",
            ])
            .unwrap();
        let (_, matches) = matches.subcommand().unwrap();
        let sent: serde_json::Value =
            serde_json::from_slice(&crate::request::params(&operation, matches).unwrap()).unwrap();
        assert_eq!(
            sent,
            serde_json::json!({"extra": true, "body": "b", "help": "h", "token": "t", "X-Request-Id": "r", "details": [1, 2]})
        );
    }

    #[test]
    fn the_command_tree_is_consistent() {
        command().debug_assert();
    }

    #[test]
    fn every_operation_has_a_call_subcommand_with_its_fields() {
        let command = command();
        let call = command.find_subcommand("call").unwrap();
        let detail = call.find_subcommand("getTaskDetail").unwrap();
        assert!(
            detail
                .get_arguments()
                .any(|arg| arg.get_long() == Some("TaskID"))
        );
        assert_eq!(
            call.get_subcommands().count(),
            airudder_models::OPERATIONS.len()
        );
    }

    #[test]
    fn export_has_a_subcommand_per_operation_with_rows_and_its_fields() {
        let command = command();
        let export = command.find_subcommand("export").unwrap();
        let names: Vec<&str> = export.get_subcommands().map(|c| c.get_name()).collect();
        let streamable: Vec<&str> = airudder_models::OPERATIONS
            .iter()
            .filter(|op| op.large_array.is_some())
            .map(|op| op.operation_id)
            .collect();
        assert_eq!(names, streamable);
        let detail = export.find_subcommand("getTaskDetail").unwrap();
        for flag in ["TaskID", "body", "format", "output"] {
            assert!(
                detail
                    .get_arguments()
                    .any(|arg| arg.get_long() == Some(flag)),
                "{flag}"
            );
        }
    }
}
