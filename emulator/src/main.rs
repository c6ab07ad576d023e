//! `bx24-emulator`: runs the emulated Bitrix24 portal until killed.
//!
//! The first line on stdout is `listening on http://HOST:PORT`, so a test
//! harness can start it on port 0 and read the port back. With `--tls` it is
//! `listening on https://HOST:PORT`, and the second line is
//! `certificate <PATH>`, the PEM file a client must trust.

use std::io::Write;
use std::net::SocketAddr;
use std::path::PathBuf;
use std::process::ExitCode;
use std::time::Duration;

use bx24_emulator::{Config, Error, FaultConfig, Fixture, Limits, Plan};
use clap::Parser;

/// A local Bitrix24 portal emulator for calendar meeting clients.
#[derive(Debug, Parser)]
#[command(name = "bx24-emulator", version)]
struct Cli {
    /// Address to listen on; port 0 picks a free port.
    #[arg(long, default_value = "127.0.0.1:0")]
    listen: SocketAddr,
    /// Rate-limit plan: standard (50 burst, 2/s), enterprise (250, 5/s), unlimited.
    #[arg(long, value_enum, default_value_t = Plan::Standard)]
    plan: Plan,
    /// User id of the webhook path /rest/<user>/<token>/<method>.
    #[arg(long, default_value_t = 1)]
    webhook_user: u64,
    /// Secret of the webhook path.
    #[arg(long, default_value = "demo")]
    webhook_token: String,
    /// Lifetime of OAuth access tokens, in seconds.
    #[arg(long, default_value_t = 3600)]
    token_ttl: u64,
    /// Fixture of users and events (default: built-in demo set).
    #[arg(long, value_name = "FILE.json")]
    data: Option<PathBuf>,
    /// Directory to serve at /.
    #[arg(long, value_name = "DIR")]
    www: Option<PathBuf>,
    /// Directory to serve at /pkg/.
    #[arg(long, value_name = "DIR")]
    pkg: Option<PathBuf>,
    /// Fault injection config: JSON, or @FILE holding JSON.
    #[arg(long, value_name = "JSON|@FILE")]
    faults: Option<String>,
    /// Serve /admin/* (statuses, request log, faults, reset, token expiry).
    #[arg(long)]
    admin: bool,
    /// Serve HTTPS with a self-signed certificate for localhost, 127.0.0.1 and ::1, made at start.
    #[arg(long)]
    tls: bool,
    /// With --tls, where to write the certificate (PEM) [default: <temp dir>/bx24-emulator-<port>.pem].
    #[arg(long, value_name = "PATH", requires = "tls")]
    tls_cert_out: Option<PathBuf>,
    /// How many /rest requests the log (/admin/requests) keeps; older ones are dropped.
    #[arg(long, value_name = "N", default_value_t = Limits::default().request_log_size,
          value_parser = clap::value_parser!(usize))]
    request_log_size: usize,
    /// Seconds a client has to send a request's line and headers (also the idle keep-alive limit).
    #[arg(long, value_name = "SECONDS", default_value_t = Limits::default().header_timeout.as_secs())]
    header_timeout: u64,
    /// Serve this file at /bx24.js instead of the emulated BX24.js (e.g. a copy of the real library).
    #[arg(long, value_name = "FILE.js")]
    bx24_js: Option<PathBuf>,
    /// Seconds a client has to send a whole request body.
    #[arg(long, value_name = "SECONDS", default_value_t = Limits::default().body_timeout.as_secs())]
    body_timeout: u64,
}

impl Cli {
    fn into_config(self) -> Result<Config, Error> {
        let fixture = self.data.as_deref().map(Fixture::load).transpose()?;
        let faults = match self.faults {
            None => FaultConfig::default(),
            Some(arg) => match arg.strip_prefix('@') {
                Some(path) => {
                    let text = std::fs::read_to_string(path).map_err(|source| Error::Read {
                        path: path.into(),
                        source,
                    })?;
                    FaultConfig::from_json(&text)?
                }
                None => FaultConfig::from_json(&arg)?,
            },
        };
        let bx24_js = self
            .bx24_js
            .map(|path| {
                std::fs::read_to_string(&path).map_err(|source| Error::Read { path, source })
            })
            .transpose()?;
        Ok(Config {
            listen: self.listen,
            plan: self.plan,
            webhook_user: self.webhook_user,
            webhook_token: self.webhook_token,
            token_ttl: Duration::from_secs(self.token_ttl),
            fixture,
            www: self.www,
            pkg: self.pkg,
            faults,
            admin: self.admin,
            tls: self.tls,
            tls_cert_out: self.tls_cert_out,
            limits: Limits {
                request_log_size: self.request_log_size,
                header_timeout: Duration::from_secs(self.header_timeout.max(1)),
                body_timeout: Duration::from_secs(self.body_timeout.max(1)),
                ..Limits::default()
            },
            bx24_js,
        })
    }
}

#[tokio::main]
async fn main() -> ExitCode {
    let config = match Cli::parse().into_config() {
        Ok(config) => config,
        Err(error) => {
            eprintln!("bx24-emulator: {error}");
            return ExitCode::from(2);
        }
    };
    let admin = config.admin;
    let server = match bx24_emulator::serve(config).await {
        Ok(server) => server,
        Err(error) => {
            eprintln!("bx24-emulator: {error}");
            // 2 for bad input (like a usage error), 1 when the machine says no.
            let code = if matches!(
                error,
                Error::Bind { .. } | Error::Write { .. } | Error::Tls(_)
            ) {
                1
            } else {
                2
            };
            return ExitCode::from(code);
        }
    };
    let mut stdout = std::io::stdout().lock();
    // Harnesses read the port from this exact first line (and the
    // certificate from the second), so flush them now.
    let mut announce = writeln!(stdout, "listening on {}", server.url());
    if let Some(path) = server.cert_path() {
        announce = announce.and_then(|()| writeln!(stdout, "certificate {}", path.display()));
    }
    if announce.and_then(|()| stdout.flush()).is_err() {
        return ExitCode::FAILURE;
    }
    drop(stdout);
    eprintln!(
        "bx24-emulator: BX24.js at {url}/bx24.js, portal frame {url}/portal?app=<app URL>, webhook /rest/<user>/<token>/<method>, admin {state}",
        url = server.url(),
        state = if admin { "on" } else { "off" }
    );
    server.wait().await;
    ExitCode::SUCCESS
}
