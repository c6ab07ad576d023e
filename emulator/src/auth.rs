//! OAuth tokens: issued by `/placement/auth`, renewed by `/oauth/token/`,
//! checked on every `/rest/*` call.
//!
//! Access tokens expire after the configured TTL (then the portal answers
//! `expired_token`); a refresh token works once and is consumed by use.

use std::collections::HashMap;
use std::time::Duration;

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;

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

/// All tokens the portal has issued.
#[derive(Debug)]
pub struct Tokens {
    ttl: Duration,
    access: HashMap<String, (u64, f64)>,
    refresh: HashMap<String, u64>,
    rng: ChaCha8Rng,
}

impl Tokens {
    /// An empty store whose access tokens live `ttl`.
    pub fn new(ttl: Duration) -> Self {
        // Tokens only need to be unguessable between test runs, not secret.
        let seed = (clock::now_unix_f64() * 1e9) as u64 ^ u64::from(std::process::id());
        Self {
            ttl,
            access: HashMap::new(),
            refresh: HashMap::new(),
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
