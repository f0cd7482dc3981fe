//! What a client written by hand on reqwest does before its first call: obtain a token with the
//! app's credentials (`POST /service/cloud/auth`), the envelope's code checked. Shared by the
//! measurements that set the client against such a client.

use std::time::Duration;

use airudder_client::models::{AuthToken, Envelope};
use reqwest::header;
use serde_json::json;

/// The client's default request timeout, which the hand-written calls mirror.
pub const TIMEOUT: Duration = Duration::from_secs(300);

/// The token AiRudder (or the mock) at `base_url` issues for the app's credentials.
pub async fn token(
    http: &reqwest::Client,
    base_url: &str,
    app_key: &str,
    app_secret: &str,
) -> Result<String, String> {
    let credentials = json!({"APPKey": app_key, "APPSecret": app_secret});
    let body = http
        .post(format!("{base_url}/service/cloud/auth"))
        .header(header::CONTENT_TYPE, "application/json")
        .body(credentials.to_string())
        .timeout(TIMEOUT)
        .send()
        .await
        .map_err(|e| format!("reqwest: token: {e}"))?
        .bytes()
        .await
        .map_err(|e| format!("reqwest: token: {e}"))?;
    let envelope: Envelope<AuthToken> =
        serde_json::from_slice(&body).map_err(|e| format!("reqwest: token: {e}"))?;
    match envelope.data {
        Some(data) if envelope.code == 200 => Ok(data.token.expose().to_owned()),
        _ => Err(format!("reqwest: no token, code {}", envelope.code)),
    }
}
