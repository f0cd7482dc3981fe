//! `airudder mock` as another test suite runs it: a process that says where it listens, with
//! fixed credentials, generated rows, injected faults and fast webhook deliveries.

use std::io::{BufRead, BufReader, Read, Write};
use std::net::TcpListener;
use std::process::{Child, Command, Stdio};
use std::sync::mpsc::{self, Receiver};
use std::time::Duration;

use airudder_client::models::GetTaskDetailRequest;
use airudder_client::{Client, RetryPolicy};

/// How long a test waits for the mock's next line before failing instead of hanging.
const LINE_TIMEOUT: Duration = Duration::from_secs(30);

/// A running `airudder mock`, killed when dropped.
struct MockProcess {
    child: Child,
    /// Its standard output, line by line, read on a thread of its own.
    lines: Receiver<String>,
    url: String,
}

impl MockProcess {
    fn start(args: &[&str]) -> MockProcess {
        let mut child = Command::new(env!("CARGO_BIN_EXE_airudder"))
            .arg("mock")
            .args(args)
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .unwrap();
        let stdout = BufReader::new(child.stdout.take().unwrap());
        let (sender, lines) = mpsc::channel();
        std::thread::spawn(move || {
            for line in stdout.lines().map_while(Result::ok) {
                if sender.send(line).is_err() {
                    break;
                }
            }
        });
        let mut mock = MockProcess {
            child,
            lines,
            url: String::new(),
        };
        let first = mock.line();
        mock.url = first
            .strip_prefix("airudder mock listening on ")
            .unwrap_or_else(|| panic!("not the announced first line: {first:?}"))
            .to_owned();
        mock
    }

    /// The next line the mock prints; a test fails when it stops printing or exits.
    fn line(&mut self) -> String {
        match self.lines.recv_timeout(LINE_TIMEOUT) {
            Ok(line) => line,
            Err(error) => panic!("no line from the mock within {LINE_TIMEOUT:?}: {error}"),
        }
    }
}

impl Drop for MockProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}

fn client(url: &str, key: &str, secret: &str) -> Client {
    Client::builder()
        .base_url(url)
        .app_credentials(key, secret)
        .retry_policy(RetryPolicy::default().initial_backoff(Duration::from_millis(2)))
        .build()
        .unwrap()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn the_mock_process_serves_fixed_credentials_generated_rows_and_injected_faults() {
    let mut mock = MockProcess::start(&[
        "--app-key",
        "ci-key",
        "--app-secret",
        "ci-secret",
        "--rows",
        "getTaskDetail=7",
        "--fault",
        "getTaskDetail=503x2",
    ]);
    assert_eq!(mock.line().trim(), "APPKey ci-key  APPSecret ci-secret");
    let detail = client(&mock.url, "ci-key", "ci-secret")
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .expect("two 503s are retried, then the rows come");
    assert_eq!(detail.detail.len(), 7);
    let refused = client(&mock.url, "mock-app-key", "mock-app-secret")
        .get_task_detail(&GetTaskDetailRequest::new("t"))
        .await
        .unwrap_err();
    assert!(
        refused.is_auth(),
        "only the fixed pair is accepted: {refused}"
    );
}

/// A receiver on loopback that answers every request with `status`, for `requests` requests.
fn receiver(status: u16, requests: usize) -> String {
    let listener = TcpListener::bind("127.0.0.1:0").unwrap();
    let url = format!("http://{}/hook", listener.local_addr().unwrap());
    std::thread::spawn(move || {
        for stream in listener.incoming().take(requests) {
            let mut stream = stream.unwrap();
            let mut head = Vec::new();
            let mut byte = [0];
            while !head.ends_with(b"\r\n\r\n") && stream.read(&mut byte).unwrap_or(0) == 1 {
                head.push(byte[0]);
            }
            let length = String::from_utf8_lossy(&head)
                .lines()
                .find_map(|line| {
                    let (name, value) = line.split_once(':')?;
                    name.eq_ignore_ascii_case("content-length")
                        .then(|| value.trim().parse::<usize>().ok())?
                })
                .unwrap_or(0);
            let mut body = vec![0; length];
            let _ = stream.read_exact(&mut body);
            let answer =
                format!("HTTP/1.1 {status} X\r\ncontent-length: 0\r\nconnection: close\r\n\r\n");
            let _ = stream.write_all(answer.as_bytes());
        }
    });
    url
}

#[test]
fn deliveries_asked_on_the_command_line_are_retried_fast_and_reported() {
    let accepting = receiver(200, 1);
    let failing = receiver(500, 3);
    let mut mock = MockProcess::start(&[
        "--deliver",
        &format!("workflowStatusChanged={accepting}"),
        "--deliver",
        &format!("workflowStatusChanged={failing}"),
    ]);
    let reports: Vec<String> = std::iter::from_fn(|| Some(mock.line()))
        .filter(|line| line.starts_with("webhook "))
        .take(2)
        .collect();
    assert_eq!(
        reports[0].trim(),
        format!("webhook workflowStatusChanged to {accepting}: delivered after 1 tries: 200")
    );
    assert_eq!(
        reports[1].trim(),
        format!(
            "webhook workflowStatusChanged to {failing}: not delivered after 3 tries: 500, 500, 500"
        ),
        "the default policy is the fast one: 3 tries"
    );
}

#[test]
fn a_switch_the_mock_cannot_honour_is_a_usage_error_naming_it() {
    for (args, expected) in [
        (
            &["--fault", "getTaskDetail=teapot"][..],
            "`teapot` is not a fault",
        ),
        (&["--fault", "nowhere=503"][..], "no operation `nowhere`"),
        (
            &["--rows", "obtainToken=3"][..],
            "`obtainToken` has no rows",
        ),
        (
            &["--rows", "getTaskDetail=many"][..],
            "`many` is not a row count",
        ),
        (
            &["--deliver", "nothing=http://x"][..],
            "no webhook `nothing`",
        ),
        (&["--app-key", "only-the-key"][..], "--app-secret"),
    ] {
        let output = Command::new(env!("CARGO_BIN_EXE_airudder"))
            .arg("mock")
            .args(args)
            .stdout(Stdio::null())
            .output()
            .unwrap();
        let stderr = String::from_utf8_lossy(&output.stderr);
        assert_eq!(output.status.code(), Some(2), "{args:?}: {stderr}");
        assert!(stderr.contains(expected), "{args:?}: {stderr}");
    }
}
