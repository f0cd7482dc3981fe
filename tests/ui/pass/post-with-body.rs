use airudder_models::{Endpoint, Method, TaskDetail};
use serde::Serialize;

#[derive(Debug, Clone, Serialize)]
struct Callee {
    #[serde(rename = "Phone")]
    phone: String,
    #[serde(rename = "Params")]
    params: Vec<(String, String)>,
}

#[derive(Serialize, Endpoint)]
#[endpoint(method = "POST", path = "/service/cloud/create", response = TaskDetail, operation_id = "createTask")]
struct CreateTask {
    #[serde(rename = "TaskName")]
    task_name: String,
    #[serde(rename = "RobotID")]
    robot_id: i64,
    #[serde(rename = "Callees")]
    callees: Vec<Callee>,
    #[serde(rename = "StartTime", skip_serializing_if = "Option::is_none")]
    start_time: Option<String>,
    #[serde(rename = "Note")]
    note: Option<Option<String>>,
    #[endpoint(query)]
    lang: String,
}

#[derive(Serialize, Endpoint)]
#[endpoint(method = "POST", path = "/service/cloud/detail", response = TaskDetail, idempotent)]
struct QueryTaskDetail {
    #[serde(rename = "TaskID")]
    task_id: String,
}

fn body_of(request: &impl Endpoint) -> String {
    let mut body = b"already here:".to_vec();
    request.write_body(&mut body).unwrap();
    String::from_utf8(body).unwrap()
}

fn main() {
    assert_eq!(CreateTask::OPERATION_ID, "createTask");
    assert_eq!(CreateTask::METHOD, Method::Post);
    assert!(
        !CreateTask::IDEMPOTENT,
        "creating a task twice calls people twice"
    );
    assert!(CreateTask::TOKEN.is_some());
    assert!(CreateTask::HAS_BODY);

    let mut request = CreateTask {
        task_name: "July \"overdue\"".to_owned(),
        robot_id: -7,
        callees: vec![Callee {
            phone: "+62 812".to_owned(),
            params: vec![("name".to_owned(), "Budi".to_owned())],
        }],
        start_time: Some("2024-07-01 09:00:00".to_owned()),
        note: Some(None),
        lang: "id".to_owned(),
    };
    assert_eq!(request.path(), "/service/cloud/create");
    assert_eq!(request.query(), [("lang", "id".to_owned())]);
    assert_eq!(
        body_of(&request),
        r#"already here:{"TaskName":"July \"overdue\"","RobotID":-7,"Callees":[{"Phone":"+62 812","Params":[["name","Budi"]]}],"StartTime":"2024-07-01 09:00:00","Note":null}"#
    );

    // With every optional field present, the body is the object serde's own derive writes,
    // minus the query field.
    let mut via_serde = serde_json::to_value(&request).unwrap();
    via_serde.as_object_mut().unwrap().remove("lang");
    let mut body = Vec::new();
    request.write_body(&mut body).unwrap();
    assert_eq!(
        serde_json::from_slice::<serde_json::Value>(&body).unwrap(),
        via_serde
    );

    // `None` is left out, with or without `skip_serializing_if`; `Some(None)` above was `null`.
    request.start_time = None;
    request.note = None;
    request.callees.clear();
    assert_eq!(
        body_of(&request),
        r#"already here:{"TaskName":"July \"overdue\"","RobotID":-7,"Callees":[]}"#
    );

    assert_eq!(QueryTaskDetail::OPERATION_ID, "QueryTaskDetail");
    assert!(
        QueryTaskDetail::IDEMPOTENT,
        "a read-only POST marked idempotent may be retried"
    );
    let detail = QueryTaskDetail {
        task_id: "82caed2e".to_owned(),
    };
    assert!(detail.query().is_empty());
    assert_eq!(body_of(&detail), r#"already here:{"TaskID":"82caed2e"}"#);
}
