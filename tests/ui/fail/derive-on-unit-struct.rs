use airudder_models::Endpoint;

#[derive(Endpoint)]
#[endpoint(method = "GET", path = "/service/cloud/tasks", response = airudder_models::TaskDetail)]
struct ListTasks;

fn main() {}
