//! Fault injection: which REST requests fail, and how, reproducibly.
//!
//! Every `/rest/*` request, in arrival order, takes the next entry of the
//! `schedule`; once the schedule is used up, it fails with probability
//! `rate`, the kind drawn uniformly from `kinds` by a RNG seeded with `seed`.
//! The same config and the same request order give the same faults.

use std::fmt;
use std::str::FromStr;

use rand_chacha::rand_core::{Rng, SeedableRng};
use rand_chacha::ChaCha8Rng;
use serde::{Deserialize, Serialize};

use crate::Error;

/// How a request fails.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Hash)]
pub enum FaultKind {
    /// 503 `QUERY_LIMIT_EXCEEDED`, as if the leaky bucket were full.
    QueryLimit,
    /// 503 `OVERLOAD_LIMIT`.
    Overload,
    /// 500 `INTERNAL_SERVER_ERROR`.
    Internal,
    /// 429 `OPERATION_TIME_LIMIT`, `operating_reset_at` a few seconds ahead.
    OperationTime,
    /// 200 with a truncated JSON body.
    MalformedJson,
    /// Processed normally (state changes) but answered after `delayMs`.
    Delay,
    /// Connection closed without any answer; nothing processed.
    Drop,
}

impl FaultKind {
    /// Every kind, the default of `kinds`.
    pub const ALL: [Self; 7] = [
        Self::QueryLimit,
        Self::Overload,
        Self::Internal,
        Self::OperationTime,
        Self::MalformedJson,
        Self::Delay,
        Self::Drop,
    ];

    /// The config name, e.g. `query_limit`.
    pub fn as_str(self) -> &'static str {
        match self {
            Self::QueryLimit => "query_limit",
            Self::Overload => "overload",
            Self::Internal => "internal",
            Self::OperationTime => "operation_time",
            Self::MalformedJson => "malformed_json",
            Self::Delay => "delay",
            Self::Drop => "drop",
        }
    }
}

impl FromStr for FaultKind {
    type Err = String;

    fn from_str(name: &str) -> Result<Self, Self::Err> {
        Self::ALL
            .into_iter()
            .find(|kind| kind.as_str() == name)
            .ok_or_else(|| format!("unknown fault kind {name:?}"))
    }
}

impl fmt::Display for FaultKind {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(self.as_str())
    }
}

impl Serialize for FaultKind {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.as_str())
    }
}

impl<'de> Deserialize<'de> for FaultKind {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        name.parse().map_err(serde::de::Error::custom)
    }
}

/// One schedule entry: `"ok"` (no fault) or a fault kind's name.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Step(pub Option<FaultKind>);

impl Serialize for Step {
    fn serialize<S: serde::Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(self.0.map_or("ok", FaultKind::as_str))
    }
}

impl<'de> Deserialize<'de> for Step {
    fn deserialize<D: serde::Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let name = String::deserialize(deserializer)?;
        if name == "ok" {
            return Ok(Self(None));
        }
        name.parse()
            .map(|kind| Self(Some(kind)))
            .map_err(serde::de::Error::custom)
    }
}

/// The fault configuration (`--faults`, `POST /admin/faults`); every field is
/// optional and `{}` means no faults.
#[derive(Debug, Clone, PartialEq, Serialize, Deserialize)]
#[serde(rename_all = "camelCase", deny_unknown_fields)]
pub struct FaultConfig {
    /// RNG seed for the random faults.
    #[serde(default)]
    pub seed: u64,
    /// Probability (0 to 1) that a request after the schedule fails.
    #[serde(default)]
    pub rate: f64,
    /// Kinds the random faults are drawn from; default all.
    #[serde(default = "all_kinds")]
    pub kinds: Vec<FaultKind>,
    /// How long `delay` holds the answer, in milliseconds; default 3000.
    #[serde(default = "default_delay_ms")]
    pub delay_ms: u64,
    /// Outcomes for the first requests, in order, before random faults.
    #[serde(default)]
    pub schedule: Vec<Step>,
}

fn all_kinds() -> Vec<FaultKind> {
    FaultKind::ALL.to_vec()
}

fn default_delay_ms() -> u64 {
    3000
}

impl Default for FaultConfig {
    fn default() -> Self {
        Self {
            seed: 0,
            rate: 0.0,
            kinds: all_kinds(),
            delay_ms: default_delay_ms(),
            schedule: Vec::new(),
        }
    }
}

impl FaultConfig {
    /// Parses and checks a config given as JSON.
    ///
    /// ```
    /// let config = bx24_emulator::FaultConfig::from_json(r#"{"seed": 42, "rate": 0.2, "schedule": ["ok", "drop"]}"#)?;
    /// assert_eq!(config.kinds.len(), 7);
    /// assert!(bx24_emulator::FaultConfig::from_json(r#"{"rate": 1.5}"#).is_err());
    /// # Ok::<(), bx24_emulator::Error>(())
    /// ```
    pub fn from_json(text: &str) -> Result<Self, Error> {
        let config: Self = serde_json::from_str(text).map_err(Error::FaultsJson)?;
        config.validate()?;
        Ok(config)
    }

    /// Checks values that JSON types alone do not restrict.
    pub fn validate(&self) -> Result<(), Error> {
        if !(0.0..=1.0).contains(&self.rate) {
            return Err(Error::Faults(format!(
                "rate {} is not between 0 and 1",
                self.rate
            )));
        }
        if self.rate > 0.0 && self.kinds.is_empty() {
            return Err(Error::Faults("rate is above 0 but kinds is empty".into()));
        }
        Ok(())
    }
}

/// The live fault decider: the config, the RNG, and how far the schedule got.
#[derive(Debug, Clone)]
pub struct Faults {
    config: FaultConfig,
    rng: ChaCha8Rng,
    used: usize,
}

impl Faults {
    /// Starts deciding by `config` from its first schedule entry.
    pub fn new(config: FaultConfig) -> Self {
        let rng = ChaCha8Rng::seed_from_u64(config.seed);
        Self {
            config,
            rng,
            used: 0,
        }
    }

    /// The fault for the next request, if any.
    pub fn next_fault(&mut self) -> Option<FaultKind> {
        if let Some(step) = self.config.schedule.get(self.used) {
            self.used += 1;
            return step.0;
        }
        if self.config.rate <= 0.0 || self.config.kinds.is_empty() {
            return None;
        }
        // 53 random bits give a uniform float in [0, 1).
        let draw = (self.rng.next_u64() >> 11) as f64 / (1u64 << 53) as f64;
        if draw >= self.config.rate {
            return None;
        }
        let index = self.rng.next_u64() % self.config.kinds.len() as u64;
        self.config.kinds.get(index as usize).copied()
    }

    /// How long a `delay` fault holds its answer.
    pub fn delay(&self) -> std::time::Duration {
        std::time::Duration::from_millis(self.config.delay_ms)
    }

    /// The config with `schedule` cut to the entries not used yet.
    pub fn remaining(&self) -> FaultConfig {
        let mut config = self.config.clone();
        config.schedule = config
            .schedule
            .split_off(self.used.min(config.schedule.len()));
        config
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    fn sequence(config: &FaultConfig, n: usize) -> Vec<Option<FaultKind>> {
        let mut faults = Faults::new(config.clone());
        (0..n).map(|_| faults.next_fault()).collect()
    }

    #[test]
    fn same_seed_same_faults_and_rate_is_respected() {
        let config = FaultConfig::from_json(r#"{"seed": 42, "rate": 0.3}"#).expect("valid");
        let first = sequence(&config, 1000);
        assert_eq!(first, sequence(&config, 1000));
        let failed = first.iter().filter(|f| f.is_some()).count();
        assert!(
            (220..380).contains(&failed),
            "{failed} faults of 1000 at rate 0.3"
        );
        let other = FaultConfig { seed: 43, ..config };
        assert_ne!(first, sequence(&other, 1000));
    }

    #[test]
    fn schedule_comes_first() {
        let config =
            FaultConfig::from_json(r#"{"schedule": ["ok", "drop", "internal"]}"#).expect("valid");
        assert_eq!(
            sequence(&config, 4),
            vec![None, Some(FaultKind::Drop), Some(FaultKind::Internal), None]
        );
    }

    #[test]
    fn bad_configs_are_rejected() {
        assert!(FaultConfig::from_json(r#"{"rate": 2}"#).is_err());
        assert!(FaultConfig::from_json(r#"{"kinds": ["nope"]}"#).is_err());
        assert!(FaultConfig::from_json(r#"{"sead": 1}"#).is_err());
    }
}
