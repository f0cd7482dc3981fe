//! No credential crosses an origin. The client's own `reqwest::Client` follows no redirect (a 3xx
//! is an HTTP error). A caller's own `reqwest::Client` may follow them, so two more guards hold
//! whatever its policy: request bodies (the APPSecret is one) are sent so that they cannot be
//! replayed to a redirect's target (reqwest then stops at a 307/308, and drops the body on the
//! others), reqwest drops `Authorization` when the origin changes, and an answer that comes from
//! another origin is refused unread, so nothing it says (a token) is ever used.

use std::convert::Infallible;
use std::pin::Pin;
use std::task::{Context, Poll};

use bytes::Bytes;
use http_body::{Frame, SizeHint};

/// Scheme, host and port: what must not change between the base URL and an answer.
#[derive(Debug, Clone, PartialEq, Eq)]
pub(crate) struct Origin {
    scheme: String,
    host: Option<String>,
    port: Option<u16>,
}

impl Origin {
    pub(crate) fn of(url: &reqwest::Url) -> Origin {
        Origin {
            scheme: url.scheme().to_owned(),
            host: url.host_str().map(str::to_owned),
            port: url.port_or_known_default(),
        }
    }

    /// Whether `url` is of this origin (compared without allocating: once per answer).
    pub(crate) fn holds(&self, url: &reqwest::Url) -> bool {
        self.scheme == url.scheme()
            && self.host.as_deref() == url.host_str()
            && self.port == url.port_or_known_default()
    }
}

/// A request body sent once: its length is known (so it goes with `Content-Length`, as AiRudder
/// expects), but reqwest cannot clone it, so no redirect can carry it elsewhere.
pub(crate) fn one_shot(body: Bytes) -> reqwest::Body {
    reqwest::Body::wrap(OneShot(Some(body)))
}

struct OneShot(Option<Bytes>);

impl http_body::Body for OneShot {
    type Data = Bytes;
    type Error = Infallible;

    fn poll_frame(
        mut self: Pin<&mut Self>,
        _: &mut Context<'_>,
    ) -> Poll<Option<Result<Frame<Bytes>, Infallible>>> {
        Poll::Ready(self.0.take().map(|bytes| Ok(Frame::data(bytes))))
    }

    fn is_end_stream(&self) -> bool {
        self.0.is_none()
    }

    fn size_hint(&self) -> SizeHint {
        SizeHint::with_exact(self.0.as_ref().map_or(0, |bytes| bytes.len() as u64))
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn origin(url: &str) -> Origin {
        Origin::of(&reqwest::Url::parse(url).unwrap())
    }

    #[test]
    fn an_origin_holds_the_urls_of_its_own_scheme_host_and_port_only() {
        let base = origin("https://api.airudder.com");
        let url = |text: &str| reqwest::Url::parse(text).unwrap();
        assert!(base.holds(&url(
            "https://api.airudder.com:443/service/cloud/detail?x=1"
        )));
        assert!(!base.holds(&url("http://api.airudder.com/service")));
        assert!(!base.holds(&url("https://api.airudder.com.evil/service")));
    }

    #[test]
    fn origins_differ_by_scheme_host_or_port_but_not_by_path() {
        assert_eq!(
            origin("https://api.airudder.com/a"),
            origin("https://api.airudder.com:443/b?c")
        );
        assert_ne!(
            origin("https://api.airudder.com"),
            origin("http://api.airudder.com")
        );
        assert_ne!(origin("http://127.0.0.1:1"), origin("http://127.0.0.1:2"));
        assert_ne!(origin("https://a.example"), origin("https://b.example"));
    }

    #[test]
    fn a_one_shot_body_cannot_be_cloned_for_a_redirect() {
        let body = one_shot(Bytes::from_static(b"{\"APPSecret\":\"s\"}"));
        assert!(
            body.as_bytes().is_none(),
            "a reusable body could be replayed"
        );
    }
}
