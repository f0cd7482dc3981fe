//! Secrets at the command line: the APPSecret and secret request fields have no flag; they are
//! taken from the environment or asked at the terminal without echo.

use std::io::Write;
use std::process::{Command, Stdio};
use std::time::{Duration, Instant};

use airudder_mock::{Expectation, Matcher, MockServer};

fn text(bytes: &[u8]) -> String {
    String::from_utf8_lossy(bytes).into_owned()
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn with_only_the_app_key_set_the_secret_is_asked_at_the_terminal_and_not_echoed() {
    let mock = MockServer::start().await;
    mock.expect(
        Expectation::on("obtainToken")
            .matching(Matcher::body_at("/APPSecret", mock.app_secret().into()))
            .times(1),
    )
    .unwrap();
    let transcript =
        std::env::temp_dir().join(format!("airudder-prompt-{}.txt", std::process::id()));
    let command_line = format!(
        "{} call --base-url {} getTaskDetail --task-id t",
        env!("CARGO_BIN_EXE_airudder"),
        mock.url()
    );
    let mut child = Command::new("script")
        // -f: flush the transcript as it is written, so the prompt can be watched for.
        .args(["-q", "-f", "-e", "-c", &command_line])
        .arg(&transcript)
        .env("AIRUDDER_APP_KEY", mock.app_key())
        .env_remove("AIRUDDER_APP_SECRET")
        .env_remove("AIRUDDER_TOKEN")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .unwrap();
    let secret = mock.app_secret().to_owned();
    let transcript_path = transcript.clone();
    let output = tokio::task::spawn_blocking(move || {
        // Type the secret once the prompt shows (echo is off by then), as a person would.
        let asked = Instant::now();
        loop {
            let shown = std::fs::read_to_string(&transcript_path).unwrap_or_default();
            if shown.contains("APPSecret for APPKey") {
                break;
            }
            assert!(
                asked.elapsed() < Duration::from_secs(30),
                "no prompt: {shown}"
            );
            std::thread::sleep(Duration::from_millis(20));
        }
        let mut stdin = child.stdin.take().unwrap();
        stdin.write_all(format!("{secret}\n").as_bytes()).unwrap();
        let output = child.wait_with_output().unwrap();
        drop(stdin);
        output
    })
    .await
    .unwrap();
    let shown = std::fs::read_to_string(&transcript).unwrap();
    std::fs::remove_file(&transcript).unwrap();
    assert!(output.status.success(), "{output:?}\n{shown}");
    assert!(
        shown.contains("AIRUDDER_APP_SECRET"),
        "the prompt names the variable: {shown}"
    );
    assert!(
        shown.contains("\"TaskID\""),
        "the call went through: {shown}"
    );
    assert!(
        !shown.contains(mock.app_secret()),
        "the secret was echoed: {shown}"
    );
}

#[test]
fn without_a_terminal_a_missing_secret_is_an_error_saying_where_to_put_it() {
    let output = Command::new(env!("CARGO_BIN_EXE_airudder"))
        .args([
            "call",
            "--base-url",
            "http://127.0.0.1:9",
            "getTaskDetail",
            "--task-id",
            "t",
        ])
        .env("AIRUDDER_APP_KEY", "key")
        .env_remove("AIRUDDER_APP_SECRET")
        .env_remove("AIRUDDER_TOKEN")
        .stdin(Stdio::null())
        .output()
        .unwrap();
    assert_eq!(output.status.code(), Some(1));
    let stderr = text(&output.stderr);
    assert!(
        stderr.contains("no APPSecret: set AIRUDDER_APP_SECRET"),
        "{stderr}"
    );
}

#[tokio::test(flavor = "multi_thread", worker_threads = 2)]
async fn a_secret_request_field_has_no_flag_and_comes_from_its_variable() {
    let mock = MockServer::start().await;
    let run = |args: &[&str]| {
        let mut command = Command::new(env!("CARGO_BIN_EXE_airudder"));
        command
            .args(["call", "--base-url", mock.url()])
            .args(args)
            .env("AIRUDDER_APP_KEY", mock.app_key())
            .env("AIRUDDER_APP_SECRET", mock.app_secret())
            .env_remove("AIRUDDER_TOKEN")
            .stdin(Stdio::null());
        async move {
            tokio::task::spawn_blocking(move || command.output().unwrap())
                .await
                .unwrap()
        }
    };
    let flag = run(&["obtainToken", "--app-key", "k", "--APPSecret", "s"]).await;
    assert_eq!(flag.status.code(), Some(2), "{}", text(&flag.stderr));
    assert!(
        text(&flag.stderr).contains("--APPSecret"),
        "{}",
        text(&flag.stderr)
    );

    let app_key = mock.app_key().to_owned();
    let from_env = run(&["obtainToken", "--app-key", &app_key]).await;
    assert_eq!(
        from_env.status.code(),
        Some(0),
        "{}",
        text(&from_env.stderr)
    );
    assert!(
        text(&from_env.stdout).contains("token"),
        "{}",
        text(&from_env.stdout)
    );

    let help = text(&run(&["obtainToken", "--help"]).await.stdout);
    assert!(
        help.contains("APPSecret is a secret and has no flag")
            && help.contains("AIRUDDER_APP_SECRET"),
        "{help}"
    );
}
