//! The command line: `decode`, `call` (one subcommand per operation of the catalog, one flag per
//! request field) and `mock`.

use airudder_models::{OPERATIONS, ParamInfo, WEBHOOKS};
use clap::{Arg, ArgAction, Command, value_parser};

/// The whole command tree.
pub(crate) fn command() -> Command {
    Command::new("airudder")
        .about("Decode AiRudder payloads against the spec, call any operation, run the mock server")
        .version(env!("CARGO_PKG_VERSION"))
        .subcommand_required(true)
        .arg_required_else_help(true)
        .subcommand(decode_command())
        .subcommand(call_command())
        .subcommand(
            Command::new("mock")
                .about("Run the AiRudder mock server on 127.0.0.1 until Ctrl-C")
                .arg(
                    Arg::new("port")
                        .long("port")
                        .value_name("N")
                        .value_parser(value_parser!(u16))
                        .default_value("0")
                        .help("port to listen on (0: any free port)"),
                ),
        )
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
    let operations = OPERATIONS.iter().map(|operation| {
        let mut command = Command::new(operation.operation_id).about(format!(
            "{} ({} {})",
            operation.summary, operation.method, operation.path
        ));
        for param in operation.params {
            command = command.arg(param_arg(param));
        }
        command.arg(
            Arg::new("body")
                .long("body")
                .value_name("JSON")
                .help("the request fields as one JSON object (flags override its members)"),
        )
    });
    Command::new("call")
        .about("Call an operation and print the envelope's data as JSON")
        .long_about(
            "Call an operation and print the envelope's data as JSON. Credentials come from AIRUDDER_APP_KEY and \
             AIRUDDER_APP_SECRET, or --token (AIRUDDER_TOKEN); --base-url (AIRUDDER_BASE_URL) points at another \
             server, such as `airudder mock`.",
        )
        .subcommand_required(true)
        .arg(Arg::new("base-url").long("base-url").value_name("URL").global(true).env("AIRUDDER_BASE_URL").help("the API's base URL"))
        .arg(Arg::new("token").long("token").value_name("TOKEN").global(true).env("AIRUDDER_TOKEN").hide_env_values(true).help("a token to use instead of AIRUDDER_APP_KEY/AIRUDDER_APP_SECRET"))
        .subcommands(operations)
}

/// A flag for one request field, typed as the spec types the field.
fn param_arg(param: &ParamInfo) -> Arg {
    let arg = Arg::new(param.name)
        .long(param.name)
        .value_name(param.json_type.to_uppercase())
        .action(ArgAction::Set)
        .help(format!(
            "{}{}",
            param.description,
            if param.required { " (required)" } else { "" }
        ));
    match param.json_type {
        "integer" => arg.value_parser(value_parser!(i64)),
        "number" => arg.value_parser(value_parser!(f64)),
        "boolean" => arg.value_parser(value_parser!(bool)),
        _ => arg,
    }
}

#[cfg(test)]
mod tests {
    use super::command;

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
}
