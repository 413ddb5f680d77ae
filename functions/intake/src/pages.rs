//! The pages of telling a story: the form, the thanks, and a link that takes no stories.

use askama::Template;
use tellcare::domain::service::Service;
use tellcare::web::ServiceChoice;

/// Why a link takes no stories, for [`LinkGonePage`].
pub enum GoneReason {
    Disabled,
    Deleted,
    ServiceArchived,
}

impl GoneReason {
    /// Its sentence in the catalogues, naming the service or not.
    pub fn message_id(&self, named: bool) -> &'static str {
        match (self, named) {
            (GoneReason::Disabled, true) => "link-gone-disabled-named",
            (GoneReason::Disabled, false) => "link-gone-disabled",
            (GoneReason::Deleted, true) => "link-gone-deleted-named",
            (GoneReason::Deleted, false) => "link-gone-deleted",
            (GoneReason::ServiceArchived, true) => "link-gone-archived-named",
            (GoneReason::ServiceArchived, false) => "link-gone-archived",
        }
    }
}

/// A link that takes no stories (410): says so plainly, and where else to go.
#[derive(Template)]
#[template(path = "link_gone.html")]
pub struct LinkGonePage<'a> {
    pub service: Option<&'a Service>,
    pub reason: GoneReason,
}

/// The "Tell your story" form, blank or as the person typed it with a message by each field
/// that needs correcting.
#[derive(Template)]
#[template(path = "tell_form.html")]
pub struct TellPage<'a> {
    /// Where the form posts: `/tell/{slug}` or `/tell`.
    pub action: String,
    /// The link's service, named at the top; `None` on the general form.
    pub service: Option<&'a Service>,
    pub welcome_message: Option<&'a str>,
    /// Whether the person chooses the services here (the general form).
    pub choose_services: bool,
    /// The services already chosen, sent again unseen: the form drawn without the table.
    pub kept_service_ids: &'a [String],
    /// The general form's services to choose from, and the search that chose them.
    pub choices: Vec<ServiceChoice>,
    pub query: &'a str,
    pub values: &'a tellcare::domain::story::StoryInput,
    pub errors: &'a [tellcare::domain::FieldError],
    pub form_token: &'a str,
}

impl TellPage<'_> {
    pub fn error(&self, field: &str) -> Option<&tellcare::domain::Message> {
        tellcare::domain::message_for(self.errors, field)
    }

    pub fn whens(&self) -> &'static [tellcare::domain::story::When] {
        tellcare::domain::story::When::ALL
    }

    pub fn roles(&self) -> &'static [tellcare::domain::story::AuthorRole] {
        tellcare::domain::story::AuthorRole::ALL
    }

    /// The page's title: a failed form says so first, as screen readers read titles first.
    pub fn title(&self) -> String {
        let base = match self.service {
            Some(service) => tellcare::ta("tell-title-about", "service", &service.name),
            None => tellcare::t("tell-title"),
        };
        if self.errors.is_empty() { base } else { tellcare::ta("tell-error-prefix", "title", base) }
    }
}

/// After a story is sent: its reference and what happens next.
#[derive(Template)]
#[template(path = "thanks.html")]
pub struct ThanksPage<'a> {
    pub reference: Option<&'a str>,
    pub service_name: Option<&'a str>,
    pub survey_url: Option<&'a str>,
}
