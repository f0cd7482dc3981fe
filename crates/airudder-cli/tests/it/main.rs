//! The `airudder` binary's integration tests, one binary: each module runs the command as a user
//! or a script would, against the mock.

mod cli;
mod export;
mod mock_command;
mod secrets;
