//! `--tls`: a self-signed certificate made at start, and the rustls
//! acceptor the accept loop wraps each connection in.
//!
//! The official JS SDK's `B24Hook` refuses `http://` URLs, so a test that
//! drives it needs HTTPS; trusting one certificate file is all it takes.

use std::path::{Path, PathBuf};
use std::sync::Arc;

use rcgen::{CertificateParams, DnType, KeyPair};
use tokio_rustls::rustls::crypto::ring;
use tokio_rustls::rustls::pki_types::{PrivateKeyDer, PrivatePkcs8KeyDer};
use tokio_rustls::rustls::ServerConfig;
use tokio_rustls::TlsAcceptor;

use crate::Error;

/// The names a client may reach a loopback emulator by.
const NAMES: [&str; 3] = ["localhost", "127.0.0.1", "::1"];

/// What the server needs to speak TLS, and the certificate clients trust.
pub(crate) struct Tls {
    /// Wraps an accepted TCP stream.
    pub acceptor: TlsAcceptor,
    /// The certificate, PEM.
    pub cert_pem: String,
}

impl std::fmt::Debug for Tls {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.debug_struct("Tls").finish_non_exhaustive()
    }
}

impl Tls {
    /// A fresh key pair and certificate for [`NAMES`].
    pub fn self_signed() -> Result<Self, Error> {
        let tls_error = |e: &dyn std::fmt::Display| Error::Tls(e.to_string());
        let key = KeyPair::generate().map_err(|e| tls_error(&e))?;
        let mut params =
            CertificateParams::new(NAMES.map(str::to_owned).to_vec()).map_err(|e| tls_error(&e))?;
        params
            .distinguished_name
            .push(DnType::CommonName, "bx24-emulator localhost");
        let cert = params.self_signed(&key).map_err(|e| tls_error(&e))?;
        let private_key = PrivateKeyDer::Pkcs8(PrivatePkcs8KeyDer::from(key.serialize_der()));
        // An explicit provider: the process default panics if another crate
        // in the build ever turns on a second one.
        let config = ServerConfig::builder_with_provider(Arc::new(ring::default_provider()))
            .with_safe_default_protocol_versions()
            .map_err(|e| tls_error(&e))?
            .with_no_client_auth()
            .with_single_cert(vec![cert.der().clone()], private_key)
            .map_err(|e| tls_error(&e))?;
        Ok(Self {
            acceptor: TlsAcceptor::from(Arc::new(config)),
            cert_pem: cert.pem(),
        })
    }

    /// Writes the certificate to `path`.
    pub fn write_cert(&self, path: &Path) -> Result<(), Error> {
        std::fs::write(path, &self.cert_pem).map_err(|source| Error::Write {
            path: path.to_owned(),
            source,
        })
    }
}

/// Where the certificate goes without `--tls-cert-out`: the temp dir, named
/// after the port so emulators running side by side don't overwrite each other.
pub(crate) fn default_cert_path(port: u16) -> PathBuf {
    std::env::temp_dir().join(format!("bx24-emulator-{port}.pem"))
}
