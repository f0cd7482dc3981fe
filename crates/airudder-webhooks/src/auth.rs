//! Who may deliver: a secret carried in the URL the integrator configured in AiRudder (a last
//! path segment or a query parameter), compared in constant time. AiRudder signs nothing it
//! documents yet; a signature check over the headers and the raw body plugs in beside it
//! ([`Verifier`](crate::axum::Verifier) on the axum service).

use std::fmt;

use airudder_models::Secret;
use subtle::ConstantTimeEq;

/// Where the URL carries the secret.
#[derive(Clone)]
enum Place {
    /// The last path segment: `https://example.com/airudder/status/<secret>`.
    PathSegment,
    /// A query parameter: `https://example.com/airudder/status?<name>=<secret>`.
    Query(String),
}

/// A secret the delivery's URL must carry. `Debug` never shows it.
#[derive(Clone)]
pub struct UrlSecret {
    place: Place,
    secret: Secret,
}

impl UrlSecret {
    /// The secret as the URL's last path segment: configure
    /// `https://<host><path>/<secret>` in AiRudder.
    pub fn path_segment(secret: impl Into<Secret>) -> UrlSecret {
        UrlSecret {
            place: Place::PathSegment,
            secret: secret.into(),
        }
    }

    /// The secret as the query parameter `name`: configure `https://<host><path>?<name>=<secret>`
    /// in AiRudder.
    pub fn query(name: impl Into<String>, secret: impl Into<Secret>) -> UrlSecret {
        UrlSecret {
            place: Place::Query(name.into()),
            secret: secret.into(),
        }
    }

    /// Whether the secret is carried as a path segment (the route then has one more segment).
    pub fn in_path(&self) -> bool {
        matches!(self.place, Place::PathSegment)
    }

    /// Whether a delivery carries the secret: `segment` is its last path segment under the
    /// route (if any), `query` its query string (if any, still percent-encoded).
    pub fn admits(&self, segment: Option<&str>, query: Option<&str>) -> bool {
        match &self.place {
            Place::PathSegment => segment.is_some_and(|given| {
                let given: Vec<u8> = percent_encoding::percent_decode_str(given).collect();
                self.matches(&given)
            }),
            Place::Query(name) => query.is_some_and(|query| {
                // Every pair is compared, so the time taken does not say where the secret is.
                form_urlencoded::parse(query.as_bytes())
                    .filter(|(key, _)| key == name)
                    .fold(false, |found, (_, value)| {
                        self.matches(value.as_bytes()) | found
                    })
            }),
        }
    }

    fn matches(&self, given: &[u8]) -> bool {
        bool::from(given.ct_eq(self.secret.expose().as_bytes()))
    }
}

impl fmt::Debug for UrlSecret {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        let place = match &self.place {
            Place::PathSegment => "path segment".to_owned(),
            Place::Query(name) => format!("query parameter `{name}`"),
        };
        f.debug_struct("UrlSecret")
            .field("place", &place)
            .field("secret", &"***")
            .finish()
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_path_secret_admits_only_its_exact_segment() {
        let secret = UrlSecret::path_segment("s3cr/et");
        assert!(secret.admits(Some("s3cr%2Fet"), None));
        assert!(!secret.admits(Some("s3cr"), None));
        assert!(!secret.admits(Some("s3cr%2Fet2"), None));
        assert!(!secret.admits(None, Some("token=s3cr%2Fet")));
    }

    #[test]
    fn a_query_secret_admits_its_parameter_among_others() {
        let secret = UrlSecret::query("token", "a b&c");
        assert!(secret.admits(None, Some("x=1&token=a+b%26c")));
        assert!(secret.admits(None, Some("token=wrong&token=a%20b%26c")));
        assert!(!secret.admits(None, Some("token=a+b")));
        assert!(!secret.admits(None, Some("other=a+b%26c")));
        assert!(!secret.admits(None, None));
    }

    #[test]
    fn debug_never_shows_the_secret() {
        let debug = format!("{:?}", UrlSecret::query("token", "hunter22"));
        assert!(
            !debug.contains("hunter22") && debug.contains("token"),
            "{debug}"
        );
    }
}
