//! The generator's integration tests, one binary: broken specs are refused with a location, the
//! emitted code is pinned by snapshots, reserved names are respected, the workspace root is found,
//! every test file of the workspace is compiled into its binary.

mod broken_specs;
mod emitted_code;
mod reserved_names;
mod test_binaries;
mod workspace_root;
