//! A snapshot of the code emitted for `fixtures/small.openapi.json`, so that a change to the
//! generator shows up as a reviewable diff (`cargo insta review`, or `INSTA_UPDATE=always`).

use std::path::Path;

use xtask::codegen::generate;

#[test]
fn small_spec_emits_the_reviewed_code() {
    let spec = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/small.openapi.json"),
    )
    .unwrap();
    let files = generate(&spec).unwrap_or_else(|error| panic!("{error}"));
    for file in files {
        let crate_name = file.dir.split('/').nth(1).unwrap_or(file.dir);
        insta::assert_snapshot!(format!("{crate_name}__{}", file.name), file.contents);
    }
}
