//! Why the emulator could not start or could not take a new setting.
//!
//! Answers the emulated portal gives to REST clients are not Rust errors;
//! they live in `rest::error`.

use std::path::PathBuf;

/// A failure of the emulator itself (bad input files, bad settings, no socket).
#[derive(Debug, thiserror::Error)]
pub enum Error {
    /// A file named on the command line could not be read.
    #[error("cannot read {path}: {source}")]
    Read {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// A file the emulator writes (the `--tls` certificate) could not be written.
    #[error("cannot write {path}: {source}")]
    Write {
        /// The file.
        path: PathBuf,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
    /// The `--tls` certificate or server setup failed.
    #[error("cannot set up TLS: {0}")]
    Tls(String),
    /// The fixture is not valid JSON of the documented shape.
    #[error("fixture is not valid: {0}")]
    FixtureJson(#[source] serde_json::Error),
    /// The fixture is well-formed but inconsistent (unknown user, bad time…).
    #[error("fixture is not consistent: {0}")]
    Fixture(String),
    /// The fault configuration is not valid JSON of the documented shape.
    #[error("fault config is not valid: {0}")]
    FaultsJson(#[source] serde_json::Error),
    /// The fault configuration has a value out of range.
    #[error("fault config is not valid: {0}")]
    Faults(String),
    /// The listening socket could not be opened.
    #[error("cannot listen on {addr}: {source}")]
    Bind {
        /// The address asked for.
        addr: std::net::SocketAddr,
        /// The I/O error.
        #[source]
        source: std::io::Error,
    },
}
