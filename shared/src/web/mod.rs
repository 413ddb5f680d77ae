//! What every HTTP function shares: the route table, extractors and page rendering.

mod access;
mod edge;
mod extract;
mod headers;
mod language;
mod limit;
mod pages;
pub mod params;
mod refusals;
mod respond_page;
mod routes;

pub use access::{access, check_manages, check_manages_any, managed_service, not_yours};
pub use edge::{ORIGIN_HEADER, OriginSecret, behind_edge};
pub use extract::{
    ADMIN_COOKIE, HtmlForm, Json, SIGN_IN_PATH, SessionCookie, SignedIn, StaffUser, cookie, cookie_in, idempotency_key,
    no_service, service_id, set_cookie,
};
pub use headers::{POSTER_CSS, SITE_CSS, policy_header};
pub use language::{LANGUAGE_COOKIE, address_in, choose_language, in_own_language, language_chosen};
pub use limit::{ClientAddress, RateLimiter};
pub use pages::{AdminNav, NoticePage, Page, PageError, ServiceChoice, cacheable, long_date, no_store, render};
pub use respond_page::RespondPage;
pub use routes::{Route, RouteSpec, delete, get, patch, post, router, router_with_policy};
