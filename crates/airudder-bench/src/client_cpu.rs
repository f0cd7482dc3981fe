//! `client-cpu`: the CPU time (user + system, this process only) of one
//! `get_workflow_waba_task_detail` call of the client, against the same call written by hand with
//! reqwest, both sequential on one keep-alive connection to a mock in another process, in
//! interleaved blocks.

use std::io::{BufRead, BufReader};
use std::process::{Child, ChildStdout, Command, Stdio};
use std::time::{Duration, Instant};

use airudder_client::Client;
use airudder_client::models::{Envelope, GetWorkflowWabaTaskDetailRequest, WabaTaskDetail};
use reqwest::header::{self, HeaderValue};
use serde_json::{Value, json};

use crate::by_hand::{self, TIMEOUT};
use crate::measure::{median, usage};

const APP_KEY: &str = "mock-app-key";
const APP_SECRET: &str = "mock-app-secret";
const WORKFLOW_ID: &str = "61eff70e1bfcbb6a58ea";
const TASK_ID: &str = "88ee39e17e9cf739cfdc6697";
/// The client's default, which the hand-written calls mirror.
const CONNECT_TIMEOUT: Duration = Duration::from_secs(10);

pub fn run(url: Option<String>, blocks: usize, per_block: usize) -> Result<Value, String> {
    let (url, mock) = match url {
        Some(url) => (url, None),
        None => {
            let mock = MockProcess::start()?;
            (mock.url.clone(), Some(mock))
        }
    };
    let outcome = measure(&url, blocks, per_block);
    drop(mock);
    outcome
}

fn measure(url: &str, blocks: usize, per_block: usize) -> Result<Value, String> {
    // One thread: every microsecond of CPU counted is the calls' own.
    let runtime = tokio::runtime::Builder::new_current_thread()
        .enable_all()
        .build()
        .map_err(|e| format!("no tokio runtime: {e}"))?;
    runtime.block_on(async {
        let client = Client::builder()
            .base_url(url)
            .app_credentials(APP_KEY, APP_SECRET)
            .build()
            .map_err(|e| format!("cannot build the client: {e}"))?;
        let raw = RawClient::connect(url).await?;
        let request = GetWorkflowWabaTaskDetailRequest::new(WORKFLOW_ID, TASK_ID);
        let sdk_block = |n: usize| {
            let (client, request) = (&client, &request);
            async move {
                for _ in 0..n {
                    let detail = client
                        .get_workflow_waba_task_detail(request)
                        .await
                        .map_err(|e| format!("client: {e}"))?;
                    std::hint::black_box(detail);
                }
                Ok::<(), String>(())
            }
        };
        let raw_block = |n: usize| {
            let raw = &raw;
            async move {
                for _ in 0..n {
                    std::hint::black_box(raw.waba_task_detail().await?);
                }
                Ok::<(), String>(())
            }
        };
        // Warm-up (token, connection, allocator), not counted.
        sdk_block(per_block).await?;
        raw_block(per_block).await?;
        let (mut sdk_cpu, mut raw_cpu) = (Vec::new(), Vec::new());
        let (mut sdk_wall, mut raw_wall) = (Duration::ZERO, Duration::ZERO);
        for block in 0..blocks {
            for side in 0..2 {
                // Alternate which side goes first.
                let sdk = (block + side) % 2 == 0;
                let (cpu_before, started) = (usage().cpu, Instant::now());
                if sdk {
                    sdk_block(per_block).await?;
                } else {
                    raw_block(per_block).await?;
                }
                let cpu = (usage().cpu - cpu_before).as_secs_f64();
                if sdk {
                    sdk_cpu.push(cpu);
                    sdk_wall += started.elapsed();
                } else {
                    raw_cpu.push(cpu);
                    raw_wall += started.elapsed();
                }
            }
        }
        let requests = (blocks * per_block) as f64;
        let (sdk_total, raw_total): (f64, f64) = (sdk_cpu.iter().sum(), raw_cpu.iter().sum());
        let block_ratios: Vec<f64> = sdk_cpu.iter().zip(&raw_cpu).map(|(s, r)| s / r).collect();
        Ok(json!({
            "measurement": "client-cpu",
            "blocks": blocks,
            "requests_per_block": per_block,
            "cpu_seconds": {"client": sdk_total, "reqwest": raw_total},
            "cpu_us_per_request": {
                "client": sdk_total / requests * 1e6,
                "reqwest": raw_total / requests * 1e6,
            },
            "wall_us_per_request": {
                "client": sdk_wall.as_secs_f64() / requests * 1e6,
                "reqwest": raw_wall.as_secs_f64() / requests * 1e6,
            },
            "ratio_of_totals": sdk_total / raw_total,
            "median_block_ratio": median(&block_ratios),
            "samples": {"client": sdk_cpu, "reqwest": raw_cpu},
        }))
    })
}

/// The same call written by hand: token once, then GET with the headers AiRudder's pages ask for,
/// the body read whole and decoded with the generated types, the envelope's code checked.
struct RawClient {
    http: reqwest::Client,
    url: String,
    token: String,
    user_agent: HeaderValue,
}

impl RawClient {
    async fn connect(base_url: &str) -> Result<RawClient, String> {
        let http = reqwest::Client::builder()
            .connect_timeout(CONNECT_TIMEOUT)
            .build()
            .map_err(|e| e.to_string())?;
        let token = by_hand::token(&http, base_url, APP_KEY, APP_SECRET).await?;
        Ok(RawClient {
            http,
            url: format!("{base_url}/service/cloud/workflow/wabataskdetail"),
            token,
            user_agent: HeaderValue::from_static("bench-by-hand/0.1"),
        })
    }

    async fn waba_task_detail(&self) -> Result<WabaTaskDetail, String> {
        let response = self
            .http
            .get(&self.url)
            .query(&[("workflow_id", WORKFLOW_ID), ("task_id", TASK_ID)])
            .header(header::AUTHORIZATION, format!("Token {}", self.token))
            .header(header::USER_AGENT, self.user_agent.clone())
            .header(header::CONTENT_TYPE, "application/json")
            .timeout(TIMEOUT)
            .send()
            .await
            .map_err(|e| format!("reqwest: {e}"))?;
        if !response.status().is_success() {
            return Err(format!("reqwest: HTTP {}", response.status()));
        }
        let body = response
            .bytes()
            .await
            .map_err(|e| format!("reqwest: {e}"))?;
        let envelope: Envelope<WabaTaskDetail> =
            serde_json::from_slice(&body).map_err(|e| format!("reqwest: {e}"))?;
        match envelope.data {
            Some(data) if envelope.code == 200 => Ok(data),
            _ => Err(format!("reqwest: code {}", envelope.code)),
        }
    }
}

/// `airudder mock` (the CLI built next to this binary), running; stopped when dropped.
struct MockProcess {
    url: String,
    child: Child,
    /// Kept open: the mock prints more after its URL, and a closed pipe would make it fail.
    _stdout: Option<BufReader<ChildStdout>>,
}

impl MockProcess {
    fn start() -> Result<MockProcess, String> {
        let exe = std::env::current_exe().map_err(|e| e.to_string())?;
        let path = exe.with_file_name(format!("airudder{}", std::env::consts::EXE_SUFFIX));
        let mut child = Command::new(&path)
            .arg("mock")
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .map_err(|e| {
                format!(
                    "cannot start {}: {e}; build it with `cargo build --release -p airudder-cli`",
                    path.display()
                )
            })?;
        let mut stdout = child.stdout.take().map(BufReader::new);
        let mut line = String::new();
        if let Some(stdout) = &mut stdout {
            let _ = stdout.read_line(&mut line);
        }
        let url = line
            .trim()
            .strip_prefix("airudder mock listening on ")
            .map(str::to_owned);
        let mock = MockProcess {
            url: url.clone().unwrap_or_default(),
            child,
            _stdout: stdout,
        };
        match url {
            Some(_) => Ok(mock),
            None => Err(format!(
                "the mock did not say where it listens: `{}`",
                line.trim()
            )),
        }
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
