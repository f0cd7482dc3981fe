//! What `call` and `export` share: an operation's request fields read from its typed flags and
//! `--body`, and the client built from `--base-url`/`--token` and the environment, so both
//! commands accept exactly the same request and credentials.

use airudder_client::Client;

use crate::cli::{param_flag, param_id};
use crate::secret;
use airudder_models::OperationInfo;
use clap::ArgMatches;
use serde_json::{Map, Value};

// The variables `Client::from_env` reads (airudder_client documents them).
const APP_KEY_VAR: &str = "AIRUDDER_APP_KEY";
const APP_SECRET_VAR: &str = "AIRUDDER_APP_SECRET";
const TOKEN_VAR: &str = "AIRUDDER_TOKEN";

/// The request fields as one JSON object keyed by wire name: `--body` first, then each flag
/// given, so a flag overrides the member of the same name.
pub(crate) fn params(operation: &OperationInfo, matches: &ArgMatches) -> Result<Vec<u8>, String> {
    let mut fields = match matches.get_one::<String>("body") {
        Some(body) => match serde_json::from_str::<Value>(body) {
            Ok(Value::Object(members)) => members,
            Ok(_) => return Err("--body must be a JSON object".into()),
            Err(error) => return Err(format!("--body is not JSON: {error}")),
        },
        None => Map::new(),
    };
    for param in operation.params.iter().filter(|param| param.secret) {
        if fields.contains_key(param.name) {
            continue;
        }
        let variable = secret::variable_of(param.name);
        match secret::read(&variable, param.name)? {
            Some(value) => {
                fields.insert(param.name.to_owned(), Value::from(value));
            }
            None if param.required => {
                return Err(format!(
                    "{} is a secret and has no flag: set {variable}, run at a terminal to be asked, or put it in --body",
                    param.name
                ));
            }
            None => {}
        }
    }
    for param in operation.params.iter().filter(|param| !param.secret) {
        let id = param_id(param);
        let value = match param.json_type {
            "integer" => matches.get_one::<i64>(&id).map(|v| Value::from(*v)),
            "number" => matches.get_one::<f64>(&id).map(|v| Value::from(*v)),
            "boolean" => matches.get_one::<bool>(&id).map(|v| Value::from(*v)),
            "object" | "array" | "any" => match matches.get_one::<String>(&id) {
                Some(text) => Some(
                    serde_json::from_str::<Value>(text)
                        .map_err(|error| format!("--{} takes JSON: {error}", param_flag(param)))?,
                ),
                None => None,
            },
            _ => matches
                .get_one::<String>(&id)
                .map(|v| Value::from(v.as_str())),
        };
        if let Some(value) = value {
            fields.insert(param.name.to_owned(), value);
        }
    }
    serde_json::to_vec(&Value::Object(fields)).map_err(|error| error.to_string())
}

/// A client from `--base-url` (or `AIRUDDER_BASE_URL`) and `--token`, else the credentials in
/// the environment, read as `Client::from_env` reads them; with only the APPKey there, the
/// APPSecret is asked at the terminal.
pub(crate) fn client(global: &ArgMatches) -> Result<Client, String> {
    let mut builder = Client::builder();
    if let Some(url) = global.get_one::<String>("base-url") {
        builder = builder.base_url(url);
    }
    builder = match global.get_one::<String>("token") {
        Some(token) => builder.token(token.as_str()),
        None => match secret::var(APP_KEY_VAR) {
            // The one case the CLI adds to the client's precedence: an APPKey and nothing else.
            Some(app_key) if secret::var(APP_SECRET_VAR).is_none() && secret::var(TOKEN_VAR).is_none() => {
                let prompt = format!("APPSecret for APPKey {app_key}");
                let app_secret = secret::read(APP_SECRET_VAR, &prompt)?.ok_or_else(|| {
                    format!("no APPSecret: set {APP_SECRET_VAR}, or run at a terminal to be asked")
                })?;
                builder.app_credentials(app_key, app_secret)
            }
            _ => builder.credentials_from_env().map_err(|_| {
                format!(
                    "no credentials: set {APP_KEY_VAR} (the APPSecret then comes from {APP_SECRET_VAR} or is asked at a terminal), or {TOKEN_VAR}, or pass --token"
                )
            })?,
        },
    };
    builder.build().map_err(|error| error.to_string())
}
