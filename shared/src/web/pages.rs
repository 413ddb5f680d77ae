//! Server-rendered pages: askama templates compiled into the binary (a template mistake fails
//! the build, not a request), all on one layout.

use askama::Template;
use axum::http::{HeaderValue, StatusCode, header};
use axum::response::{Html, IntoResponse, Response};

use crate::AppError;
use crate::domain::link::Link;
use crate::domain::service::{Service, ServiceNode};

/// A rendered page, answered as `text/html; charset=utf-8`.
pub struct Page(pub String);

impl IntoResponse for Page {
    fn into_response(self) -> Response {
        Html(self.0).into_response()
    }
}

pub fn render(template: &impl Template) -> Result<Page, AppError> {
    template.render().map(Page).map_err(AppError::internal)
}

/// A page never to be cached: it carries what a person typed, private details, or tokens.
pub fn no_store(mut response: Response) -> Response {
    response.headers_mut().insert(header::CACHE_CONTROL, HeaderValue::from_static("no-store"));
    response
}

/// An error from an HTML route, answered as a page a person can act on, with the status the
/// same error would have in JSON.
#[derive(Debug)]
pub struct PageError(pub AppError);

impl From<AppError> for PageError {
    fn from(err: AppError) -> Self {
        PageError(err)
    }
}

#[derive(Template)]
#[template(path = "error.html")]
struct ErrorPage<'a> {
    title: &'a str,
    message: String,
    sign_in: bool,
}

impl IntoResponse for PageError {
    fn into_response(self) -> Response {
        let err = self.0;
        err.log();
        let title = match err.status() {
            StatusCode::NOT_FOUND => "Page not found",
            StatusCode::UNAUTHORIZED => "Sign in to continue",
            StatusCode::FORBIDDEN => "You cannot see this page",
            StatusCode::GONE => "This page is no longer here",
            StatusCode::SERVICE_UNAVAILABLE | StatusCode::TOO_MANY_REQUESTS => "Please try again in a moment",
            status if status.is_client_error() => "There is a problem with this request",
            _ => "Sorry, something went wrong",
        };
        // A bad parameter of a page says what to change, as a field of a form would.
        let message = match &err {
            AppError::Invalid(fields) => fields.iter().map(|f| f.message.as_str()).collect::<Vec<_>>().join(" "),
            _ => err.public_message(),
        };
        let page =
            ErrorPage { title, message, sign_in: matches!(err, AppError::Unauthorized(_) | AppError::Forbidden(_)) };
        let html = page.render().unwrap_or_else(|_| title.to_owned());
        let mut response = (err.status(), Html(html)).into_response();
        if let Some(seconds) = err.retry_after() {
            response.headers_mut().insert(header::RETRY_AFTER, HeaderValue::from(seconds));
        }
        response
    }
}

/// Why a link takes no stories, for [`LinkGonePage`].
pub enum GoneReason {
    Disabled,
    Deleted,
    ServiceArchived,
}

/// A link that takes no stories (410): says so plainly, and where else to go.
#[derive(Template)]
#[template(path = "link_gone.html")]
pub struct LinkGonePage<'a> {
    pub service: Option<&'a Service>,
    pub reason: GoneReason,
}

/// A printable A4 poster for one invitation link.
#[derive(Template)]
#[template(path = "poster.html")]
pub struct PosterPage<'a> {
    pub service_name: &'a str,
    /// The QR code as an inline SVG, made by [`crate::qr`].
    pub qr_svg: &'a str,
    /// The address without its scheme, for people who type it: `stories.example.org/tell/abcd2345`.
    pub short_address: &'a str,
}

/// One row of the admin links page.
pub struct LinkRow<'a> {
    pub link: &'a Link,
    pub address: String,
    pub state: &'static str,
}

/// A service's invitation links for staff: each with its QR code, counts and poster.
#[derive(Template)]
#[template(path = "admin_links.html")]
pub struct AdminLinksPage<'a> {
    pub service: &'a Service,
    pub links: Vec<LinkRow<'a>>,
}

/// The front page: what Tellcare is, and the services on it.
#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage<'a> {
    services: Vec<TreeMark<'a>>,
}

impl<'a> HomePage<'a> {
    pub fn new(services: &'a [ServiceNode]) -> Self {
        Self { services: tree_marks(services) }
    }
}

/// A tree as the marks of nested lists, since templates cannot recurse.
pub enum TreeMark<'a> {
    Open,
    Item(&'a str),
    EndItem,
    Close,
}

fn tree_marks(nodes: &[ServiceNode]) -> Vec<TreeMark<'_>> {
    let mut marks = Vec::new();
    push_marks(nodes, &mut marks);
    marks
}

fn push_marks<'a>(nodes: &'a [ServiceNode], marks: &mut Vec<TreeMark<'a>>) {
    if nodes.is_empty() {
        return;
    }
    marks.push(TreeMark::Open);
    for node in nodes {
        marks.push(TreeMark::Item(&node.name));
        push_marks(&node.children, marks);
        marks.push(TreeMark::EndItem);
    }
    marks.push(TreeMark::Close);
}

/// A service a person may tick on the general form.
pub struct ServiceChoice {
    pub id: String,
    pub name: String,
    pub checked: bool,
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
    pub values: &'a crate::domain::story::StoryInput,
    pub errors: &'a [crate::domain::FieldError],
    pub form_token: &'a str,
}

impl TellPage<'_> {
    pub fn error(&self, field: &str) -> Option<&str> {
        crate::domain::message_for(self.errors, field)
    }

    pub fn whens(&self) -> &'static [crate::domain::story::When] {
        crate::domain::story::When::ALL
    }

    pub fn roles(&self) -> &'static [crate::domain::story::AuthorRole] {
        crate::domain::story::AuthorRole::ALL
    }

    /// The page's title: a failed form says so first, as screen readers read titles first.
    pub fn title(&self) -> String {
        let base = match self.service {
            Some(service) => format!("Tell your story about {}", service.name),
            None => "Tell your story".to_owned(),
        };
        if self.errors.is_empty() { base } else { format!("Error: {base}") }
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

/// A published story, opened from a responder's emailed link: the story, the answers so far,
/// and the form to answer; the responder's own answers can be changed for 30 minutes.
#[derive(Template)]
#[template(path = "respond.html")]
pub struct RespondPage<'a> {
    /// The link's token, for the forms' addresses: the holder has it already.
    pub token: &'a str,
    pub story: &'a crate::domain::story::Story,
    pub service_name: Option<&'a str>,
    pub responses: &'a [crate::domain::response::Answer],
    /// The responder holding the link.
    pub own: Option<crate::domain::ResponderId>,
    pub now: time::OffsetDateTime,
    pub values: &'a crate::domain::response::ResponseInput,
    pub errors: &'a [crate::domain::FieldError],
    pub notice: Option<&'a str>,
    /// The new answer's one-time token: a second send of the same form publishes nothing.
    pub form_token: &'a str,
}

impl RespondPage<'_> {
    pub fn error(&self, field: &str) -> Option<&str> {
        crate::domain::message_for(self.errors, field)
    }

    pub fn changes(&self) -> &'static [crate::domain::response::Change] {
        crate::domain::response::Change::ALL
    }

    /// Whether this answer is the link holder's, and may still be changed.
    pub fn may_change(&self, response: &crate::domain::response::Answer) -> bool {
        Some(response.responder_id) == self.own && response.editable(self.now)
    }

    pub fn published(&self) -> bool {
        self.story.status() == crate::domain::story::StoryStatus::Published
    }
}

/// The author's own view of their story, opened from their emailed link.
#[derive(Template)]
#[template(path = "my_story.html")]
pub struct MyStoryPage<'a> {
    pub token: &'a str,
    pub story: &'a crate::domain::story::Story,
    pub responses: &'a [crate::domain::response::Answer],
    pub replies: &'a [crate::domain::response::Reply],
    /// The reply as typed, when it must be corrected.
    pub reply: &'a str,
    pub errors: &'a [crate::domain::FieldError],
    pub notice: Option<&'a str>,
    /// The reply's one-time token, as the answer's.
    pub form_token: &'a str,
}

impl MyStoryPage<'_> {
    pub fn error(&self, field: &str) -> Option<&str> {
        crate::domain::message_for(self.errors, field)
    }

    pub fn withdrawn(&self) -> bool {
        self.story.status() == crate::domain::story::StoryStatus::Withdrawn
    }

    pub fn reply_waits(&self, reply: &crate::domain::response::Reply) -> bool {
        reply.status == crate::domain::response::ReplyStatus::AwaitingModeration
    }

    pub fn reply_published(&self, reply: &crate::domain::response::Reply) -> bool {
        reply.status == crate::domain::response::ReplyStatus::Published
    }

    /// Where the story is, in plain words.
    pub fn status_words(&self) -> &'static str {
        use crate::domain::story::StoryStatus::*;
        match self.story.status() {
            AwaitingModeration => "A moderator is reading your story. We will email you when it is published.",
            OnHold => "A moderator is checking something before your story is published.",
            AwaitingAuthor => {
                "A moderator has asked you a question by email. Answer it below, and your story goes back to them."
            }
            Published => "Your story is published. The staff of the service can answer it in public.",
            Rejected => "We could not publish your story. We have emailed you why.",
            Withdrawn => "You withdrew your story. It is no longer on the website.",
        }
    }
}

/// A date as people read it: `22 November 2026`.
pub fn long_date(at: &time::OffsetDateTime) -> String {
    let format = time::macros::format_description!("[day padding:none] [month repr:long] [year]");
    at.format(format).unwrap_or_default()
}

/// An answer or a reply on a story's public page.
pub struct TimelineEntry<'a> {
    /// The anchor: `response-{id}` or `reply-{id}`.
    pub id: String,
    pub heading: String,
    /// An answer's "Change planned" and the like; none for a reply.
    pub change: Option<&'static str>,
    pub body: &'a str,
    pub at: time::OffsetDateTime,
}

/// A published story, its services, and its answers and replies in the order they came.
#[derive(Template)]
#[template(path = "story.html")]
pub struct PublicStoryPage<'a> {
    pub title: &'a str,
    pub body: &'a str,
    /// Each service's id and name.
    pub services: Vec<(String, &'a str)>,
    pub role: &'static str,
    pub when: &'static str,
    pub username: &'a str,
    pub published_at: time::OffsetDateTime,
    pub timeline: Vec<TimelineEntry<'a>>,
    pub canonical: &'a str,
}

impl PublicStoryPage<'_> {
    /// The search engines' summary: the story's start.
    pub fn description(&self) -> String {
        summary(self.body)
    }
}

/// The start of a text, at most 155 characters, cut at a word.
fn summary(text: &str) -> String {
    if text.chars().count() <= 155 {
        return text.to_owned();
    }
    let cut: String = text.chars().take(154).collect();
    format!("{}…", cut.rsplit_once(' ').map_or(cut.as_str(), |(head, _)| head))
}

/// A service, the services under it, and its published stories, newest first.
#[derive(Template)]
#[template(path = "service.html")]
pub struct PublicServicePage<'a> {
    pub node: &'a ServiceNode,
    /// Each story's id and what the page shows of it.
    pub listings: Vec<(String, &'a crate::store::ServiceListing)>,
    /// Whether this is a later page than the first.
    pub later: bool,
    /// The cursor of the older stories, if there are more.
    pub older: Option<String>,
    pub canonical: &'a str,
}

impl PublicServicePage<'_> {
    pub fn description(&self) -> String {
        summary(
            self.node.description.as_deref().unwrap_or("Stories of care, and the answers of the people who give it."),
        )
    }
}

/// An emailed link past its time (410), with a button that emails a new one.
#[derive(Template)]
#[template(path = "link_expired.html")]
pub struct LinkExpiredPage<'a> {
    pub days: i64,
    /// Where the button posts: `/respond/{token}/renew` or `/my-story/{token}/renew`.
    pub renew: &'a str,
}

/// A page that says one thing and leads on: signed in (going on by itself), signed out.
#[derive(Template)]
#[template(path = "notice.html")]
pub struct NoticePage<'a> {
    pub title: &'a str,
    pub message: &'a str,
    pub link_to: &'a str,
    pub link_text: &'a str,
    /// Goes on to this address at once: a page of our own must start the request, so the
    /// browser sends the `SameSite=Strict` session cookie with it.
    pub refresh_to: Option<&'a str>,
}
