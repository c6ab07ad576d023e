//! OAuth tokens: issued by `/placement/auth`, renewed by `/oauth/token/`,
//! checked on every `/rest/*` call.
//!
//! Access tokens expire after the configured TTL (then the portal answers
//! `expired_token`); a refresh token works once and is consumed by use.

use std::collections::{HashMap, VecDeque};
use std::time::Duration;

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use subtle::ConstantTimeEq;

use crate::clock;

/// A freshly issued token pair.
#[derive(Debug, Clone, PartialEq)]
pub struct Grant {
    /// The bearer for `auth=`.
    pub access_token: String,
    /// The one-time key for the refresh grant.
    pub refresh_token: String,
    /// The user the tokens act for.
    pub user: u64,
    /// Expiry, unix seconds.
    pub expires_at: f64,
    /// Lifetime in whole seconds (`expires_in`).
    pub expires_in: u64,
}

/// Why an access token was refused.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum TokenProblem {
    /// Never issued: `NO_AUTH_FOUND`.
    Unknown,
    /// Issued but past its lifetime: `expired_token`.
    Expired,
}

/// Tokens are found by their first [`LOOKUP_CHARS`] characters, and then the
/// whole token is compared in constant time, so how long a lookup takes
/// tells nothing about the secret part (48 hex digits, 192 bits).
const LOOKUP_CHARS: usize = 16;

/// The most tokens of each kind kept: `/placement/auth` needs no
/// credentials, so a flood of it must not grow memory without end. Past
/// this, the oldest are forgotten (they then answer `NO_AUTH_FOUND`).
pub const MAX_TOKENS: usize = 20_000;

/// Tokens keyed by their lookup prefix; the full token is kept beside the value.
#[derive(Debug)]
struct Keyed<V> {
    by_prefix: HashMap<String, (String, V)>,
    /// Prefixes in issue order, to forget the oldest first.
    order: VecDeque<String>,
}

impl<V> Default for Keyed<V> {
    fn default() -> Self {
        Self {
            by_prefix: HashMap::new(),
            order: VecDeque::new(),
        }
    }
}

impl<V> Keyed<V> {
    fn insert(&mut self, token: String, value: V) {
        let prefix = token[..LOOKUP_CHARS.min(token.len())].to_owned();
        self.order.push_back(prefix.clone());
        self.by_prefix.insert(prefix, (token, value));
        while self.by_prefix.len() > MAX_TOKENS || self.order.len() > 2 * MAX_TOKENS {
            let Some(oldest) = self.order.pop_front() else {
                break;
            };
            self.by_prefix.remove(&oldest);
        }
    }

    fn prefix(token: &str) -> Option<&str> {
        token.get(..LOOKUP_CHARS)
    }

    fn get(&self, token: &str) -> Option<&V> {
        let (full, value) = self.by_prefix.get(Self::prefix(token)?)?;
        bool::from(full.as_bytes().ct_eq(token.as_bytes())).then_some(value)
    }

    fn remove(&mut self, token: &str) -> Option<V> {
        self.get(token)?;
        let (_, value) = self.by_prefix.remove(Self::prefix(token)?)?;
        Some(value)
    }

    fn values_mut(&mut self) -> impl Iterator<Item = &mut V> {
        self.by_prefix.values_mut().map(|(_, value)| value)
    }
}

/// All tokens the portal has issued.
#[derive(Debug)]
pub struct Tokens {
    ttl: Duration,
    access: Keyed<(u64, f64)>,
    refresh: Keyed<u64>,
    rng: ChaCha8Rng,
}

impl Tokens {
    /// An empty store whose access tokens live `ttl`.
    pub fn new(ttl: Duration) -> Self {
        // Tokens only need to be unguessable between test runs, not secret.
        let seed = (clock::now_unix_f64() * 1e9) as u64 ^ u64::from(std::process::id());
        Self {
            ttl,
            access: Keyed::default(),
            refresh: Keyed::default(),
            rng: ChaCha8Rng::seed_from_u64(seed),
        }
    }

    fn token(&mut self) -> String {
        (0..4)
            .map(|_| format!("{:016x}", self.rng.next_u64()))
            .collect()
    }

    /// Issues a new access/refresh pair for `user`.
    pub fn issue(&mut self, user: u64) -> Grant {
        let access_token = self.token();
        let refresh_token = self.token();
        let expires_at = clock::now_unix_f64() + self.ttl.as_secs_f64();
        self.access.insert(access_token.clone(), (user, expires_at));
        self.refresh.insert(refresh_token.clone(), user);
        Grant {
            access_token,
            refresh_token,
            user,
            expires_at,
            expires_in: self.ttl.as_secs(),
        }
    }

    /// Trades a refresh token for a new pair; the old refresh token is spent.
    pub fn refresh(&mut self, refresh_token: &str) -> Option<Grant> {
        let user = self.refresh.remove(refresh_token)?;
        Some(self.issue(user))
    }

    /// The user an access token acts for, if it is valid now.
    pub fn check(&self, access_token: &str) -> Result<u64, TokenProblem> {
        let &(user, expires_at) = self.access.get(access_token).ok_or(TokenProblem::Unknown)?;
        if clock::now_unix_f64() >= expires_at {
            return Err(TokenProblem::Expired);
        }
        Ok(user)
    }

    /// Ends the life of every access token issued so far.
    pub fn expire_all(&mut self) {
        let now = clock::now_unix_f64();
        for (_, expires_at) in self.access.values_mut() {
            *expires_at = expires_at.min(now);
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refresh_tokens_work_once() {
        let mut tokens = Tokens::new(Duration::from_secs(60));
        let grant = tokens.issue(3);
        assert_eq!(tokens.check(&grant.access_token), Ok(3));
        let renewed = tokens
            .refresh(&grant.refresh_token)
            .expect("first use works");
        assert_eq!(renewed.user, 3);
        assert!(tokens.refresh(&grant.refresh_token).is_none());
        assert_eq!(tokens.check("nope"), Err(TokenProblem::Unknown));
        // Same lookup prefix, different secret part: unknown.
        let mut forged = grant.access_token.clone();
        forged.replace_range(60.., "0000");
        if forged != grant.access_token {
            assert_eq!(tokens.check(&forged), Err(TokenProblem::Unknown));
        }
    }

    #[test]
    fn expired_tokens_are_told_apart_from_unknown_ones() {
        let mut tokens = Tokens::new(Duration::from_secs(60));
        let grant = tokens.issue(1);
        tokens.expire_all();
        assert_eq!(
            tokens.check(&grant.access_token),
            Err(TokenProblem::Expired)
        );
    }
}
