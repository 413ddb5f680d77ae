//! API Gateway, locally: each request goes to the function the template routes it to, through
//! the template's JWT authorizer where it names one. A request no route matches gets API
//! Gateway's own 404, as it would in AWS.

use std::sync::Arc;

use axum::Router;
use axum::body::Body;
use axum::http::{Request, StatusCode};
use axum::response::{IntoResponse, Response};
use serde_json::json;
use tellcare::auth::JwtVerifier;
use tower::ServiceExt;

use crate::template::TemplateRoute;

pub struct GatewayRoute {
    pub route: TemplateRoute,
    pub function: Router,
}

pub struct Gateway {
    routes: Vec<GatewayRoute>,
    verifier: Arc<JwtVerifier>,
}

impl Gateway {
    pub fn new(routes: Vec<GatewayRoute>, verifier: Arc<JwtVerifier>) -> Self {
        Gateway { routes, verifier }
    }

    pub async fn dispatch(&self, request: Request<Body>) -> Response {
        let path = request.uri().path().to_owned();
        let method = request.method().as_str().to_owned();
        let Some(target) = self
            .routes
            .iter()
            .filter(|r| r.route.method == method || r.route.method == "ANY")
            .filter_map(|r| specificity(&r.route.path, &path).map(|s| (s, r)))
            .max_by_key(|(s, _)| *s)
            .map(|(_, r)| r)
        else {
            return (StatusCode::NOT_FOUND, axum::Json(json!({"message": "Not Found"}))).into_response();
        };
        if target.route.authorizer.is_some() && !self.authorized(request.headers()).await {
            return (StatusCode::UNAUTHORIZED, axum::Json(json!({"message": "Unauthorized"}))).into_response();
        }
        let mut request = request;
        let context = request_context(&request, &target.route);
        request.extensions_mut().insert(context);
        match target.function.clone().oneshot(request).await {
            Ok(response) => response,
            Err(never) => match never {},
        }
    }

    /// What an HttpApi JWT authorizer checks: a bearer token from the issuer, for the audience,
    /// unexpired and well signed. Groups are the function's business.
    async fn authorized(&self, headers: &axum::http::HeaderMap) -> bool {
        let Some(token) = headers
            .get(axum::http::header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer ").or_else(|| v.strip_prefix("bearer ")))
        else {
            return false;
        };
        self.verifier.verify(token.trim()).await.is_ok()
    }
}

/// How well a template path matches: `None` for no match, else the count of literal segments,
/// since API Gateway prefers the most literal route.
pub fn specificity(template: &str, path: &str) -> Option<usize> {
    let wanted: Vec<&str> = template.trim_end_matches('/').split('/').collect();
    let given: Vec<&str> = path.trim_end_matches('/').split('/').collect();
    if wanted.len() != given.len() {
        return None;
    }
    let mut literal = 0;
    for (w, g) in wanted.iter().zip(&given) {
        if w.starts_with('{') && w.ends_with('}') {
            if g.is_empty() {
                return None;
            }
        } else if w == g {
            literal += 1;
        } else {
            return None;
        }
    }
    Some(literal)
}

/// What API Gateway tells a function about a request beyond its HTTP: here, the route and the
/// client's address, which the functions read (for rate limits) from nowhere else.
fn request_context(request: &Request<Body>, route: &TemplateRoute) -> lambda_http::request::RequestContext {
    use lambda_http::aws_lambda_events::apigw::ApiGatewayV2httpRequestContext;
    let mut context = ApiGatewayV2httpRequestContext::default();
    context.route_key = Some(format!("{} {}", route.method, route.path));
    context.http.method = request.method().clone();
    context.http.path = Some(request.uri().path().to_owned());
    context.http.source_ip = request
        .extensions()
        .get::<axum::extract::ConnectInfo<std::net::SocketAddr>>()
        .map(|info| info.0.ip().to_string());
    lambda_http::request::RequestContext::ApiGatewayV2(context)
}

#[cfg(test)]
mod tests {
    use super::specificity;

    #[test]
    fn literal_segments_win_and_parameters_need_a_value() {
        let literal = specificity("/api/services/mine", "/api/services/mine");
        let parameter = specificity("/api/services/{id}", "/api/services/mine");
        assert!(literal > parameter && parameter.is_some());
        assert_eq!(specificity("/api/services/{id}", "/api/services/"), None);
        assert_eq!(specificity("/api/services/{id}", "/api/services/a/b"), None);
        assert_eq!(specificity("/", "/"), Some(1));
        assert_eq!(specificity("/tell/{slug}", "/tell/ab"), Some(2));
        assert_eq!(specificity("/tell/{slug}", "/tell"), None);
    }
}
