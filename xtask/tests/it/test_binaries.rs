//! Every file of a test binary is compiled: each `.rs` file (or module directory) beside a
//! `tests/it/main.rs` is declared there as a module. A file that drops out of its binary compiles
//! and runs nothing, silently; this test names it.

use std::path::{Path, PathBuf};

/// The modules beside `main` (a `tests/it/main.rs`) that it does not declare with `mod <name>;`.
fn undeclared(main: &Path) -> Vec<PathBuf> {
    let dir = main.parent().expect("main.rs is in a directory");
    let source = std::fs::read_to_string(main).expect("main.rs is readable");
    let declared = |name: &str| {
        source.lines().any(|line| {
            line.trim()
                .trim_start_matches("pub ")
                .starts_with(&format!("mod {name};"))
        })
    };
    let mut missing = Vec::new();
    for entry in std::fs::read_dir(dir).expect("the directory is readable") {
        let path = entry.expect("an entry").path();
        let name = match path.extension() {
            Some(ext) if ext == "rs" => path.file_stem(),
            None if path.join("mod.rs").exists() => path.file_name(),
            _ => None,
        };
        let Some(name) = name.and_then(|name| name.to_str()) else {
            continue;
        };
        if name != "main" && !declared(name) {
            missing.push(path.clone());
        }
    }
    missing.sort();
    missing
}

/// Every `tests/it/main.rs` of the workspace.
fn test_binaries(root: &Path) -> Vec<PathBuf> {
    let mut found = Vec::new();
    let mut dirs = vec![root.to_path_buf()];
    while let Some(dir) = dirs.pop() {
        for entry in std::fs::read_dir(&dir).expect("the directory is readable") {
            let path = entry.expect("an entry").path();
            let name = path
                .file_name()
                .and_then(|n| n.to_str())
                .unwrap_or_default();
            if !path.is_dir() || name.starts_with('.') || name == "target" {
                continue;
            }
            if path.ends_with("tests/it") && path.join("main.rs").exists() {
                found.push(path.join("main.rs"));
            }
            dirs.push(path);
        }
    }
    found
}

#[test]
fn every_file_beside_a_test_binarys_main_is_one_of_its_modules() {
    let root = xtask::codegen::find_workspace_root(Path::new(env!("CARGO_MANIFEST_DIR")))
        .expect("xtask is inside the workspace");
    let binaries = test_binaries(&root);
    assert!(binaries.len() >= 7, "found only {binaries:?}");
    let missing: Vec<PathBuf> = binaries.iter().flat_map(|main| undeclared(main)).collect();
    assert!(
        missing.is_empty(),
        "not compiled into their test binary: {missing:?}"
    );
}

#[test]
fn a_file_left_out_of_its_binary_is_found() {
    let dir = std::env::temp_dir().join(format!("airudder-test-binaries-{}", std::process::id()));
    let it = dir.join("tests/it");
    std::fs::create_dir_all(it.join("support")).unwrap();
    std::fs::write(it.join("main.rs"), "mod declared;\nmod support;\n").unwrap();
    std::fs::write(it.join("declared.rs"), "").unwrap();
    std::fs::write(it.join("forgotten.rs"), "").unwrap();
    std::fs::write(it.join("support/mod.rs"), "").unwrap();
    let missing = undeclared(&it.join("main.rs"));
    std::fs::remove_dir_all(&dir).unwrap();
    assert_eq!(missing, [it.join("forgotten.rs")]);
}
