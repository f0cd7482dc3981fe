//! `cargo xtask codegen`: spec -> checked model -> IR -> tokens -> formatted files, written to
//! `crates/airudder-models/src/generated` or, with `--check`, compared with what is committed.

mod catalog;
mod client;
mod constructors;
mod diagnostics;
mod direct;
mod endpoints;
mod enums;
mod envelopes;
mod examples;
mod ir;
mod json;
mod models;
mod names;
mod notification;
mod objects;
mod render;
mod spec;
mod syntax;
mod unions;

use std::fmt;
use std::path::{Path, PathBuf};

use proc_macro2::TokenStream;
use quote::{format_ident, quote};

pub use diagnostics::Diagnostic;
pub use names::{RESERVED_CLIENT_METHODS, RESERVED_TYPE_NAMES};

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

/// Where generated code is compiled: the path by which the client's code reaches the models,
/// and the client type its methods are added to. Everything else it names is `crate::...` of
/// the crate it lands in (the support items of airudder-models and airudder-client).
#[derive(Debug, Clone)]
pub struct Target {
    pub models: TokenStream,
    pub client: TokenStream,
}

impl Target {
    /// airudder-models and airudder-client of this workspace.
    pub fn workspace() -> Target {
        Target {
            models: quote!(::airudder_models),
            client: quote!(crate::Client),
        }
    }

    /// Another crate: `models` and `client` are paths (`crate::fixture::models`).
    pub fn at(models: &str, client: &str) -> Result<Target, String> {
        let path = |text: &str| {
            syn::parse_str::<syn::Path>(text)
                .map(|path| quote!(#path))
                .map_err(|error| format!("`{text}` is not a path: {error}"))
        };
        Ok(Target {
            models: path(models)?,
            client: path(client)?,
        })
    }
}

/// The modules of each generated directory, in the order their root declares them.
type Modules = Vec<(&'static str, &'static str, TokenStream)>;

/// The checked IR of the spec's text, or every problem found.
fn checked_ir(spec_text: &str) -> Result<ir::Ir, SpecError> {
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
    if diags.is_empty() {
        Ok(ir)
    } else {
        Err(SpecError {
            problems: diags.into_vec(),
        })
    }
}

fn modules(ir: &ir::Ir, target: &Target) -> Modules {
    vec![
        (MODELS_DIR, "types", models::emit(ir)),
        (MODELS_DIR, "requests", endpoints::emit(ir)),
        (MODELS_DIR, "catalog", catalog::emit(ir)),
        (MODELS_DIR, "notification", notification::emit(ir)),
        (
            CLIENT_DIR,
            "operations",
            client::emit_operations(ir, target),
        ),
        (CLIENT_DIR, "dynamic", client::emit_dynamic(ir, target)),
    ]
}

/// The root of a generated directory: its modules, re-exported (the client's only add methods).
/// Inline (for `include!`, where an inner attribute has no place) it declares the modules with
/// their bodies and has no doc of its own.
fn root_module(dir: &str, names: &[&str], inline: Option<&[&TokenStream]>) -> TokenStream {
    let doc = if dir == MODELS_DIR {
        " Everything generated from `spec/airudder.openapi.json`, re-exported at the crate root."
    } else {
        " The client's methods generated from `spec/airudder.openapi.json`."
    };
    let idents: Vec<_> = names.iter().map(|name| format_ident!("{name}")).collect();
    let (doc, declarations) = match inline {
        Some(bodies) => (quote!(), quote!(#(mod #idents { #bodies })*)),
        None => (quote!(#![doc = #doc]), quote!(#(mod #idents;)*)),
    };
    let uses = (dir == MODELS_DIR).then(|| quote!(#(pub use #idents::*;)*));
    quote! {
        #doc
        #declarations
        #uses
    }
}

/// Generates every module from the spec's text, as files of this workspace. Pure: no file
/// system access.
pub fn generate(spec_text: &str) -> Result<Vec<GeneratedFile>, SpecError> {
    let ir = checked_ir(spec_text)?;
    let modules = modules(&ir, &Target::workspace());
    let mut files = Vec::with_capacity(modules.len() + 2);
    for dir in OUTPUT_DIRS {
        let names: Vec<&str> = modules
            .iter()
            .filter(|(d, _, _)| d == dir)
            .map(|(_, name, _)| *name)
            .collect();
        let mut sorted = names.clone();
        sorted.sort_unstable();
        for (_, name, tokens) in modules.iter().filter(|(d, _, _)| d == dir) {
            files.push(render_file(dir, file_name(name), tokens.clone())?);
        }
        files.push(render_file(dir, "mod.rs", root_module(dir, &sorted, None))?);
    }
    Ok(files)
}

/// The generated code of both crates as one text each, modules inline, for a crate that
/// compiles the output of another spec (the fixture crates' build scripts): `models` expects
/// airudder-models' support items at its crate root, `client` a `Client` that derefs to
/// `airudder_client::Client` and the client's `__private` helpers.
pub fn generate_inline(spec_text: &str, target: &Target) -> Result<(String, String), SpecError> {
    let ir = checked_ir(spec_text)?;
    let modules = modules(&ir, target);
    let mut texts = Vec::new();
    for dir in OUTPUT_DIRS {
        let parts: Vec<(&str, &TokenStream)> = modules
            .iter()
            .filter(|(d, _, _)| d == dir)
            .map(|(_, name, tokens)| (*name, tokens))
            .collect();
        let names: Vec<&str> = parts.iter().map(|(name, _)| *name).collect();
        let bodies: Vec<&TokenStream> = parts.iter().map(|(_, tokens)| *tokens).collect();
        let file = render_file(dir, "mod.rs", root_module(dir, &names, Some(&bodies)))?;
        texts.push(file.contents);
    }
    let client = texts.pop().unwrap_or_default();
    let models = texts.pop().unwrap_or_default();
    Ok((models, client))
}

fn file_name(module: &str) -> &'static str {
    match module {
        "types" => "types.rs",
        "requests" => "requests.rs",
        "catalog" => "catalog.rs",
        "notification" => "notification.rs",
        "dynamic" => "dynamic.rs",
        _ => "operations.rs",
    }
}

fn render_file(
    dir: &'static str,
    name: &'static str,
    tokens: TokenStream,
) -> Result<GeneratedFile, SpecError> {
    let contents = render::render(name, tokens).map_err(|message| SpecError {
        problems: vec![Diagnostic {
            pointer: String::new(),
            message,
        }],
    })?;
    Ok(GeneratedFile {
        dir,
        name,
        contents,
    })
}

/// The workspace the task runs on, found at run time: the nearest directory holding the spec
/// above the directory cargo ran xtask for (`CARGO_MANIFEST_DIR` of the running process, set by
/// `cargo run`), else above the current directory. Never where xtask was compiled: two checkouts
/// sharing one `CARGO_TARGET_DIR` run the same binary.
pub fn workspace_root() -> Result<PathBuf, String> {
    let start = std::env::var_os("CARGO_MANIFEST_DIR")
        .map(PathBuf::from)
        .or_else(|| std::env::current_dir().ok())
        .ok_or("error: cannot tell the current directory")?;
    find_workspace_root(&start).ok_or_else(|| {
        format!(
            "error: no workspace with {SPEC_PATH} in {} or above it; run cargo xtask inside the airudder-rs checkout",
            start.display()
        )
    })
}

/// The nearest of `start` and its ancestors with a `Cargo.toml` and the spec.
pub fn find_workspace_root(start: &Path) -> Option<PathBuf> {
    start
        .ancestors()
        .find(|dir| dir.join("Cargo.toml").is_file() && dir.join(SPEC_PATH).is_file())
        .map(Path::to_path_buf)
}

/// Runs the task from the workspace root; the message is for the terminal.
pub fn run(mode: Mode) -> Result<String, String> {
    let root = workspace_root()?;
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
                OUTPUT_DIRS
                    .iter()
                    .map(|dir| root.join(dir).display().to_string())
                    .collect::<Vec<_>>()
                    .join(" and "),
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
        let root = workspace_root().unwrap();
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
        let spec_text = std::fs::read_to_string(workspace_root().unwrap().join(SPEC_PATH)).unwrap();
        let first = generate(&spec_text).unwrap();
        let second = generate(&spec_text).unwrap();
        assert_eq!(first, second);
    }

    #[test]
    fn every_file_starts_with_the_generated_header() {
        let spec_text = std::fs::read_to_string(workspace_root().unwrap().join(SPEC_PATH)).unwrap();
        for file in generate(&spec_text).unwrap() {
            assert!(
                file.contents.starts_with(render::HEADER),
                "{} has no header",
                file.name
            );
        }
    }
}
