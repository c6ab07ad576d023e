//! The accept loop: hyper connections over the axum router (in TLS with
//! `--tls`), plus the one thing axum cannot do, closing a connection without
//! any answer (the `drop` fault).

use std::net::SocketAddr;
use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::Duration;

use axum::extract::Request;
use axum::Router;
use hyper::body::Incoming;
use hyper_util::rt::{TokioIo, TokioTimer};
use tokio::io::{AsyncRead, AsyncWrite};
use tokio::net::TcpListener;
use tokio::sync::Semaphore;
use tokio::task::{JoinHandle, JoinSet};
use tokio_rustls::TlsAcceptor;
use tower::ServiceExt;

use super::tls::{self, Tls};
use crate::config::{Config, Limits};
use crate::fixture::Fixture;
use crate::state::Portal;
use crate::{clock, Error};

/// Put in a response's extensions by a handler that wants the connection
/// closed with no answer; the accept loop then fails the request, which
/// makes hyper close the socket without writing anything.
#[derive(Debug, Clone, Copy)]
pub(crate) struct DropConnection;

/// The error hyper sees for a dropped request.
#[derive(Debug, thiserror::Error)]
#[error("connection dropped by an injected fault")]
struct ConnectionDropped;

/// A running emulator. Dropping it stops the server and its connections.
#[derive(Debug)]
pub struct RunningServer {
    addr: SocketAddr,
    cert_path: Option<PathBuf>,
    /// The certificate went to the default temp file: remove it on drop.
    own_cert_file: bool,
    task: Option<JoinHandle<()>>,
}

impl RunningServer {
    /// The address it listens on (with the real port when 0 was asked).
    pub fn addr(&self) -> SocketAddr {
        self.addr
    }

    /// `http://HOST:PORT`, or `https://HOST:PORT` with TLS.
    pub fn url(&self) -> String {
        let scheme = if self.cert_path.is_some() {
            "https"
        } else {
            "http"
        };
        format!("{scheme}://{}", self.addr)
    }

    /// With TLS, the file holding the server's certificate (PEM), for
    /// clients to trust; `None` for plain HTTP. The default temp file is
    /// removed when the server is dropped; a `tls_cert_out` file is kept.
    pub fn cert_path(&self) -> Option<&Path> {
        self.cert_path.as_deref()
    }

    /// Serves until the task ends (it does not end on its own).
    pub async fn wait(mut self) {
        if let Some(task) = self.task.take() {
            // A join error only means the loop was cancelled or panicked; either way it is over.
            let _ = task.await;
        }
    }
}

impl Drop for RunningServer {
    fn drop(&mut self) {
        if let Some(task) = &self.task {
            task.abort();
        }
        if let (true, Some(path)) = (self.own_cert_file, &self.cert_path) {
            // Best effort: a temp file left behind is harmless.
            let _ = std::fs::remove_file(path);
        }
    }
}

/// Starts the emulator described by `config` on the current tokio runtime.
///
/// ```no_run
/// # async fn demo() -> Result<(), bx24_emulator::Error> {
/// use bx24_emulator::{serve, Config, Plan};
/// let server = serve(Config { plan: Plan::Unlimited, admin: true, ..Config::default() }).await?;
/// println!("BX24.js at {}/bx24.js", server.url());
/// server.wait().await;
/// # Ok(()) }
/// ```
pub async fn serve(config: Config) -> Result<RunningServer, Error> {
    let start = clock::now_unix();
    let fixture = config
        .fixture
        .clone()
        .unwrap_or_else(|| Fixture::demo(start));
    let calendar = fixture.to_calendar(start)?;
    config.faults.validate()?;
    let bind_error = |source| Error::Bind {
        addr: config.listen,
        source,
    };
    let listener = TcpListener::bind(config.listen).await.map_err(bind_error)?;
    let addr = listener.local_addr().map_err(bind_error)?;
    let (acceptor, cert_path) = if config.tls {
        let tls = Tls::self_signed()?;
        let path = config
            .tls_cert_out
            .clone()
            .unwrap_or_else(|| tls::default_cert_path(addr.port()));
        tls.write_cert(&path)?;
        (Some(tls.acceptor), Some(path))
    } else {
        (None, None)
    };
    let own_cert_file = cert_path.is_some() && config.tls_cert_out.is_none();
    let portal = Arc::new(Portal::new(&config, calendar, addr));
    let app = super::router(portal, &config);
    let task = tokio::spawn(accept_loop(listener, acceptor, app, config.limits));
    Ok(RunningServer {
        addr,
        cert_path,
        own_cert_file,
        task: Some(task),
    })
}

/// hyper refuses a read buffer below 8 KiB.
const MIN_HEAD_BUFFER: usize = 8192;

/// A client that connects and never finishes the TLS handshake is let go.
const HANDSHAKE_TIMEOUT: Duration = Duration::from_secs(10);

async fn accept_loop(
    listener: TcpListener,
    acceptor: Option<TlsAcceptor>,
    app: Router,
    limits: Limits,
) {
    // Owning the connection tasks here means aborting this loop ends them too.
    let mut connections = JoinSet::new();
    // At most `max_connections` at once: the next client waits in the
    // kernel's backlog until one ends (each is bounded in time by the
    // header and body timeouts), so memory stays bounded.
    let slots = Arc::new(Semaphore::new(limits.max_connections.max(1)));
    loop {
        let Ok(slot) = Arc::clone(&slots).acquire_owned().await else {
            return;
        };
        let stream = match listener.accept().await {
            Ok((stream, _)) => stream,
            Err(_) => {
                // Out of file descriptors or similar: wait instead of spinning.
                tokio::time::sleep(Duration::from_millis(50)).await;
                continue;
            }
        };
        while connections.try_join_next().is_some() {}
        // Small JSON answers: don't let Nagle hold them back.
        let _ = stream.set_nodelay(true);
        let app = app.clone();
        match &acceptor {
            None => connections.spawn(async move {
                serve_connection(stream, app, limits).await;
                drop(slot);
            }),
            Some(acceptor) => {
                let handshake = acceptor.accept(stream);
                connections.spawn(async move {
                    // A failed or stalled handshake only ends this connection.
                    if let Ok(Ok(stream)) = tokio::time::timeout(HANDSHAKE_TIMEOUT, handshake).await
                    {
                        serve_connection(stream, app, limits).await;
                    }
                    drop(slot);
                })
            }
        };
    }
}

/// Serves HTTP/1.1 on one connection, plain or TLS. For a dropped request
/// the stream is simply dropped: over TLS that is a close without
/// `close_notify`, so the client sees the connection end with no answer.
async fn serve_connection<S>(stream: S, app: Router, limits: Limits)
where
    S: AsyncRead + AsyncWrite + Unpin + Send + 'static,
{
    let service = hyper::service::service_fn(move |request: Request<Incoming>| {
        let app = app.clone();
        async move {
            let response = match app.oneshot(request).await {
                Ok(response) => response,
                Err(never) => match never {},
            };
            if response.extensions().get::<DropConnection>().is_some() {
                return Err(ConnectionDropped);
            }
            Ok(response)
        }
    });
    // The connection's own error (a dropped request, a client gone) is its end.
    // The header timeout also closes a keep-alive connection that idles
    // that long; a head past `max_head_bytes` is answered 431 by hyper.
    let _ = hyper::server::conn::http1::Builder::new()
        .timer(TokioTimer::new())
        .header_read_timeout(limits.header_timeout)
        .max_buf_size(limits.max_head_bytes.max(MIN_HEAD_BUFFER))
        .serve_connection(TokioIo::new(stream), service)
        .await;
}
