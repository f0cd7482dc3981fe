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
fn a_oneof_whose_variants_share_no_tag_is_refused_saying_how_to_tag_them() {
    check_fixture("oneof-without-a-tag");
}

#[test]
fn a_discriminator_mapping_that_contradicts_a_variants_tag_is_refused() {
    check_fixture("oneof-mapping-disagrees-with-a-tag");
}

#[test]
fn a_oneof_variant_written_inline_is_refused_asking_for_a_ref() {
    check_fixture("oneof-with-an-inline-variant");
}

#[test]
fn a_value_of_several_json_types_is_refused_suggesting_one_type_or_any_json() {
    check_fixture("a-value-of-several-json-types");
}

#[test]
fn openapi_3_0_nullable_is_refused_with_its_3_1_spelling() {
    check_fixture("openapi-3-0-nullable");
}

#[test]
fn an_anyof_of_several_schemas_is_refused_suggesting_oneof() {
    check_fixture("anyof-of-several-schemas");
}

#[test]
fn an_answer_marked_undocumented_that_has_a_schema_is_refused() {
    check_fixture("undocumented-answer-with-a-schema");
}

#[test]
fn aliases_that_reach_themselves_are_refused_once_naming_the_cycle() {
    check_fixture("an-alias-reaching-itself");
}

#[test]
fn a_header_parameter_the_client_sets_itself_is_refused() {
    check_fixture("a-header-the-client-sets");
}

#[test]
fn a_webhook_with_a_query_parameter_is_refused() {
    check_fixture("a-webhook-with-a-query-parameter");
}

#[test]
fn an_enum_of_strings_and_integers_is_refused() {
    check_fixture("an-enum-of-mixed-types");
}

#[test]
fn enum_variant_names_that_do_not_match_the_values_are_refused() {
    check_fixture("enum-varnames-that-do-not-match-the-values");
}

#[test]
fn an_unknown_number_format_is_refused_listing_the_known_ones() {
    check_fixture("an-unknown-number-format");
}

#[test]
fn a_cut_example_is_still_checked_for_what_it_shows() {
    check_fixture("a-cut-example-with-a-wrong-value");
}

#[test]
fn a_page_provenance_without_a_title_is_refused() {
    check_fixture("a-page-without-a-title");
}

#[test]
fn a_webhook_payload_that_is_not_an_object_is_refused() {
    check_fixture("a-webhook-payload-that-is-not-an-object");
}

#[test]
fn two_webhooks_mapping_to_one_notification_variant_are_refused() {
    check_fixture("two-webhooks-one-notification-variant");
}

#[test]
fn an_operation_taking_another_ones_stream_method_is_refused() {
    check_fixture("a-stream-method-taken-by-another-operation");
}

#[test]
fn an_operation_named_like_a_hand_written_client_method_is_refused() {
    check_fixture("an-operation-named-like-a-client-method");
}

#[test]
fn an_array_without_items_is_refused_suggesting_any_json_items() {
    check_fixture("an-array-without-items");
}

#[test]
fn an_example_null_where_the_schema_does_not_allow_it_is_refused() {
    check_fixture("null-where-the-schema-does-not-allow-it");
}

#[test]
fn an_alias_that_spells_another_property_is_refused() {
    check_fixture("an-alias-that-is-another-property");
}

#[test]
fn a_component_named_like_a_prelude_type_is_refused_suggesting_x_rust_name() {
    check_fixture("a-component-named-like-a-prelude-type");
}

#[test]
fn an_x_rust_name_in_the_wrong_case_is_refused() {
    check_fixture("an-x-rust-name-in-the-wrong-case");
}

#[test]
fn an_envelope_marked_true_is_refused_with_the_object_to_write() {
    check_fixture("an-envelope-marked-true");
}

#[test]
fn an_envelope_whose_code_is_not_a_required_integer_is_refused() {
    check_fixture("an-envelope-whose-code-is-not-a-required-integer");
}

#[test]
fn an_envelope_whose_payload_is_typed_or_missing_or_whose_rule_names_two_strings_is_refused() {
    check_fixture("an-envelope-whose-payload-is-typed-or-missing");
}

#[test]
fn an_undocumented_answer_must_name_its_envelope_when_there_are_several() {
    check_fixture("an-undocumented-answer-among-several-envelopes");
}

#[test]
fn an_integer_without_a_format_is_refused_with_the_format_to_write() {
    check_fixture("an-integer-without-a-format");
}

#[test]
fn error_answers_must_be_the_operations_own_envelope_and_other_statuses_are_refused() {
    check_fixture("error-answers-not-in-the-operations-envelope");
}

#[test]
fn every_fixture_has_a_test() {
    let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/fixtures/broken");
    let this_file = std::fs::read_to_string(
        Path::new(env!("CARGO_MANIFEST_DIR")).join("tests/it/broken_specs.rs"),
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
