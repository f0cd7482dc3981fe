//! The tokens' lifecycle, one token per token scheme of the spec (`TokenScheme`: the workflow
//! API's, the predictive dialer's): obtained on first use, cached while fresh, fetched by one task
//! at a time whose outcome every caller shares, and forgotten when AiRudder refuses it. A token is
//! fetched from its scheme's data alone (method, path, form or JSON body, envelope, where the
//! token is), so no operation is named here.
//!
//! Single flight: when the token must be fetched, one fetch is spawned on the runtime and every
//! caller that needs the token meanwhile (the first one included) waits for its outcome, failure
//! included. Callers do not queue one fetch after another (an outage of the token endpoint costs
//! every caller one fetch's budget, not one each), and the fetch goes on whatever happens to the
//! caller that started it (dropped, or not polled inside a `select!`). A caller that arrives after a
//! failed fetch starts a new one.
//!
//! A refused token is forgotten by its generation, not its text: AiRudder extends a token by handing
//! the same string out again, so a late refusal of the old one must not drop the renewed one.

use std::sync::{Arc, Mutex, MutexGuard};
use std::time::{Duration, Instant};

use airudder_models::{Secret, TokenScheme};
use reqwest::header::HeaderValue;
use tokio::sync::watch;

use crate::client::Client;
use crate::credentials::Credentials;
use crate::error::Error;
use crate::take::{Taken, Whole};

/// A token and when to stop using it.
#[derive(Clone)]
struct CachedToken {
    token: Secret,
    renew_at: Instant,
    /// Which fetch gave it.
    generation: u64,
}

/// A token as one fetch gave it.
pub(crate) struct Fetched {
    token: Secret,
    renew_at: Instant,
}

type Outcome = Option<Result<(Secret, u64), Error>>;

#[derive(Default)]
struct State {
    cached: Option<CachedToken>,
    generations: u64,
    /// The fetch in flight, if any: its outcome is published here.
    flight: Option<watch::Receiver<Outcome>>,
}

/// The token of one scheme, shared by every clone of a client.
#[derive(Default)]
pub(crate) struct TokenCache {
    state: Mutex<State>,
}

/// One [`TokenCache`] per token scheme, made when the scheme is first used.
#[derive(Default)]
pub(crate) struct TokenCaches {
    by_scheme: Mutex<Vec<(&'static str, Arc<TokenCache>)>>,
}

impl TokenCaches {
    fn lock(&self) -> MutexGuard<'_, Vec<(&'static str, Arc<TokenCache>)>> {
        self.by_scheme
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The cache of the scheme named `scheme`.
    pub(crate) fn of(&self, scheme: &'static str) -> Arc<TokenCache> {
        let mut caches = self.lock();
        if let Some((_, cache)) = caches.iter().find(|(name, _)| *name == scheme) {
            return Arc::clone(cache);
        }
        let cache = Arc::new(TokenCache::default());
        caches.push((scheme, Arc::clone(&cache)));
        cache
    }

    /// Every cached token, fresh or not (to remove them from what a server answers).
    pub(crate) fn current(&self) -> Vec<Secret> {
        self.lock()
            .iter()
            .filter_map(|(_, cache)| cache.current())
            .collect()
    }
}

/// The token a request was sent with, and the cache it came from, so that whoever learns it was
/// refused (a call, or a stream at the end of its rows) makes sure it is not used again.
#[derive(Clone)]
pub(crate) struct SentToken {
    pub(crate) cache: Option<Arc<TokenCache>>,
    pub(crate) token: Secret,
    generation: u64,
}

impl SentToken {
    /// A token the cache did not give (a fixed one): nothing to forget.
    pub(crate) fn fixed(token: Secret) -> SentToken {
        SentToken {
            cache: None,
            token,
            generation: 0,
        }
    }

    pub(crate) fn refused(&self) {
        if let Some(cache) = &self.cache {
            cache.forget(self.generation);
        }
    }
}

impl TokenCache {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The cached token while `now` is before its renewal, else the outcome of one spawned fetch
    /// shared with every caller waiting meanwhile.
    pub(crate) async fn get<Fut>(
        self: &Arc<Self>,
        now: Instant,
        fetch: impl Fn() -> Fut,
    ) -> Result<SentToken, Error>
    where
        Fut: Future<Output = Result<Fetched, Error>> + Send + 'static,
    {
        loop {
            let mut flight = {
                let mut state = self.lock();
                if let Some(cached) = state.cached.as_ref().filter(|c| now < c.renew_at) {
                    return Ok(self.sent(cached.token.clone(), cached.generation));
                }
                match &state.flight {
                    Some(flight) => flight.clone(),
                    None => {
                        let (publish, flight) = watch::channel(None);
                        state.flight = Some(flight.clone());
                        let fetched = fetch();
                        let landing = Landing {
                            cache: Arc::clone(self),
                            landed: false,
                        };
                        tokio::spawn(async move {
                            publish.send_replace(Some(landing.land(fetched.await)));
                        });
                        flight
                    }
                }
            };
            if let Ok(outcome) = flight.wait_for(Option::is_some).await {
                if let Some(outcome) = outcome.as_ref() {
                    return outcome
                        .clone()
                        .map(|(token, generation)| self.sent(token, generation));
                }
            }
            // The fetch task ended without an outcome (it panicked): look again.
        }
    }

    fn sent(self: &Arc<Self>, token: Secret, generation: u64) -> SentToken {
        SentToken {
            cache: Some(Arc::clone(self)),
            token,
            generation,
        }
    }

    /// Drops the cached token if it came from the fetch `generation` (a later fetch may have
    /// replaced it meanwhile).
    fn forget(&self, generation: u64) {
        let mut state = self.lock();
        if state
            .cached
            .as_ref()
            .is_some_and(|c| c.generation == generation)
        {
            state.cached = None;
        }
    }

    /// The cached token, fresh or not (to remove it from what the token endpoint answers).
    pub(crate) fn current(&self) -> Option<Secret> {
        self.lock().cached.as_ref().map(|c| c.token.clone())
    }
}

/// Ends a flight: stores its outcome, or, if the fetch task ends without one (a panic), clears the
/// flight so that a waiting caller fetches instead.
struct Landing {
    cache: Arc<TokenCache>,
    landed: bool,
}

impl Landing {
    fn land(mut self, fetched: Result<Fetched, Error>) -> Result<(Secret, u64), Error> {
        self.landed = true;
        let mut state = self.cache.lock();
        state.flight = None;
        fetched.map(|fetched| {
            state.generations += 1;
            let generation = state.generations;
            state.cached = Some(CachedToken {
                token: fetched.token.clone(),
                renew_at: fetched.renew_at,
                generation,
            });
            (fetched.token, generation)
        })
    }
}

impl Drop for Landing {
    fn drop(&mut self) {
        if !self.landed {
            self.cache.lock().flight = None;
        }
    }
}

impl Client {
    /// The token of `scheme` to send: the fixed one, the cached one while it is fresh, else the
    /// outcome of the one fetch every concurrent caller shares.
    pub(crate) async fn token(&self, scheme: &'static TokenScheme) -> Result<SentToken, Error> {
        if let Credentials::Token(token) = &self.shared.credentials {
            return Ok(SentToken::fixed(token.clone()));
        }
        let client = self.clone();
        let now = self.shared.clock.now();
        self.shared
            .tokens
            .of(scheme.name)
            .get(now, move || {
                let client = client.clone();
                async move { client.fetch_token(scheme).await }
            })
            .await
    }

    /// Whether a refused token can be replaced (only with APPKey + APPSecret).
    pub(crate) fn can_renew(&self) -> bool {
        matches!(self.shared.credentials, Credentials::App { .. })
    }

    /// Asks AiRudder for a token of `scheme`, within the token budget, retried after transient
    /// failures.
    async fn fetch_token(&self, scheme: &'static TokenScheme) -> Result<Fetched, Error> {
        let Credentials::App { key, secret } = &self.shared.credentials else {
            return Err(Error::config("a fixed token is never fetched"));
        };
        let issued = self.shared.clock.now();
        let mut body = serde_json::Map::new();
        body.insert(scheme.key_member.to_owned(), key.clone().into());
        body.insert(scheme.secret_member.to_owned(), secret.expose().into());
        let body = serde_json::to_vec(&body).map_err(Error::encode)?;
        let mut whole = Whole::new(|body: &[u8]| token_in(scheme, body));
        self.send_token_request(scheme, body, &mut whole).await?;
        let token = whole.into_output().ok_or_else(Error::missing_data)?;
        // A token that cannot go in a header would fail every call for a day: never cache it.
        if HeaderValue::from_str(&authorization(&token)).is_err() {
            return Err(Error::unusable_token().for_operation(scheme.operation_id));
        }
        let lifetime = self
            .shared
            .token_lifetime
            .saturating_sub(self.shared.token_refresh_margin);
        tracing::debug!(scheme = scheme.name, "obtained a new token");
        Ok(Fetched {
            token,
            renew_at: issued
                .checked_add(lifetime)
                .unwrap_or_else(|| issued + Duration::from_secs(u64::from(u32::MAX))),
        })
    }
}

/// The token in a whole answer of `scheme`'s token call, or what went wrong.
fn token_in(scheme: &TokenScheme, body: &[u8]) -> Result<Secret, Error> {
    let envelope = scheme.envelope;
    let said = envelope.read_said(body).map_err(|error| {
        Error::malformed(
            ".".to_owned(),
            None,
            format!(
                "the token answer has no envelope ({}): {error}",
                envelope.schema
            ),
        )
    })?;
    if !envelope.is_success(&said) {
        return Err(Error::api(said, body));
    }
    let answer: serde_json::Value = serde_json::from_slice(body).map_err(Error::encode)?;
    answer
        .get(envelope.payload)
        .and_then(|payload| payload.pointer(scheme.pointer))
        .and_then(serde_json::Value::as_str)
        .map(Secret::new)
        .ok_or_else(|| {
            Error::malformed(
                scheme.token_path(),
                None,
                "the token answer has no token (a string) here",
            )
        })
}

/// The `Authorization` header's value for `token`.
pub(crate) fn authorization(token: &Secret) -> String {
    format!("Token {}", token.expose())
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};

    fn fetched(value: &str) -> Fetched {
        Fetched {
            token: Secret::new(value),
            renew_at: Instant::now() + Duration::from_secs(3600),
        }
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_failed_fetch_instead_of_queueing() {
        let cache = Arc::new(TokenCache::default());
        let fetches = Arc::new(AtomicUsize::new(0));
        let callers: Vec<_> = (0..8)
            .map(|_| {
                let (cache, fetches) = (Arc::clone(&cache), Arc::clone(&fetches));
                tokio::spawn(async move {
                    cache
                        .get(Instant::now(), move || {
                            let fetches = Arc::clone(&fetches);
                            async move {
                                fetches.fetch_add(1, Ordering::SeqCst);
                                tokio::time::sleep(Duration::from_millis(100)).await;
                                Err::<Fetched, _>(Error::config("the token endpoint is down"))
                            }
                        })
                        .await
                })
            })
            .collect();
        let started = Instant::now();
        for caller in callers {
            assert!(caller.await.unwrap().is_err());
        }
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        assert!(
            started.elapsed() < Duration::from_millis(700),
            "callers queued"
        );
    }

    #[tokio::test]
    async fn a_caller_after_a_failed_fetch_fetches_again_and_the_success_is_cached() {
        let cache = Arc::new(TokenCache::default());
        let failed = cache
            .get(Instant::now(), || async { Err(Error::config("down")) })
            .await;
        assert!(failed.is_err());
        let first = cache
            .get(Instant::now(), || async { Ok(fetched("t1")) })
            .await;
        assert_eq!(first.unwrap().token.expose(), "t1");
        let cached = cache
            .get(Instant::now(), || async { Ok(fetched("t2")) })
            .await;
        assert_eq!(cached.unwrap().token.expose(), "t1");
    }

    #[tokio::test]
    async fn the_fetch_goes_on_when_the_caller_that_started_it_is_dropped() {
        let cache = Arc::new(TokenCache::default());
        let first = {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move {
                cache
                    .get(Instant::now(), || async {
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        Ok(fetched("t1"))
                    })
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        first.abort();
        let second = cache
            .get(Instant::now(), || async { Ok(fetched("never")) })
            .await;
        assert_eq!(second.unwrap().token.expose(), "t1");
    }

    #[tokio::test]
    async fn a_late_refusal_of_a_token_does_not_drop_its_renewal_with_the_same_text() {
        let cache = Arc::new(TokenCache::default());
        let old = cache
            .get(Instant::now(), || async { Ok(fetched("same")) })
            .await
            .unwrap();
        old.refused();
        // AiRudder extends a token by handing the same string out again.
        let renewed = cache
            .get(Instant::now(), || async { Ok(fetched("same")) })
            .await
            .unwrap();
        old.refused();
        assert!(cache.current().is_some(), "the renewed token was dropped");
        renewed.refused();
        assert!(cache.current().is_none());
    }
}
