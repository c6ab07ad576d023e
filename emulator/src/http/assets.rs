//! Pages and scripts built into the binary: the emulated `BX24.js`, and the
//! portal page that frames an app (`/portal`).

use axum::body::Bytes;
use axum::http::header;
use axum::response::IntoResponse;
use axum::routing::{get, MethodRouter};

/// The script served at `/bx24.js`.
const BX24_JS: &str = include_str!("../../assets/bx24.js");
/// The page served at `/portal`.
const PORTAL_HTML: &str = include_str!("../../assets/portal.html");
/// Its script, served at `/portal.js`.
const PORTAL_JS: &str = include_str!("../../assets/portal.js");

/// The portal page runs no inline or eval'd script, talks only to this
/// server, and may frame any http(s) app.
const PORTAL_CSP: &str =
    "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; \
                          frame-src http: https:; base-uri 'none'; form-action 'none'";

/// `GET /bx24.js`: the emulated library, or the file given with `--bx24-js`.
pub(super) fn bx24_js_route<S: Clone + Send + Sync + 'static>(
    custom: Option<String>,
) -> MethodRouter<S> {
    match custom {
        None => get(|| async { script(BX24_JS) }),
        Some(text) => {
            let text = Bytes::from(text);
            get(move || {
                let text = text.clone();
                async move { script(text) }
            })
        }
    }
}

/// `GET /portal.js`.
pub(super) async fn portal_js() -> impl IntoResponse {
    script(PORTAL_JS)
}

/// `GET /portal?app=<URL>&user=<id>&placement=<code>`: the page does the rest.
pub(super) async fn portal() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/html; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
            (header::CONTENT_SECURITY_POLICY, PORTAL_CSP),
        ],
        PORTAL_HTML,
    )
}

fn script(text: impl IntoResponse) -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        text,
    )
}
