//! `airudder call OPERATION`: the request fields from flags (typed per the spec) and `--body`,
//! sent with the client; prints the envelope's data as JSON.

use airudder_models::OPERATIONS;
use clap::ArgMatches;

use crate::request;

/// Runs the call; the error is one line for the terminal.
pub(crate) async fn run(
    operation_id: &str,
    matches: &ArgMatches,
    global: &ArgMatches,
) -> Result<String, String> {
    let operation = OPERATIONS
        .iter()
        .find(|op| op.operation_id == operation_id)
        .ok_or_else(|| format!("unknown operation `{operation_id}`"))?;
    let params = request::params(operation, matches)?;
    let client = request::client(global)?;
    let data = client
        .call_json(operation_id, &params)
        .await
        .map_err(|error| error.to_string())?;
    serde_json::to_string_pretty(&data).map_err(|e| e.to_string())
}
