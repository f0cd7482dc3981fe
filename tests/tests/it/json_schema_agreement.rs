//! With the `json-schema` feature, the schema schemars derives for each generated type agrees with
//! the spec's: properties, types and formats, references, required sets and enum values.

use airudder_tests::schema_agreement::schema_mismatches;
use airudder_tests::spec_examples::load_spec;
use schemars::generate::SchemaSettings;

fn generator() -> schemars::SchemaGenerator {
    SchemaSettings::draft2020_12().into_generator()
}

#[test]
fn every_generated_type_agrees_with_its_spec_schema() {
    let spec = load_spec();
    let mut generator = generator();
    let schemas = airudder_models::json_schemas(&mut generator);
    let component_count = spec["components"]["schemas"]
        .as_object()
        .map_or(0, |c| c.len());
    assert_eq!(
        schemas.len(),
        component_count,
        "one generated type per component schema"
    );
    let mut mismatches = Vec::new();
    for (name, schema) in &schemas {
        mismatches.extend(schema_mismatches(
            &spec,
            name,
            &serde_json::to_value(schema).unwrap(),
        ));
    }
    assert!(
        mismatches.is_empty(),
        "generated types disagree with the spec:\n{}",
        mismatches.join("\n")
    );
}

/// A hand-written type that drifted from the spec's `AsrLine`: `time` became an integer, `text`
/// is optional, `robottext` lost and `speaker` added.
#[derive(schemars::JsonSchema)]
#[allow(dead_code)]
struct DriftedAsrLine {
    time: i64,
    text: Option<String>,
    speaker: String,
}

#[test]
fn a_type_that_drifted_from_the_spec_is_reported() {
    let spec = load_spec();
    let mut generator = generator();
    let derived = serde_json::to_value(<DriftedAsrLine as schemars::JsonSchema>::json_schema(
        &mut generator,
    ))
    .unwrap();
    let mismatches = schema_mismatches(&spec, "AsrLine", &derived);
    let report = mismatches.join("\n");
    assert!(
        report.contains("AsrLine.time: Scalar { ty: \"string\""),
        "{report}"
    );
    assert!(
        report.contains("AsrLine.robottext: in the spec, missing from the type"),
        "{report}"
    );
    assert!(
        report.contains("AsrLine.speaker: in the type, not in the spec"),
        "{report}"
    );
    assert!(report.contains("AsrLine: required"), "{report}");
}
