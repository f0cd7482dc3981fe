//! Which operation of the catalog a request is for, by method and path template.

use airudder_models::{OPERATIONS, OperationInfo};

/// The operation serving `method path`, with the values of its `{name}` path segments.
pub(crate) fn find_operation(
    method: &axum::http::Method,
    path: &str,
) -> Option<(&'static OperationInfo, Vec<(&'static str, String)>)> {
    OPERATIONS.iter().find_map(|operation| {
        if operation.method.as_str() != method.as_str() {
            return None;
        }
        match_template(operation.path, path).map(|params| (operation, params))
    })
}

/// The operations the spec declares for `path`, whatever their method (for a 405's `Allow`).
pub(crate) fn operations_at(path: &str) -> Vec<&'static OperationInfo> {
    OPERATIONS
        .iter()
        .filter(|operation| match_template(operation.path, path).is_some())
        .collect()
}

fn match_template(template: &'static str, path: &str) -> Option<Vec<(&'static str, String)>> {
    let mut template_segments = template.split('/');
    let mut path_segments = path.split('/');
    let mut params = Vec::new();
    loop {
        match (template_segments.next(), path_segments.next()) {
            (None, None) => return Some(params),
            (Some(expected), Some(actual)) => {
                match expected.strip_prefix('{').and_then(|s| s.strip_suffix('}')) {
                    Some(name) if !actual.is_empty() => params.push((name, percent_decode(actual))),
                    Some(_) => return None,
                    None if expected == actual => {}
                    None => return None,
                }
            }
            _ => return None,
        }
    }
}

fn percent_decode(segment: &str) -> String {
    let bytes = segment.as_bytes();
    let mut decoded = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        let hex = bytes
            .get(i + 1..i + 3)
            .and_then(|h| std::str::from_utf8(h).ok())
            .and_then(|h| u8::from_str_radix(h, 16).ok());
        match (bytes[i], hex) {
            (b'%', Some(byte)) => {
                decoded.push(byte);
                i += 3;
            }
            (byte, _) => {
                decoded.push(byte);
                i += 1;
            }
        }
    }
    String::from_utf8_lossy(&decoded).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn literal_paths_match_exactly() {
        assert_eq!(
            match_template("/service/cloud/detail", "/service/cloud/detail"),
            Some(vec![])
        );
        assert_eq!(
            match_template("/service/cloud/detail", "/service/cloud/details"),
            None
        );
        assert_eq!(
            match_template("/service/cloud/detail", "/service/cloud"),
            None
        );
    }

    #[test]
    fn path_parameters_are_captured_and_decoded() {
        assert_eq!(
            match_template("/tasks/{task_id}/calls", "/tasks/a%2Fb/calls"),
            Some(vec![("task_id", "a/b".to_owned())])
        );
        assert_eq!(match_template("/tasks/{task_id}", "/tasks/"), None);
    }

    #[test]
    fn every_catalog_operation_is_found_by_its_own_path() {
        for operation in OPERATIONS {
            let method =
                axum::http::Method::from_bytes(operation.method.as_str().as_bytes()).unwrap();
            let (found, _) = find_operation(&method, operation.path).unwrap();
            assert_eq!(found.operation_id, operation.operation_id);
        }
    }
}
