//! The emulated `BX24.js`, built into the binary.

use axum::http::header;
use axum::response::IntoResponse;

/// The script served at `/bx24.js`.
const BX24_JS: &str = include_str!("../../assets/bx24.js");

/// `GET /bx24.js`.
pub(super) async fn bx24_js() -> impl IntoResponse {
    (
        [
            (header::CONTENT_TYPE, "text/javascript; charset=utf-8"),
            (header::CACHE_CONTROL, "no-cache"),
        ],
        BX24_JS,
    )
}
