//! Broken specs are rejected with every problem, each at its JSON pointer, in exactly the words
//! of `fixtures/broken/<name>.expected`.

use std::path::Path;

use xtask::codegen::generate;

fn check_fixture(name: &str) {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let spec = std::fs::read_to_string(dir.join(format!("{name}.json"))).unwrap();
    let expected = std::fs::read_to_string(dir.join(format!("{name}.expected"))).unwrap();
    let error = match generate(&spec) {
        Ok(_) => panic!("{name}: the broken spec was accepted"),
        Err(error) => error.to_string(),
    };
    assert_eq!(error.trim(), expected.trim(), "{name}: unexpected message");
}

#[test]
fn dangling_ref_is_reported_at_the_ref() {
    check_fixture("dangling-ref");
}

#[test]
fn missing_operation_id_is_reported_at_the_operation() {
    check_fixture("missing-operation-id");
}

#[test]
fn unsupported_construct_is_rejected_by_name() {
    check_fixture("unsupported-construct");
}

#[test]
fn two_schemas_mapping_to_one_rust_name_are_rejected() {
    check_fixture("two-schemas-one-rust-name");
}

#[test]
fn undeclared_path_parameter_is_reported() {
    check_fixture("undeclared-path-parameter");
}

#[test]
fn example_that_does_not_match_its_schema_is_reported_at_the_value() {
    check_fixture("example-does-not-match-schema");
}

#[test]
fn several_problems_are_reported_at_once() {
    check_fixture("several-problems-at-once");
}

#[test]
fn text_that_is_not_json_is_reported_with_its_line() {
    check_fixture("not-json");
}

#[test]
fn every_fixture_has_a_test() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let this_file = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/broken_specs.rs"),
    )
    .unwrap();
    for entry in std::fs::read_dir(dir).unwrap() {
        let path = entry.unwrap().path();
        if path.extension().is_some_and(|e| e == "json") {
            let name = path.file_stem().unwrap().to_string_lossy().into_owned();
            assert!(
                this_file.contains(&format!("check_fixture(\"{name}\")")),
                "fixture {name} has no test"
            );
        }
    }
}
