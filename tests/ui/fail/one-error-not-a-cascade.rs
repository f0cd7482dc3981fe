// A mistake in the attribute is the one error: the derive still emits a placeholder impl, so the
// type's uses as an `Endpoint` do not add errors of their own (as thiserror does).
use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "FETCH", path = "/tasks", response = String)]
struct ListTasks {}

fn send<E: Endpoint>(_request: &E) {}

fn main() {
    send(&ListTasks {});
    assert_eq!(ListTasks::PATH_TEMPLATE, "/tasks");
}
