use airudder_models::{Endpoint, Method, TaskDetail};
use serde::Serialize;

#[derive(Serialize, Endpoint)]
#[endpoint(method = "GET", path = "/tasks/{TaskID}/calls", response = TaskDetail, operation_id = "listCalls")]
struct ListCalls {
    #[endpoint(path)]
    #[serde(rename = "TaskID")]
    task_id: String,
    status: String,
    #[serde(rename = "PageSize")]
    page_size: u32,
    #[serde(rename = "PageNo", skip_serializing_if = "Option::is_none")]
    page_no: Option<u64>,
    r#type: Option<String>,
}

fn main() {
    assert_eq!(ListCalls::OPERATION_ID, "listCalls");
    assert_eq!(ListCalls::METHOD, Method::Get);
    assert_eq!(ListCalls::PATH_TEMPLATE, "/tasks/{TaskID}/calls");
    assert!(ListCalls::IDEMPOTENT, "GET is always idempotent");
    assert_eq!(ListCalls::TOKEN, airudder_models::DEFAULT_TOKEN_SCHEME);
    assert!(!ListCalls::HAS_BODY);

    let mut request = ListCalls {
        task_id: "a/b c?é".to_owned(),
        status: "finished".to_owned(),
        page_size: 50,
        page_no: Some(2),
        r#type: Some("robot".to_owned()),
    };
    assert_eq!(request.path(), "/tasks/a%2Fb%20c%3F%C3%A9/calls");
    assert_eq!(
        request.query(),
        [
            ("status", "finished".to_owned()),
            ("PageSize", "50".to_owned()),
            ("PageNo", "2".to_owned()),
            ("type", "robot".to_owned()),
        ]
    );

    request.page_no = None;
    request.r#type = None;
    assert_eq!(
        request.query(),
        [
            ("status", "finished".to_owned()),
            ("PageSize", "50".to_owned())
        ]
    );

    let mut body = Vec::new();
    request.write_body(&mut body).unwrap();
    assert!(body.is_empty(), "a GET request writes no body");
}
