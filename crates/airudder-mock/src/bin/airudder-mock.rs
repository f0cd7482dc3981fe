//! `airudder-mock`: runs the mock server until Ctrl-C.
//!
//! Usage: `airudder-mock [--port N] [--app-key KEY --app-secret SECRET]`

use std::process::ExitCode;

const USAGE: &str = "usage: airudder-mock [--port N] [--app-key KEY --app-secret SECRET]";

#[tokio::main]
async fn main() -> ExitCode {
    let mut builder = airudder_mock::MockServer::builder();
    let mut args = std::env::args().skip(1);
    let (mut key, mut secret) = (None, None);
    while let Some(arg) = args.next() {
        match (arg.as_str(), args.next()) {
            ("--port", Some(port)) => match port.parse() {
                Ok(port) => builder = builder.port(port),
                Err(_) => return usage(&format!("--port takes a number, not `{port}`")),
            },
            ("--app-key", Some(value)) => key = Some(value),
            ("--app-secret", Some(value)) => secret = Some(value),
            ("--help" | "-h", _) => {
                println!("{USAGE}");
                return ExitCode::SUCCESS;
            }
            (other, _) => return usage(&format!("unexpected argument `{other}`")),
        }
    }
    match (key, secret) {
        (Some(key), Some(secret)) => builder = builder.credentials(key, secret),
        (None, None) => {}
        _ => return usage("--app-key and --app-secret go together"),
    }
    let mock = match builder.start().await {
        Ok(mock) => mock,
        Err(error) => {
            eprintln!("error: cannot start the mock: {error}");
            return ExitCode::FAILURE;
        }
    };
    println!("airudder mock listening on {}", mock.url());
    println!("APPKey {}  APPSecret {}", mock.app_key(), mock.app_secret());
    // Serve until interrupted; the server stops when `mock` is dropped.
    let _ = tokio::signal::ctrl_c().await;
    ExitCode::SUCCESS
}

fn usage(message: &str) -> ExitCode {
    eprintln!("error: {message}\n{USAGE}");
    ExitCode::from(2)
}
