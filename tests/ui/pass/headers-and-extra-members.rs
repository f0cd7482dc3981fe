use std::collections::BTreeMap;

use airudder_models::{Endpoint, TaskDetail};
use serde::Serialize;
use serde_json::{Value, json};

#[derive(Serialize, Endpoint)]
#[endpoint(method = "POST", path = "/service/cloud/workflow/createinstance", response = Value)]
struct CreateInstance {
    name: String,
    #[endpoint(header)]
    #[serde(rename = "X-Request-Id")]
    request_id: String,
    #[endpoint(header)]
    #[serde(rename = "X-Trace")]
    trace: Option<u32>,
    #[endpoint(extra)]
    #[serde(flatten)]
    extra: serde_json::Map<String, Value>,
}

#[derive(Serialize, Endpoint)]
#[endpoint(method = "GET", path = "/service/cloud/detail", response = TaskDetail)]
struct WithoutHeaders {
    #[serde(rename = "TaskID")]
    task_id: String,
}

#[derive(Endpoint)]
#[endpoint(method = "PUT", path = "/things", response = Value)]
struct TypedExtra {
    #[endpoint(extra)]
    labels: BTreeMap<String, i64>,
}

fn body_of(request: &impl Endpoint) -> Value {
    let mut body = Vec::new();
    request.write_body(&mut body).unwrap();
    serde_json::from_slice(&body).unwrap()
}

fn main() {
    let mut extra = serde_json::Map::new();
    extra.insert("details".into(), json!([{"callee": "+6281"}]));
    extra.insert("auto_finish".into(), json!(2));
    let request = CreateInstance {
        name: "july".into(),
        request_id: "r-1".into(),
        trace: None,
        extra,
    };
    // Headers are not body members; absent optional headers are left out.
    assert_eq!(request.headers(), [("X-Request-Id", "r-1".to_owned())]);
    assert!(request.query().is_empty());
    let mut body = Vec::new();
    request.write_body(&mut body).unwrap();
    // The extra members follow the named ones, in the map's order.
    assert_eq!(
        String::from_utf8(body).unwrap(),
        r#"{"name":"july","details":[{"callee":"+6281"}],"auto_finish":2}"#
    );

    assert!(WithoutHeaders { task_id: "t".into() }.headers().is_empty());

    let typed = TypedExtra {
        labels: BTreeMap::from([("a".to_owned(), 1), ("b".to_owned(), 2)]),
    };
    assert!(TypedExtra::HAS_BODY);
    assert_eq!(body_of(&typed), json!({"a": 1, "b": 2}));
}
