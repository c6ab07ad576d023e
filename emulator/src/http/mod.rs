//! The HTTP face of the portal: routes, and which of them browsers on other
//! origins may call.

mod admin;
mod assets;
mod body;
mod oauth;
mod rest;
pub(crate) mod server;
mod tls;

mod cors;

use std::sync::Arc;

use axum::middleware;
use axum::routing::{get, post};
use axum::Router;
use tower_http::services::ServeDir;

use crate::config::Config;
use crate::state::Portal;

/// All routes of the emulated portal.
pub(crate) fn router(portal: Arc<Portal>, config: &Config) -> Router {
    // Placement pages on other origins call these, as they call a real
    // portal, which answers them with its own CORS headers (see `cors`).
    let portal_api = Router::new()
        .route(
            "/rest/{method}",
            get(rest::oauth_call).post(rest::oauth_call),
        )
        .route(
            "/rest/{user}/{token}/{method}",
            get(rest::webhook_call).post(rest::webhook_call),
        )
        .route("/oauth/token", get(oauth::token).post(oauth::token))
        .route("/oauth/token/", get(oauth::token).post(oauth::token))
        .layer(middleware::from_fn(cors::portal));
    // Hands out tokens without credentials: never to any origin, only to
    // pages on loopback (the developer's own apps).
    let placement = Router::new()
        .route("/placement/auth", get(oauth::placement_auth))
        .layer(middleware::from_fn(cors::loopback_only));
    let mut app = Router::new()
        .merge(portal_api)
        .merge(placement)
        .route("/bx24.js", assets::bx24_js_route(config.bx24_js.clone()))
        .route("/portal", get(assets::portal))
        .route("/portal.js", get(assets::portal_js));
    if config.admin {
        // No CORS at all: other origins can neither read nor (see
        // `admin::json_only`) change anything here.
        let admin = Router::new()
            .route("/admin/statuses", get(admin::statuses))
            .route(
                "/admin/requests",
                get(admin::requests).delete(admin::clear_requests),
            )
            .route("/admin/faults", get(admin::faults).post(admin::set_faults))
            .route("/admin/reset", post(admin::reset))
            .route("/admin/expire-tokens", post(admin::expire_tokens))
            .layer(middleware::from_fn(admin::json_only));
        app = app.merge(admin);
    }
    if let Some(pkg) = &config.pkg {
        app = app.nest_service("/pkg", ServeDir::new(pkg));
    }
    if let Some(www) = &config.www {
        app = app.fallback_service(ServeDir::new(www));
    }
    app.with_state(portal)
}
