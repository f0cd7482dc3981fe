//! `cargo xtask` works on the checkout it is run for, found at run time: two checkouts sharing
//! one `CARGO_TARGET_DIR` run the same xtask binary, and neither may read or write the other's
//! files. Each test runs the built binary against a scratch checkout and checks that this
//! workspace's generated files stay as they were.

use std::path::{Path, PathBuf};
use std::process::Command;

use xtask::codegen::{CLIENT_DIR, MODELS_DIR, SPEC_PATH, find_workspace_root};

/// A scratch checkout: a workspace manifest and, as its spec, the small fixture spec.
struct Checkout(PathBuf);

impl Checkout {
    fn new(name: &str) -> Checkout {
        let root =
            std::env::temp_dir().join(format!("airudder-xtask-{name}-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&root);
        std::fs::create_dir_all(root.join("spec")).unwrap();
        std::fs::create_dir_all(root.join("xtask/src")).unwrap();
        std::fs::write(root.join("Cargo.toml"), "[workspace]\nmembers = []\n").unwrap();
        let spec = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.openapi.json");
        std::fs::copy(spec, root.join(SPEC_PATH)).unwrap();
        Checkout(root)
    }
}

impl Drop for Checkout {
    fn drop(&mut self) {
        let _ = std::fs::remove_dir_all(&self.0);
    }
}

/// The generated files of this workspace, to check that a run elsewhere left them alone.
fn own_generated_files() -> Vec<(PathBuf, String)> {
    let root = find_workspace_root(Path::new(env!("CARGO_MANIFEST_DIR"))).unwrap();
    let mut files = Vec::new();
    for dir in [MODELS_DIR, CLIENT_DIR] {
        for entry in std::fs::read_dir(root.join(dir)).unwrap() {
            let path = entry.unwrap().path();
            let text = std::fs::read_to_string(&path).unwrap();
            files.push((path, text));
        }
    }
    files.sort();
    files
}

fn xtask(args: &[&str], dir: &Path, manifest_dir: Option<&Path>) -> std::process::Output {
    let mut command = Command::new(env!("CARGO_BIN_EXE_xtask"));
    command
        .args(args)
        .current_dir(dir)
        .env_remove("CARGO_MANIFEST_DIR");
    if let Some(manifest_dir) = manifest_dir {
        command.env("CARGO_MANIFEST_DIR", manifest_dir);
    }
    command.output().unwrap()
}

#[test]
fn codegen_run_for_another_checkout_writes_there_and_not_here() {
    let before = own_generated_files();
    let other = Checkout::new("other");
    // As `cargo xtask codegen` in the other checkout: cargo names that checkout's xtask.
    let output = xtask(&["codegen"], &other.0, Some(&other.0.join("xtask")));
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    let written = std::fs::read_to_string(other.0.join(MODELS_DIR).join("types.rs")).unwrap();
    assert!(written.contains("pub struct Thing"), "{written}");
    assert_eq!(own_generated_files(), before);
    let check = xtask(
        &["codegen", "--check"],
        &other.0,
        Some(&other.0.join("xtask")),
    );
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn without_cargo_the_checkout_is_the_one_around_the_current_directory() {
    let before = own_generated_files();
    let other = Checkout::new("nested");
    let output = xtask(&["codegen"], &other.0.join("spec"), None);
    assert!(
        output.status.success(),
        "{}",
        String::from_utf8_lossy(&output.stderr)
    );
    assert!(other.0.join(CLIENT_DIR).join("operations.rs").is_file());
    assert_eq!(own_generated_files(), before);
}

#[test]
fn outside_any_checkout_it_says_where_it_looked() {
    let nowhere =
        std::env::temp_dir().join(format!("airudder-xtask-nowhere-{}", std::process::id()));
    std::fs::create_dir_all(&nowhere).unwrap();
    let output = xtask(&["codegen", "--check"], &nowhere, None);
    let _ = std::fs::remove_dir_all(&nowhere);
    assert!(!output.status.success());
    let stderr = String::from_utf8_lossy(&output.stderr);
    assert!(
        stderr.contains("no workspace with spec/airudder.openapi.json in"),
        "{stderr}"
    );
}
