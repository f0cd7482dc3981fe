//! Compile-time behaviour of `#[derive(Endpoint)]` and `#[derive(Webhook)]`: each fixture in
//! `ui/fail` is one mistake whose `.stderr` pins the message and the token it points at; each
//! fixture in `ui/pass` is a request type that must compile and whose `main` asserts what the
//! generated impl puts on the wire.
//!
//! Bless changed `.stderr` files with `TRYBUILD=overwrite cargo test -p airudder-tests --test ui`
//! and review every one.

#[test]
fn derive_errors_and_accepted_request_types() {
    // One `TestCases` builds every fixture in a single trybuild project, sharing one build of
    // the dependencies.
    let cases = trybuild::TestCases::new();
    cases.compile_fail("ui/fail/*.rs");
    cases.pass("ui/pass/*.rs");
}
