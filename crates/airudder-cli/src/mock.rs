//! `airudder mock`: the mock server of `airudder-mock` as a process, with the switches a test
//! suite in another language (or a person trying the CLI) needs: fixed credentials, generated
//! rows, injected faults, and webhook deliveries with a fast or AiRudder's own retry policy.

use airudder_mock::{DeliveryPolicy, Fault, MockServer, Reply};
use airudder_models::{OPERATIONS, WEBHOOKS};
use clap::{Arg, ArgAction, ArgMatches, Command, value_parser};

use crate::Failure;

/// The `mock` subcommand.
pub(crate) fn command() -> Command {
    Command::new("mock")
        .about("Run the AiRudder mock server on 127.0.0.1 until Ctrl-C")
        .long_about(
            "Run the AiRudder mock server on 127.0.0.1 until Ctrl-C. Its first line on standard output is \
             `airudder mock listening on URL`, then the credentials it accepts; each webhook delivery asked \
             with --deliver prints one line when it is done.",
        )
        .arg(
            Arg::new("port")
                .long("port")
                .value_name("N")
                .value_parser(value_parser!(u16))
                .default_value("0")
                .help("port to listen on (0: any free port)"),
        )
        .arg(
            Arg::new("app-key")
                .long("app-key")
                .value_name("KEY")
                .requires("app-secret")
                .help("the APPKey the mock accepts (default mock-app-key)"),
        )
        .arg(
            Arg::new("app-secret")
                .long("app-secret")
                .value_name("SECRET")
                .requires("app-key")
                .help("the APPSecret the mock accepts (default mock-app-secret; a made-up one, never a real secret)"),
        )
        .arg(
            Arg::new("rows")
                .long("rows")
                .value_name("OPERATION=N")
                .action(ArgAction::Append)
                .help("answer OPERATION (one with rows, e.g. getTaskDetail) with N generated rows"),
        )
        .arg(
            Arg::new("fault")
                .long("fault")
                .value_name("OPERATION=FAULT")
                .action(ArgAction::Append)
                .help("inject a fault: a status (503), 429:SECONDS, slow:MS, close, malformed or truncated, with xN for the next N requests only (getTaskDetail=503x2)"),
        )
        .arg(
            Arg::new("deliver")
                .long("deliver")
                .value_name("WEBHOOK=URL")
                .action(ArgAction::Append)
                .help("once listening, deliver the spec's example of WEBHOOK (e.g. workflowStatusChanged) to URL"),
        )
        .arg(
            Arg::new("delivery")
                .long("delivery")
                .value_name("POLICY")
                .value_parser(["fast", "airudder"])
                .default_value("fast")
                .help("webhook retries: fast (3 tries 20 ms apart) or airudder (5 tries 1 minute apart, as AiRudder does)"),
        )
}

/// What the switches ask for, checked before anything listens.
struct Setup {
    port: u16,
    credentials: Option<(String, String)>,
    rows: Vec<(String, usize)>,
    faults: Vec<(String, Fault)>,
    deliveries: Vec<(String, String)>,
    policy: DeliveryPolicy,
}

/// Reads the switches; the error is a usage message.
fn setup(args: &ArgMatches) -> Result<Setup, String> {
    let pairs =
        |id: &str| -> Vec<&String> { args.get_many::<String>(id).into_iter().flatten().collect() };
    let mut rows = Vec::new();
    for text in pairs("rows") {
        let (operation, count) = split("--rows", text)?;
        let with_rows = OPERATIONS
            .iter()
            .filter(|op| op.large_array.is_some())
            .map(|op| op.operation_id);
        one_of(operation, with_rows).map_err(|names| {
            format!("--rows {text}: `{operation}` has no rows to generate; these do: {names}")
        })?;
        let count = count
            .parse()
            .map_err(|_| format!("--rows {text}: `{count}` is not a row count"))?;
        rows.push((operation.to_owned(), count));
    }
    let mut faults = Vec::new();
    for text in pairs("fault") {
        let (operation, fault) = split("--fault", text)?;
        one_of(operation, OPERATIONS.iter().map(|op| op.operation_id)).map_err(|names| {
            format!("--fault {text}: no operation `{operation}` in the spec; known: {names}")
        })?;
        let fault = fault
            .parse()
            .map_err(|error| format!("--fault {text}: {error}"))?;
        faults.push((operation.to_owned(), fault));
    }
    let mut deliveries = Vec::new();
    for text in pairs("deliver") {
        let (webhook, url) = split("--deliver", text)?;
        one_of(webhook, WEBHOOKS.iter().map(|w| w.name)).map_err(|names| {
            format!("--deliver {text}: no webhook `{webhook}` in the spec; known: {names}")
        })?;
        deliveries.push((webhook.to_owned(), url.to_owned()));
    }
    let policy = match args.get_one::<String>("delivery").map(String::as_str) {
        Some("airudder") => DeliveryPolicy::airudder(),
        _ => DeliveryPolicy::fast(),
    };
    let credentials = args
        .get_one::<String>("app-key")
        .zip(args.get_one::<String>("app-secret"))
        .map(|(key, secret)| (key.clone(), secret.clone()));
    Ok(Setup {
        port: args.get_one::<u16>("port").copied().unwrap_or(0),
        credentials,
        rows,
        faults,
        deliveries,
        policy,
    })
}

/// Whether `name` is among `known`; if not, the known names, comma-separated, for the message.
fn one_of<'a>(name: &str, known: impl Iterator<Item = &'a str>) -> Result<(), String> {
    let known: Vec<&str> = known.collect();
    if known.contains(&name) {
        Ok(())
    } else {
        Err(known.join(", "))
    }
}

/// `NAME=VALUE`, both non-empty.
fn split<'a>(flag: &str, text: &'a str) -> Result<(&'a str, &'a str), String> {
    match text.split_once('=') {
        Some((name, value)) if !name.is_empty() && !value.is_empty() => Ok((name, value)),
        _ => Err(format!("{flag} takes NAME=VALUE, not `{text}`")),
    }
}

/// Starts the mock as the switches say and serves until Ctrl-C.
pub(crate) async fn run(args: &ArgMatches) -> Result<(), Failure> {
    let setup = setup(args).map_err(Failure::Usage)?;
    let mut builder = MockServer::builder()
        .port(setup.port)
        .delivery_policy(setup.policy);
    if let Some((key, secret)) = &setup.credentials {
        builder = builder.credentials(key, secret);
    }
    let mock = builder.start().await.map_err(|error| {
        Failure::Failed(format!("cannot listen on port {}: {error}", setup.port))
    })?;
    // The names were checked against the spec in `setup`.
    for (operation, rows) in &setup.rows {
        let _ = mock.respond(operation, Reply::rows(*rows));
    }
    for (operation, fault) in setup.faults {
        let _ = mock.inject(&operation, fault);
    }
    println!("airudder mock listening on {}", mock.url());
    println!("APPKey {}  APPSecret {}", mock.app_key(), mock.app_secret());
    println!(
        "try: AIRUDDER_APP_KEY={} AIRUDDER_APP_SECRET={} airudder call --base-url {} getTaskDetail --task-id t",
        mock.app_key(),
        mock.app_secret(),
        mock.url()
    );
    let deliveries = async {
        for (webhook, url) in &setup.deliveries {
            if let Ok(delivery) = mock.deliver_webhook(webhook, url, None).await {
                let statuses: Vec<String> = delivery
                    .attempts
                    .iter()
                    .map(|attempt| match (attempt.status, &attempt.error) {
                        (Some(status), _) => status.to_string(),
                        (None, Some(error)) => format!("no answer ({error})"),
                        (None, None) => "no answer".to_owned(),
                    })
                    .collect();
                let outcome = if delivery.delivered {
                    "delivered"
                } else {
                    "not delivered"
                };
                println!(
                    "webhook {webhook} to {url}: {outcome} after {} tries: {}",
                    delivery.attempts.len(),
                    statuses.join(", ")
                );
            }
        }
        std::future::pending::<()>().await
    };
    tokio::select! {
        _ = tokio::signal::ctrl_c() => {}
        _ = deliveries => {}
    }
    // Expectations are a library feature; the binary sets none, so dropping cannot panic.
    drop(mock);
    Ok(())
}
