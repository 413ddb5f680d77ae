//! The admin side: moderators and admins, signed in through the Cognito user pool. The JSON
//! routes take the ID token as a bearer token; the pages take it from the session cookie.

use std::sync::Arc;

use axum::extract::FromRef;
use tellcare::accounts::UserPool;
use tellcare::auth::JwtVerifier;
use tellcare::signin::HostedUi;
use tellcare::store::Store;
use tellcare::web::{self, Route, delete, get, patch, post};
use tellcare::{aws::AwsClients, config::Config};

mod dashboard;
mod done;
mod editor;
mod moderation;
mod pages;
mod queue_page;
mod reports;
mod service_pages;
mod services;
mod session;
mod staff_story;
mod welcome;

/// The function's state, shared: axum clones it into each of its routes at a cold start, and
/// for every request.
#[derive(Clone)]
pub struct Admin(Arc<Parts>);

pub struct Parts {
    store: Store,
    /// Staff accounts, made when a member is added.
    accounts: UserPool,
    verifier: Arc<JwtVerifier>,
    hosted_ui: HostedUi,
    /// Cookies say `Secure` wherever the site is served over HTTPS (everywhere but locally).
    secure_cookies: bool,
    /// Days private parts are kept after a decision (the pages say so).
    retention_days: i64,
    /// Where the public site is, for the addresses of stories in an export.
    public_base_url: String,
}

impl Admin {
    pub fn new(config: &Config, aws: &AwsClients) -> Self {
        let verifier = Arc::new(JwtVerifier::new(config.jwt.clone()));
        Self(Arc::new(Parts {
            store: Store::new(aws.dynamodb.clone(), &config.table_name, &config.private_table_name).reading_private(),
            retention_days: config.retention_days,
            accounts: UserPool::new(&aws.sdk, &config.user_pool_id),
            hosted_ui: HostedUi::new(config),
            verifier,
            secure_cookies: config.public_base_url.starts_with("https://"),
            public_base_url: config.public_base_url.clone(),
        }))
    }
}

impl std::ops::Deref for Admin {
    type Target = Parts;

    fn deref(&self) -> &Parts {
        &self.0
    }
}

impl FromRef<Admin> for Arc<JwtVerifier> {
    fn from_ref(admin: &Admin) -> Self {
        admin.verifier.clone()
    }
}

pub fn routes() -> Vec<Route<Admin>> {
    vec![
        get("/admin/api/me", services::me),
        post("/admin/api/services", services::create_service),
        get("/admin/api/services/{id}", services::get_service),
        patch("/admin/api/services/{id}", services::update_service),
        post("/admin/api/services/{id}/responders", services::add_responder),
        delete("/admin/api/services/{id}/responders/{responder_id}", services::remove_responder),
        get("/admin/api/services/{id}/members", services::list_members),
        post("/admin/api/services/{id}/members", services::add_responder),
        delete("/admin/api/services/{id}/members/{responder_id}", services::remove_responder),
        get("/admin/api/services/{id}/changes", services::staff_changes),
        get("/admin/api/services/{id}/report", reports::report_json),
        get("/admin/api/services/{id}/report.csv", reports::report_csv_download),
        get("/admin/api/services/{id}/stories.csv", reports::stories_csv),
        post("/admin/api/stories", services::enter_story),
        get("/admin/api/queue", moderation::queue),
        get("/admin/api/stories/{id}", moderation::get_story),
        patch("/admin/api/stories/{id}", moderation::edit),
        post("/admin/api/stories/{id}/publish", moderation::publish),
        post("/admin/api/stories/{id}/reject", moderation::reject),
        post("/admin/api/stories/{id}/hold", moderation::hold),
        post("/admin/api/stories/{id}/contact-author", moderation::contact_author),
        post("/admin/api/stories/{id}/reopen", moderation::reopen),
        post("/admin/api/stories/{id}/erase-contact", moderation::erase_contact),
        post("/admin/api/stories/{id}/replies/{reply_id}/publish", moderation::publish_reply),
        post("/admin/api/stories/{id}/replies/{reply_id}/reject", moderation::reject_reply),
        // The pages: signed in by the session cookie, every form checked for its CSRF token.
        get("/admin", queue_page::queue_page).bilingual(),
        get("/admin/stories/{id}", editor::story_page).bilingual(),
        post("/admin/stories/{id}", editor::save_story).bilingual(),
        post("/admin/stories/{id}/{action}", editor::story_action).bilingual(),
        post("/admin/stories/{id}/replies/{reply_id}/{decision}", editor::decide_reply).bilingual(),
        get("/admin/services", service_pages::services_page).bilingual(),
        post("/admin/services", service_pages::add_service).bilingual(),
        get("/admin/services/{id}", service_pages::service_page).bilingual(),
        post("/admin/services/{id}", service_pages::change_service).bilingual(),
        post("/admin/services/{id}/responders", service_pages::add_responder).bilingual(),
        post("/admin/services/{id}/responders/{responder_id}/remove", service_pages::remove_responder).bilingual(),
        post("/admin/services/{id}/links", service_pages::make_link).bilingual(),
        get("/admin/services/{id}/report", reports::report_page).bilingual(),
        post("/admin/links/{slug}/switch", service_pages::switch_link).bilingual(),
        get("/staff", dashboard::dashboard).bilingual(),
        get("/staff/api/stories", dashboard::stories_json),
        post("/staff/alerts/{member_id}", dashboard::change_alerts).bilingual(),
        get("/staff/stories/{id}", staff_story::story_page).bilingual(),
        post("/staff/stories/{id}", staff_story::answer).bilingual(),
        post("/staff/stories/{id}/responses/{response_id}", staff_story::change_answer).bilingual(),
        post("/staff/stories/{id}/responses/{response_id}/delete", staff_story::delete_answer).bilingual(),
        get("/staff/welcome/{token}", welcome::welcome_page).bilingual(),
        post("/staff/welcome/{token}", welcome::set_password).bilingual(),
        get(web::SIGN_IN_PATH, session::login),
        get("/admin/callback", session::callback).bilingual(),
        post("/admin/logout", session::logout),
        get("/admin/signed-out", session::signed_out).bilingual(),
    ]
}

pub fn app(state: Admin) -> axum::Router {
    // Signing out is a form whose answer goes on to the hosted UI.
    let policy = web::policy_header(&[&state.hosted_ui.origin()]);
    web::router_with_policy(routes(), policy, state)
}
