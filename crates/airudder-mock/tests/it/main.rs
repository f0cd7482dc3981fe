//! The mock's integration tests, one binary: each module drives the mock with the real client or
//! raw HTTP, as an integrator's tests would.

mod behaviour;
mod end_to_end;
mod expectations;
mod large_stream;
mod webhook_delivery;
