//! The README's quick start (`cargo run -p airudder-client --example quickstart`) runs to the end.

#[path = "../../examples/quickstart.rs"]
mod example;

#[test]
fn the_quickstart_example_runs_against_the_mock() {
    example::main().expect("the quickstart walks through every step");
}
