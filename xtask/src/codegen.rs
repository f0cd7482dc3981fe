//! `cargo xtask codegen`: spec -> checked model -> IR -> tokens -> formatted files, written to
//! `crates/airudder-models/src/generated` or, with `--check`, compared with what is committed.

mod catalog;
mod client;
mod diagnostics;
mod endpoints;
mod examples;
mod ir;
mod json;
mod models;
mod names;
mod notification;
mod render;
mod spec;
mod syntax;

use std::fmt;
use std::path::{Path, PathBuf};

pub use diagnostics::Diagnostic;

/// The spec, relative to the workspace root.
pub const SPEC_PATH: &str = "spec/airudder.openapi.json";
/// Where the models' generated modules go, relative to the workspace root.
pub const MODELS_DIR: &str = "crates/airudder-models/src/generated";
/// Where the client's generated modules go, relative to the workspace root.
pub const CLIENT_DIR: &str = "crates/airudder-client/src/generated";
/// Every directory the generator owns: whatever else is in them is stale.
pub const OUTPUT_DIRS: &[&str] = &[MODELS_DIR, CLIENT_DIR];

/// Write the files, or only check that they are up to date.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Mode {
    Write,
    Check,
}

/// One generated file: its directory (one of [`OUTPUT_DIRS`]), its name and its contents.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct GeneratedFile {
    pub dir: &'static str,
    pub name: &'static str,
    pub contents: String,
}

impl GeneratedFile {
    /// The path relative to the workspace root.
    pub fn path(&self) -> String {
        format!("{}/{}", self.dir, self.name)
    }
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
        (MODELS_DIR, "types.rs", models::emit(&ir)),
        (MODELS_DIR, "requests.rs", endpoints::emit(&ir)),
        (MODELS_DIR, "catalog.rs", catalog::emit(&ir)),
        (MODELS_DIR, "notification.rs", notification::emit(&ir)),
        (MODELS_DIR, "mod.rs", models_root()),
        (CLIENT_DIR, "operations.rs", client::emit(&ir)),
        (CLIENT_DIR, "mod.rs", client_root()),
    ];
    let mut files = Vec::with_capacity(modules.len());
    for (dir, name, tokens) in modules {
        let contents = render::render(name, tokens).map_err(|message| SpecError {
            problems: vec![Diagnostic {
                pointer: String::new(),
                message,
            }],
        })?;
        files.push(GeneratedFile {
            dir,
            name,
            contents,
        });
    }
    Ok(files)
}

fn models_root() -> proc_macro2::TokenStream {
    quote::quote! {
        #![doc = " Everything generated from `spec/airudder.openapi.json`, re-exported at the crate root."]
        mod catalog;
        mod notification;
        mod requests;
        mod types;
        pub use catalog::*;
        pub use notification::*;
        pub use requests::*;
        pub use types::*;
    }
}

fn client_root() -> proc_macro2::TokenStream {
    quote::quote! {
        #![doc = " The client's methods generated from `spec/airudder.openapi.json`."]
        mod operations;
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
    let stale = stale_files(&root, &files)
        .map_err(|e| format!("error: cannot read the generated files: {e}"))?;
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
                .map_err(|e| format!("error: cannot write the generated files: {e}"))?;
            Ok(format!(
                "generated {} files in {} ({} changed) in {:.1} ms",
                files.len(),
                OUTPUT_DIRS.join(" and "),
                stale.len(),
                generation.as_secs_f64() * 1000.0
            ))
        }
    }
}

/// Paths (relative to the workspace) that differ from what the spec gives: changed, missing, or
/// left over in a generated directory from an earlier spec.
pub fn stale_files(root: &Path, files: &[GeneratedFile]) -> std::io::Result<Vec<String>> {
    let mut stale = Vec::new();
    for file in files {
        let on_disk = std::fs::read_to_string(root.join(file.path())).ok();
        if on_disk.as_deref() != Some(file.contents.as_str()) {
            stale.push(file.path());
        }
    }
    for dir in OUTPUT_DIRS {
        if !root.join(dir).exists() {
            continue;
        }
        let mut leftovers = Vec::new();
        for entry in std::fs::read_dir(root.join(dir))? {
            let path = format!("{dir}/{}", entry?.file_name().to_string_lossy());
            if !files.iter().any(|file| file.path() == path) {
                leftovers.push(path);
            }
        }
        leftovers.sort();
        stale.extend(leftovers);
    }
    Ok(stale)
}

fn write_files(root: &Path, files: &[GeneratedFile], stale: &[String]) -> std::io::Result<()> {
    for file in files {
        let path = root.join(file.path());
        std::fs::create_dir_all(root.join(file.dir))?;
        if std::fs::read_to_string(&path).ok().as_deref() != Some(file.contents.as_str()) {
            std::fs::write(path, &file.contents)?;
        }
    }
    for path in stale
        .iter()
        .filter(|path| !files.iter().any(|file| file.path() == **path))
    {
        let path = root.join(path);
        if path.is_file() {
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
