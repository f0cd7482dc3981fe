//! Path templates (`/tasks/{task_id}/calls`): splitting into literal pieces and `{name}`
//! parameters, and every way a template can be malformed.

use std::fmt;

/// A parsed path template: literal text and parameters, in order.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct PathTemplate {
    pieces: Vec<Piece>,
}

#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum Piece {
    Literal(String),
    Parameter(String),
}

/// One malformation of a template; a template can have several, all reported together.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) enum TemplateError {
    NoLeadingSlash {
        template: String,
    },
    /// The template carries a query string or fragment, which the client would percent-encode
    /// into the path instead of sending as parameters.
    QueryOrFragment {
        character: char,
    },
    /// `{` with no `}` before the next `{` or the end; holds the text after the `{`.
    Unclosed {
        after: String,
    },
    /// `}` with no `{`; holds the text before the `}`.
    Unopened {
        before: String,
    },
    Empty,
    /// A parameter fills exactly one segment, so its name cannot hold a `/`.
    SlashInName {
        name: String,
    },
}

impl fmt::Display for TemplateError {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        match self {
            TemplateError::NoLeadingSlash { template } => {
                write!(f, "path must start with `/`; write \"/{template}\"")
            }
            TemplateError::QueryOrFragment { character } => write!(
                f,
                "path must not contain `{character}`; put query parameters in fields marked #[endpoint(query)]"
            ),
            TemplateError::Unclosed { after } => write!(
                f,
                "unbalanced `{{` in path: `{{{after}` has no closing `}}`; write parameters as `{{name}}`"
            ),
            TemplateError::Unopened { before } => write!(
                f,
                "unbalanced `}}` in path: `{before}}}` has no opening `{{`; write parameters as `{{name}}`"
            ),
            TemplateError::Empty => {
                write!(
                    f,
                    "empty parameter `{{}}` in path; name it after its field, as in `{{task_id}}`"
                )
            }
            TemplateError::SlashInName { name } => write!(
                f,
                "path parameter `{{{name}}}` contains `/`; a parameter fills one path segment"
            ),
        }
    }
}

impl PathTemplate {
    /// Splits `template` into pieces, reporting every malformed parameter rather than stopping
    /// at the first. The form of the literal text is checked by [`PathTemplate::form_errors`],
    /// apart, so that parameters of a template with (say) no leading `/` are still checked
    /// against the fields.
    pub(crate) fn parse(template: &str) -> Result<PathTemplate, Vec<TemplateError>> {
        let mut errors = Vec::new();
        let mut pieces = Vec::new();
        let mut literal = String::new();
        let mut rest = template;
        while let Some(index) = rest.find(['{', '}']) {
            let (before, at) = rest.split_at(index);
            literal.push_str(before);
            if let Some(after_close) = at.strip_prefix('}') {
                errors.push(TemplateError::Unopened {
                    before: literal.clone(),
                });
                rest = after_close;
                continue;
            }
            let after_open = &at['{'.len_utf8()..];
            // A `{` before the closing `}` means this parameter was never closed; resume there
            // so the next parameter is still checked.
            match after_open.find(['{', '}']) {
                Some(end) if after_open[end..].starts_with('}') => {
                    let name = &after_open[..end];
                    if name.is_empty() {
                        errors.push(TemplateError::Empty);
                    } else if name.contains('/') {
                        errors.push(TemplateError::SlashInName {
                            name: name.to_owned(),
                        });
                    } else {
                        if !literal.is_empty() {
                            pieces.push(Piece::Literal(std::mem::take(&mut literal)));
                        }
                        pieces.push(Piece::Parameter(name.to_owned()));
                    }
                    rest = &after_open[end + 1..];
                }
                Some(end) => {
                    errors.push(TemplateError::Unclosed {
                        after: after_open[..end].to_owned(),
                    });
                    rest = &after_open[end..];
                }
                None => {
                    errors.push(TemplateError::Unclosed {
                        after: after_open.to_owned(),
                    });
                    rest = "";
                }
            }
        }
        literal.push_str(rest);
        if !literal.is_empty() {
            pieces.push(Piece::Literal(literal));
        }

        if errors.is_empty() {
            Ok(PathTemplate { pieces })
        } else {
            Err(errors)
        }
    }

    /// What is wrong with the template as a path, apart from its parameters.
    pub(crate) fn form_errors(template: &str) -> Vec<TemplateError> {
        let mut errors = Vec::new();
        if !template.starts_with('/') {
            errors.push(TemplateError::NoLeadingSlash {
                template: template.to_owned(),
            });
        }
        for character in ['?', '#'] {
            if template.contains(character) {
                errors.push(TemplateError::QueryOrFragment { character });
            }
        }
        errors
    }

    pub(crate) fn pieces(&self) -> &[Piece] {
        &self.pieces
    }

    /// Parameter names in order of first appearance; a name used twice is listed once.
    pub(crate) fn parameters(&self) -> Vec<&str> {
        let mut names: Vec<&str> = Vec::new();
        for piece in &self.pieces {
            if let Piece::Parameter(name) = piece {
                if !names.contains(&name.as_str()) {
                    names.push(name);
                }
            }
        }
        names
    }

    pub(crate) fn has_parameter(&self, name: &str) -> bool {
        self.pieces
            .iter()
            .any(|piece| matches!(piece, Piece::Parameter(p) if p == name))
    }

    /// Total length of the literal pieces, to pre-size the built path.
    pub(crate) fn literal_len(&self) -> usize {
        self.pieces
            .iter()
            .map(|piece| match piece {
                Piece::Literal(text) => text.len(),
                Piece::Parameter(_) => 0,
            })
            .sum()
    }
}

#[cfg(test)]
mod tests {
    use super::{PathTemplate, Piece, TemplateError};

    fn literal(text: &str) -> Piece {
        Piece::Literal(text.to_owned())
    }

    fn parameter(name: &str) -> Piece {
        Piece::Parameter(name.to_owned())
    }

    #[test]
    fn splits_literals_and_parameters() {
        let template = PathTemplate::parse("/tasks/{task_id}/calls/{call_id}").unwrap();
        assert_eq!(
            template.pieces(),
            [
                literal("/tasks/"),
                parameter("task_id"),
                literal("/calls/"),
                parameter("call_id")
            ]
        );
        assert_eq!(template.parameters(), ["task_id", "call_id"]);
        assert_eq!(template.literal_len(), "/tasks//calls/".len());
    }

    #[test]
    fn template_without_parameters_is_one_literal() {
        let template = PathTemplate::parse("/service/cloud/detail").unwrap();
        assert_eq!(template.pieces(), [literal("/service/cloud/detail")]);
        assert!(template.parameters().is_empty());
    }

    #[test]
    fn adjacent_and_trailing_parameters() {
        let template = PathTemplate::parse("/{a}{b}").unwrap();
        assert_eq!(
            template.pieces(),
            [literal("/"), parameter("a"), parameter("b")]
        );
    }

    #[test]
    fn repeated_parameter_is_listed_once() {
        let template = PathTemplate::parse("/{id}/x/{id}").unwrap();
        assert_eq!(template.parameters(), ["id"]);
        assert!(template.has_parameter("id"));
        assert!(!template.has_parameter("x"));
    }

    #[test]
    fn reports_every_form_error() {
        assert_eq!(
            PathTemplate::form_errors("tasks?a#b"),
            [
                TemplateError::NoLeadingSlash {
                    template: "tasks?a#b".to_owned()
                },
                TemplateError::QueryOrFragment { character: '?' },
                TemplateError::QueryOrFragment { character: '#' },
            ]
        );
        assert!(PathTemplate::form_errors("/tasks/{id}").is_empty());
    }

    #[test]
    fn reports_every_malformed_parameter() {
        let errors = PathTemplate::parse("/{}/{open/{ok}/x}").unwrap_err();
        assert_eq!(
            errors,
            [
                TemplateError::Empty,
                TemplateError::Unclosed {
                    after: "open/".to_owned()
                },
                TemplateError::Unopened {
                    before: "/x".to_owned()
                },
            ]
        );
    }

    #[test]
    fn unclosed_at_end() {
        let errors = PathTemplate::parse("/tasks/{task_id").unwrap_err();
        assert_eq!(
            errors,
            [TemplateError::Unclosed {
                after: "task_id".to_owned()
            }]
        );
        assert_eq!(
            errors[0].to_string(),
            "unbalanced `{` in path: `{task_id` has no closing `}`; write parameters as `{name}`"
        );
    }

    #[test]
    fn slash_in_parameter_name() {
        let errors = PathTemplate::parse("/{a/b}").unwrap_err();
        assert_eq!(
            errors,
            [TemplateError::SlashInName {
                name: "a/b".to_owned()
            }]
        );
    }
}
