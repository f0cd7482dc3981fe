//! The names the generator must not take are read from the hand-written sources, so the lists in
//! `names.rs` cannot drift from what airudder-models and airudder-client really define.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use xtask::codegen::{RESERVED_CLIENT_METHODS, RESERVED_TYPE_NAMES};

fn workspace() -> PathBuf {
    xtask::codegen::find_workspace_root(Path::new(env!("CARGO_MANIFEST_DIR")))
        .expect("xtask is inside the workspace")
}

/// Every hand-written `.rs` file under `dir` (the generated directory excluded), parsed.
fn hand_written(dir: &Path) -> Vec<syn::File> {
    let mut files = Vec::new();
    let mut stack = vec![dir.to_path_buf()];
    while let Some(dir) = stack.pop() {
        for entry in std::fs::read_dir(&dir).unwrap() {
            let path = entry.unwrap().path();
            if path.is_dir() {
                if path.file_name().is_some_and(|name| name != "generated") {
                    stack.push(path);
                }
            } else if path.extension().is_some_and(|ext| ext == "rs") {
                let text = std::fs::read_to_string(&path).unwrap();
                files.push(
                    syn::parse_file(&text).unwrap_or_else(|e| panic!("{}: {e}", path.display())),
                );
            }
        }
    }
    files
}

/// The leaf names of a `use` tree (`a::{B, c::D as E}` gives `B`, `E`); globs give none.
fn use_leaves(tree: &syn::UseTree, out: &mut Vec<String>) {
    match tree {
        syn::UseTree::Path(path) => use_leaves(&path.tree, out),
        syn::UseTree::Name(name) => out.push(name.ident.to_string()),
        syn::UseTree::Rename(rename) => out.push(rename.rename.to_string()),
        syn::UseTree::Group(group) => group.items.iter().for_each(|item| use_leaves(item, out)),
        syn::UseTree::Glob(_) => {}
    }
}

/// The type-namespace names at the root of airudder-models that its hand-written `lib.rs` defines
/// or re-exports: where generated types land too. (Functions and modules live apart from the
/// generated UpperCamelCase types.)
fn models_root_types() -> BTreeSet<String> {
    let lib = workspace().join("crates/airudder-models/src/lib.rs");
    let file = syn::parse_file(&std::fs::read_to_string(lib).unwrap()).unwrap();
    let mut names = Vec::new();
    for item in &file.items {
        match item {
            syn::Item::Struct(item) if matches!(item.vis, syn::Visibility::Public(_)) => {
                names.push(item.ident.to_string())
            }
            syn::Item::Enum(item) if matches!(item.vis, syn::Visibility::Public(_)) => {
                names.push(item.ident.to_string())
            }
            syn::Item::Trait(item) if matches!(item.vis, syn::Visibility::Public(_)) => {
                names.push(item.ident.to_string())
            }
            syn::Item::Type(item) if matches!(item.vis, syn::Visibility::Public(_)) => {
                names.push(item.ident.to_string())
            }
            syn::Item::Use(item) if matches!(item.vis, syn::Visibility::Public(_)) => {
                use_leaves(&item.tree, &mut names)
            }
            _ => {}
        }
    }
    names
        .into_iter()
        .filter(|name| name.starts_with(|c: char| c.is_ascii_uppercase()))
        .collect()
}

/// Every method of an inherent `impl Client` in airudder-client's hand-written sources.
fn client_methods() -> BTreeSet<String> {
    let mut names = BTreeSet::new();
    for file in hand_written(&workspace().join("crates/airudder-client/src")) {
        for item in &file.items {
            let syn::Item::Impl(block) = item else {
                continue;
            };
            let is_client = matches!(&*block.self_ty, syn::Type::Path(path)
                if path.path.segments.last().is_some_and(|s| s.ident == "Client"));
            if block.trait_.is_some() || !is_client {
                continue;
            }
            for member in &block.items {
                if let syn::ImplItem::Fn(method) = member {
                    names.insert(method.sig.ident.to_string());
                }
            }
        }
    }
    names
}

#[test]
fn reserved_type_names_are_the_types_airudder_models_defines_by_hand() {
    let listed: BTreeSet<String> = RESERVED_TYPE_NAMES
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    assert_eq!(
        listed,
        models_root_types(),
        "update RESERVED_TYPE_NAMES in xtask/src/codegen/names.rs"
    );
}

#[test]
fn reserved_client_methods_are_the_methods_airudder_client_defines_by_hand() {
    let listed: BTreeSet<String> = RESERVED_CLIENT_METHODS
        .iter()
        .map(|s| (*s).to_owned())
        .collect();
    assert_eq!(
        listed,
        client_methods(),
        "update RESERVED_CLIENT_METHODS in xtask/src/codegen/names.rs"
    );
}

#[test]
fn the_source_reader_finds_what_a_list_would_miss() {
    // The readers are what keeps the lists true, so they must see a name the list lacks.
    assert!(client_methods().contains("send"));
    assert!(models_root_types().contains("DecodeError"));
    let file: syn::File = syn::parse_quote! {
        pub use a::{B, c::D as E, f::*};
    };
    let mut leaves = Vec::new();
    if let syn::Item::Use(item) = &file.items[0] {
        use_leaves(&item.tree, &mut leaves);
    }
    assert_eq!(leaves, ["B", "E"]);
}
