//! What a client written by hand on reqwest does: obtain a token with the app's credentials
//! (`POST /service/cloud/auth`, the envelope's code checked), and POST JSON with it, the answer
//! read whole. Shared by the measurements that set the client against such a client.

use std::time::Duration;

use airudder_client::models::{AuthToken, Envelope};
use axum::body::Bytes;
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
    let url = format!("{base_url}/service/cloud/auth");
    let body = post(http, &url, None, credentials.to_string().into_bytes())
        .await
        .map_err(|e| format!("token: {e}"))?;
    let envelope: Envelope<AuthToken> =
        serde_json::from_slice(&body).map_err(|e| format!("reqwest: token: {e}"))?;
    match envelope.data {
        Some(data) if envelope.code == 200 => Ok(data.token.expose().to_owned()),
        _ => Err(format!("reqwest: no token, code {}", envelope.code)),
    }
}

/// A JSON POST to `url` (with `Authorization: Token ..` when a token is given), its answer read
/// whole with `.bytes()`, as a client written by hand does.
pub async fn post(
    http: &reqwest::Client,
    url: &str,
    token: Option<&str>,
    body: Vec<u8>,
) -> Result<Bytes, String> {
    let mut request = http
        .post(url)
        .header(header::CONTENT_TYPE, "application/json")
        .body(body)
        .timeout(TIMEOUT);
    if let Some(token) = token {
        request = request.header(header::AUTHORIZATION, format!("Token {token}"));
    }
    let response = request.send().await.map_err(|e| format!("reqwest: {e}"))?;
    response.bytes().await.map_err(|e| format!("reqwest: {e}"))
}
