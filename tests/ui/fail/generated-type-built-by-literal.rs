// A generated type is `#[non_exhaustive]`: AiRudder's next optional member must not break code
// built against this version, so outside airudder-models a request is built with its constructor.
use airudder_models::GetTaskDetailRequest;

fn main() {
    let _request = GetTaskDetailRequest {
        task_id: "82caed2e".to_owned(),
    };
}
