//! `cargo xtask codegen`: spec -> checked model -> IR -> tokens -> formatted files, written to
//! `crates/airudder-models/src/generated` or, with `--check`, compared with what is committed.

mod catalog;
mod diagnostics;
mod endpoints;
mod examples;
mod ir;
mod json;
mod models;
mod names;
mod render;
mod spec;
mod syntax;

use std::fmt;
use std::path::{Path, PathBuf};

pub use diagnostics::Diagnostic;

/// The spec, relative to the workspace root.
pub const SPEC_PATH: &str = "spec/airudder.openapi.json";
/// Where the generated modules go, relative to the workspace root.
pub const OUTPUT_DIR: &str = "crates/airudder-models/src/generated";

/// Write the files, or only check that they are up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// One generated file: its name inside [`OUTPUT_DIR`] and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub name: &'static str,
    pub contents: String,
}

/// Why the spec could not be turned into code: every problem found, each with its JSON pointer.
#[derive(Debug)]
pub struct SpecError {
    pub problems: Vec<Diagnostic>,
}

impl fmt::Display for SpecError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        for problem in &self.problems {
            writeln!(f, "error: {problem}")?;
        }
        let count = self.problems.len();
        write!(
            f,
            "{count} problem{} in the spec",
            if count == 1 { "" } else { "s" }
        )
    }
}

/// Generates every module from the spec's text. Pure: no file system access.
pub fn generate(spec_text: &str) -> Result<Vec<GeneratedFile>, SpecError> {
    let document = json::Json::parse(spec_text).map_err(|error| SpecError {
        problems: vec![Diagnostic {
            pointer: String::new(),
            message: format!("not valid JSON: {error}"),
        }],
    })?;
    let mut diags = diagnostics::Diagnostics::default();
    let spec = spec::read(&document, &mut diags);
    let ir = ir::lower(&spec, &mut diags);
    examples::check(&ir, &mut diags);
    if !diags.is_empty() {
        return Err(SpecError {
            problems: diags.into_vec(),
        });
    }
    let modules = [
        ("types.rs", models::emit(&ir)),
        ("requests.rs", endpoints::emit(&ir)),
        ("catalog.rs", catalog::emit(&ir)),
        ("mod.rs", module_root()),
    ];
    let mut files = Vec::with_capacity(modules.len());
    for (name, tokens) in modules {
        let contents = render::render(name, tokens).map_err(|message| SpecError {
            problems: vec![Diagnostic {
                pointer: String::new(),
                message,
            }],
        })?;
        files.push(GeneratedFile { name, contents });
    }
    Ok(files)
}

fn module_root() -> proc_macro2::TokenStream {
    quote::quote! {
        #![doc = " Everything generated from `spec/airudder.openapi.json`, re-exported at the crate root."]
        mod catalog;
        mod requests;
        mod types;
        pub use catalog::*;
        pub use requests::*;
        pub use types::*;
    }
}

/// The workspace root (xtask lives one level below it).
pub fn workspace_root() -> PathBuf {
    Path::new(env!("CARGO_MANIFEST_DIR"))
        .parent()
        .map(Path::to_path_buf)
        .unwrap_or_default()
}

/// Runs the task from the workspace root; the message is for the terminal.
pub fn run(mode: Mode) -> Result<String, String> {
    let root = workspace_root();
    let started = std::time::Instant::now();
    let spec_text = std::fs::read_to_string(root.join(SPEC_PATH))
        .map_err(|e| format!("error: cannot read {SPEC_PATH}: {e}"))?;
    let files = generate(&spec_text).map_err(|error| format!("{error} ({SPEC_PATH})"))?;
    let generation = started.elapsed();
    let stale =
        stale_files(&root, &files).map_err(|e| format!("error: cannot read {OUTPUT_DIR}: {e}"))?;
    match mode {
        Mode::Check if stale.is_empty() => Ok(format!(
            "generated files are up to date ({} files)",
            files.len()
        )),
        Mode::Check => Err(format!(
            "error: generated files are stale: {}\nrun `cargo xtask codegen` and commit the result",
            stale.join(", ")
        )),
        Mode::Write => {
            write_files(&root, &files, &stale)
                .map_err(|e| format!("error: cannot write {OUTPUT_DIR}: {e}"))?;
            Ok(format!(
                "generated {} files in {OUTPUT_DIR} ({} changed) in {:.1} ms",
                files.len(),
                stale.len(),
                generation.as_secs_f64() * 1000.0
            ))
        }
    }
}

/// Paths (relative to the workspace) that differ from what the spec gives: changed, missing, or
/// left over from an earlier spec.
pub fn stale_files(root: &Path, files: &[GeneratedFile]) -> std::io::Result<Vec<String>> {
    let dir = root.join(OUTPUT_DIR);
    let mut stale = Vec::new();
    for file in files {
        let on_disk = std::fs::read_to_string(dir.join(file.name)).ok();
        if on_disk.as_deref() != Some(file.contents.as_str()) {
            stale.push(format!("{OUTPUT_DIR}/{}", file.name));
        }
    }
    if dir.exists() {
        let mut leftovers = Vec::new();
        for entry in std::fs::read_dir(&dir)? {
            let name = entry?.file_name().to_string_lossy().into_owned();
            if !files.iter().any(|file| file.name == name) {
                leftovers.push(format!("{OUTPUT_DIR}/{name}"));
            }
        }
        leftovers.sort();
        stale.extend(leftovers);
    }
    Ok(stale)
}

fn write_files(root: &Path, files: &[GeneratedFile], stale: &[String]) -> std::io::Result<()> {
    let dir = root.join(OUTPUT_DIR);
    std::fs::create_dir_all(&dir)?;
    for file in files {
        let path = dir.join(file.name);
        if std::fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
            std::fs::write(path, &file.contents)?;
        }
    }
    for leftover in stale {
        let path = root.join(leftover);
        if path.is_file()
            && !files
                .iter()
                .any(|file| leftover.ends_with(&format!("/{}", file.name)))
        {
            std::fs::remove_file(path)?;
        }
    }
    Ok(())
}

#[cfg(test)]
mod tests {
    use super::*;

    /// Fails `cargo test --workspace` when the committed generated files are stale or were edited
    /// by hand.
    #[test]
    fn codegen_is_fresh() {
        let root = workspace_root();
        let spec_text = std::fs::read_to_string(root.join(SPEC_PATH)).unwrap();
        let files = generate(&spec_text).unwrap_or_else(|error| panic!("{error}"));
        let stale = stale_files(&root, &files).unwrap();
        assert!(
            stale.is_empty(),
            "stale generated files: {stale:?}; run `cargo xtask codegen` and commit the result"
        );
    }

    #[test]
    fn generation_is_deterministic() {
        let spec_text = std::fs::read_to_string(workspace_root().join(SPEC_PATH)).unwrap();
        let first = generate(&spec_text).unwrap();
        let second = generate(&spec_text).unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn every_file_starts_with_the_generated_header() {
        let spec_text = std::fs::read_to_string(workspace_root().join(SPEC_PATH)).unwrap();
        for file in generate(&spec_text).unwrap() {
            assert!(
                file.contents.starts_with(render::HEADER),
                "{} has no header",
                file.name
            );
        }
    }
}
