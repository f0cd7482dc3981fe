//! The token's lifecycle: cached while fresh, fetched by one caller at a time, forgotten when
//! AiRudder refuses it.
//!
//! Single flight: when the token must be fetched, the first caller fetches it and every caller that
//! comes while it does waits for that one fetch and shares its outcome, failure included. Callers do
//! not queue one fetch after another (an outage of the token endpoint costs every caller one fetch's
//! budget, not one each). A caller that arrives after a failed fetch starts a new one. If the caller
//! fetching is dropped mid-fetch, a waiting caller takes over.

use std::future::Future;
use std::sync::{Arc, Mutex, MutexGuard};
use std::time::Instant;

use airudder_models::Secret;
use tokio::sync::watch;

use crate::error::Error;

/// A token and when to stop using it.
#[derive(Clone)]
pub(crate) struct CachedToken {
    pub(crate) token: Secret,
    pub(crate) renew_at: Instant,
}

type Outcome = Option<Result<Secret, Error>>;

#[derive(Default)]
struct State {
    cached: Option<CachedToken>,
    /// The fetch in flight, if any: its outcome is published here.
    flight: Option<watch::Receiver<Outcome>>,
}

/// The token shared by every clone of a client.
#[derive(Default)]
pub(crate) struct TokenCache {
    state: Mutex<State>,
}

enum Role {
    Fetch(watch::Sender<Outcome>),
    Wait(watch::Receiver<Outcome>),
}

impl TokenCache {
    fn lock(&self) -> MutexGuard<'_, State> {
        self.state
            .lock()
            .unwrap_or_else(|poisoned| poisoned.into_inner())
    }

    /// The cached token while `now` is before its renewal, else the outcome of one fetch shared
    /// with every caller waiting meanwhile. `fetch` gives a token and when to renew it.
    pub(crate) async fn get<F, Fut>(
        &self,
        now: impl Fn() -> Instant,
        fetch: F,
    ) -> Result<Secret, Error>
    where
        F: Fn() -> Fut,
        Fut: Future<Output = Result<CachedToken, Error>>,
    {
        loop {
            let role = {
                let mut state = self.lock();
                if let Some(cached) = state.cached.as_ref().filter(|c| now() < c.renew_at) {
                    return Ok(cached.token.clone());
                }
                match &state.flight {
                    Some(flight) => Role::Wait(flight.clone()),
                    None => {
                        let (publish, flight) = watch::channel(None);
                        state.flight = Some(flight);
                        Role::Fetch(publish)
                    }
                }
            };
            match role {
                Role::Wait(mut flight) => {
                    if let Ok(outcome) = flight.wait_for(Option::is_some).await {
                        if let Some(outcome) = outcome.as_ref() {
                            return outcome.clone();
                        }
                    }
                    // The fetching caller was dropped before it finished: fetch ourselves.
                }
                Role::Fetch(publish) => {
                    let landing = Landing {
                        cache: self,
                        landed: false,
                    };
                    let fetched = fetch().await;
                    let outcome = landing.land(fetched);
                    publish.send_replace(Some(outcome.clone()));
                    return outcome;
                }
            }
        }
    }

    /// Drops the cached token if it is `refused` (another call may have renewed it meanwhile).
    pub(crate) fn forget(&self, refused: &Secret) {
        let mut state = self.lock();
        if state.cached.as_ref().is_some_and(|c| c.token == *refused) {
            state.cached = None;
        }
    }

    /// The cached token, fresh or not (to remove it from what the token endpoint answers).
    pub(crate) fn current(&self) -> Option<Secret> {
        self.lock().cached.as_ref().map(|c| c.token.clone())
    }
}

/// Ends a flight: stores its outcome, or, if the fetching caller is dropped first, clears the
/// flight so that a waiting caller fetches instead.
struct Landing<'a> {
    cache: &'a TokenCache,
    landed: bool,
}

impl Landing<'_> {
    fn land(mut self, fetched: Result<CachedToken, Error>) -> Result<Secret, Error> {
        self.landed = true;
        let mut state = self.cache.lock();
        state.flight = None;
        fetched.map(|token| {
            let secret = token.token.clone();
            state.cached = Some(token);
            secret
        })
    }
}

impl Drop for Landing<'_> {
    fn drop(&mut self) {
        if !self.landed {
            self.cache.lock().flight = None;
        }
    }
}

/// The token a request was sent with, and the cache it came from, so that whoever learns it was
/// refused (a stream, at the end of its rows) can make sure it is not used again.
#[derive(Clone)]
pub(crate) struct SentToken {
    pub(crate) cache: Arc<TokenCache>,
    pub(crate) token: Secret,
}

impl SentToken {
    pub(crate) fn refused(&self) {
        self.cache.forget(&self.token);
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use std::sync::atomic::{AtomicUsize, Ordering};
    use std::time::Duration;

    fn token(value: &str) -> CachedToken {
        CachedToken {
            token: Secret::new(value),
            renew_at: Instant::now() + Duration::from_secs(3600),
        }
    }

    #[tokio::test]
    async fn concurrent_callers_share_one_failed_fetch_instead_of_queueing() {
        let cache = Arc::new(TokenCache::default());
        let fetches = Arc::new(AtomicUsize::new(0));
        let callers = (0..8).map(|_| {
            let (cache, fetches) = (Arc::clone(&cache), Arc::clone(&fetches));
            tokio::spawn(async move {
                cache
                    .get(Instant::now, || async {
                        fetches.fetch_add(1, Ordering::SeqCst);
                        tokio::time::sleep(Duration::from_millis(100)).await;
                        Err(Error::config("the token endpoint is down"))
                    })
                    .await
            })
        });
        let started = Instant::now();
        let outcomes: Vec<_> = futures_join(callers).await;
        assert!(outcomes.iter().all(|outcome| outcome.is_err()));
        assert_eq!(fetches.load(Ordering::SeqCst), 1);
        assert!(
            started.elapsed() < Duration::from_millis(700),
            "callers queued"
        );
    }

    #[tokio::test]
    async fn a_caller_after_a_failed_fetch_fetches_again_and_the_success_is_cached() {
        let cache = TokenCache::default();
        let failed = cache
            .get(Instant::now, || async { Err(Error::config("down")) })
            .await;
        assert!(failed.is_err());
        let fetched = cache.get(Instant::now, || async { Ok(token("t1")) }).await;
        assert_eq!(fetched.unwrap().expose(), "t1");
        let cached = cache.get(Instant::now, || async { Ok(token("t2")) }).await;
        assert_eq!(cached.unwrap().expose(), "t1");
    }

    #[tokio::test]
    async fn a_dropped_fetch_hands_over_to_a_waiting_caller() {
        let cache = Arc::new(TokenCache::default());
        let first = {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move {
                cache
                    .get(Instant::now, || async {
                        std::future::pending::<()>().await;
                        Ok(token("never"))
                    })
                    .await
            })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        let second = {
            let cache = Arc::clone(&cache);
            tokio::spawn(async move { cache.get(Instant::now, || async { Ok(token("t2")) }).await })
        };
        tokio::time::sleep(Duration::from_millis(20)).await;
        first.abort();
        let outcome = tokio::time::timeout(Duration::from_secs(5), second)
            .await
            .expect("the waiting caller took over")
            .unwrap();
        assert_eq!(outcome.unwrap().expose(), "t2");
    }

    #[tokio::test]
    async fn a_refused_token_is_forgotten_but_a_newer_one_is_kept() {
        let cache = TokenCache::default();
        cache
            .get(Instant::now, || async { Ok(token("t1")) })
            .await
            .unwrap();
        cache.forget(&Secret::new("other"));
        assert_eq!(cache.current().unwrap().expose(), "t1");
        cache.forget(&Secret::new("t1"));
        assert!(cache.current().is_none());
    }

    async fn futures_join<T: Send + 'static>(
        handles: impl Iterator<Item = tokio::task::JoinHandle<T>>,
    ) -> Vec<T> {
        let mut outcomes = Vec::new();
        for handle in handles.collect::<Vec<_>>() {
            outcomes.push(handle.await.unwrap());
        }
        outcomes
    }
}
