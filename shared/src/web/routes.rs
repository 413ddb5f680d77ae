//! A function's routes as a table: the same list builds its axum router and tells the tests
//! (and the local stack) which method and path it serves, to compare with the SAM template.

use std::collections::BTreeMap;
use std::time::Instant;

use axum::Router;
use axum::extract::{DefaultBodyLimit, MatchedPath, Request};
use axum::handler::Handler;
use axum::http::{HeaderValue, Method};
use axum::middleware::{self, Next};
use axum::response::{IntoResponse, Response};
use axum::routing::{MethodFilter, MethodRouter, on};

use super::headers;
use crate::AppError;

/// The largest request body any route accepts; larger ones get 413 before they are parsed.
pub const BODY_LIMIT: usize = 64 * 1024;

/// A method and path as API Gateway writes them: `GET /api/services/{id}`.
#[derive(Clone, Debug, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct RouteSpec {
    pub method: Method,
    pub path: &'static str,
}

impl std::fmt::Display for RouteSpec {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        write!(f, "{} {}", self.method, self.path)
    }
}

pub struct Route<S> {
    pub spec: RouteSpec,
    handler: MethodRouter<S>,
}

fn route<H, T, S>(method: Method, path: &'static str, handler: H) -> Route<S>
where
    H: Handler<T, S>,
    T: 'static,
    S: Clone + Send + Sync + 'static,
{
    let filter = MethodFilter::try_from(method.clone()).expect("only standard methods are routed");
    Route { spec: RouteSpec { method, path }, handler: on(filter, handler) }
}

macro_rules! method_fn {
    ($name:ident, $method:ident) => {
        pub fn $name<H, T, S>(path: &'static str, handler: H) -> Route<S>
        where
            H: Handler<T, S>,
            T: 'static,
            S: Clone + Send + Sync + 'static,
        {
            route(Method::$method, path, handler)
        }
    };
}

impl<S: Clone + Send + Sync + 'static> Route<S> {
    /// The route's pages in English and in Welsh, the language chosen by
    /// [`choose_language`](super::choose_language); a route without it answers in English.
    pub fn bilingual(self) -> Self {
        Route { spec: self.spec, handler: self.handler.layer(middleware::from_fn(super::choose_language)) }
    }
}

method_fn!(get, GET);
method_fn!(post, POST);
method_fn!(patch, PATCH);
method_fn!(delete, DELETE);

/// Builds a function's router from its table and its state, with the answers every function
/// shares: 404 and 405 in the error format, a body limit, the security headers, and one log line
/// per request that names the route template, never the raw path (paths can carry tokens).
pub fn router<S>(routes: Vec<Route<S>>, state: S) -> Router
where
    S: Clone + Send + Sync + 'static,
{
    router_with_policy(routes, headers::DEFAULT_POLICY.clone(), state)
}

/// [`router`], for a function whose forms may lead elsewhere (signing out at the hosted UI).
pub fn router_with_policy<S>(routes: Vec<Route<S>>, policy: HeaderValue, state: S) -> Router
where
    S: Clone + Send + Sync + 'static,
{
    // One method router per path, so each path has one 405 fallback.
    let mut by_path: BTreeMap<&'static str, MethodRouter<S>> = BTreeMap::new();
    for route in routes {
        let merged = match by_path.remove(route.spec.path) {
            Some(earlier) => earlier.merge(route.handler),
            None => route.handler,
        };
        by_path.insert(route.spec.path, merged);
    }
    let mut router = Router::new();
    for (path, handlers) in by_path {
        router = router.route(
            path,
            handlers.fallback(|method: Method| async move { AppError::MethodNotAllowed(method.to_string()) }),
        );
    }
    let routed = router
        .route_layer(middleware::from_fn(log_request))
        .fallback(|| async { AppError::NotFound(crate::i18n::text("error-nothing-here")) })
        .with_state(state);
    // The layers every answer passes through wrap the routed whole once: `Router::layer` would
    // wrap each route's handlers, a cost paid by every cold start (docs/PERFORMANCE.md).
    Router::new()
        .fallback_service(routed)
        .layer(DefaultBodyLimit::max(BODY_LIMIT))
        .layer(middleware::from_fn_with_state(policy, headers::secure))
}

async fn log_request(request: Request, next: Next) -> Response {
    let started = Instant::now();
    let method = request.method().clone();
    let route = request.extensions().get::<MatchedPath>().map(|p| p.as_str().to_owned());
    let response = next.run(request).await.into_response();
    tracing::info!(
        %method,
        route = route.as_deref().unwrap_or("unrouted"),
        status = response.status().as_u16(),
        millis = started.elapsed().as_millis() as u64,
        "request"
    );
    response
}
