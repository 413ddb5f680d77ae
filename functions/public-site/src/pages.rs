//! The public pages: the front page, a story with its answers, a service with its stories.

use askama::Template;
use tellcare::domain::report::PublicRecord;
use tellcare::domain::service::ServiceNode;

/// The front page: what Tellcare is, a search box, the latest published stories with their
/// answers, and the services on it, each linked to its page.
#[derive(Template)]
#[template(path = "home.html")]
pub struct HomePage<'a> {
    services: Vec<TreeMark<'a>>,
    latest: &'a [tellcare::store::FeedEntry],
}

impl<'a> HomePage<'a> {
    pub fn new(services: &'a [ServiceNode], latest: &'a [tellcare::store::FeedEntry]) -> Self {
        Self { services: tree_marks(services), latest }
    }

    pub fn excerpt(&self, text: &str) -> String {
        summary(text)
    }
}

/// A tree as the marks of nested lists, since templates cannot recurse.
pub enum TreeMark<'a> {
    Open,
    /// A service's id and name.
    Item(String, &'a str),
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
        marks.push(TreeMark::Item(node.id.to_string(), &node.name));
        push_marks(&node.children, marks);
        marks.push(TreeMark::EndItem);
    }
    marks.push(TreeMark::Close);
}

/// An answer or a reply on a story's public page.
pub struct TimelineEntry<'a> {
    /// The anchor: `response-{id}` or `reply-{id}`.
    pub id: String,
    pub heading: String,
    /// An answer's "Change planned" and the like; none for a reply.
    pub change: Option<tellcare::domain::Message>,
    pub body: &'a str,
    pub language: tellcare::domain::Language,
    pub at: time::OffsetDateTime,
}

/// A published story, its services, and its answers and replies in the order they came.
#[derive(Template)]
#[template(path = "story.html")]
pub struct PublicStoryPage<'a> {
    pub title: &'a str,
    pub body: &'a str,
    pub language: tellcare::domain::Language,
    /// Each service's id and name.
    pub services: Vec<(String, &'a str)>,
    pub role: tellcare::domain::Message,
    pub when: tellcare::domain::Message,
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
pub fn summary(text: &str) -> String {
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
    pub listings: Vec<(String, &'a tellcare::store::ServiceListing)>,
    /// Whether this is a later page than the first.
    pub later: bool,
    /// The cursor of the older stories, if there are more.
    pub older: Option<String>,
    pub canonical: &'a str,
    /// The last twelve months, on the first page.
    pub record: Option<RecordView>,
}

/// What a service did with its stories in the last twelve months, as its public page says it.
pub struct RecordView {
    pub published: usize,
    /// "75%" of the published stories answered, or none when nothing was published.
    pub response_rate: Option<String>,
    pub changes_made: usize,
}

impl RecordView {
    pub fn of(record: &PublicRecord) -> RecordView {
        RecordView {
            published: record.published,
            response_rate: record.response_rate.map(|r| format!("{:.0}%", r * 100.0)),
            changes_made: record.changes_made,
        }
    }
}

impl PublicServicePage<'_> {
    pub fn description(&self) -> String {
        summary(
            self.node.description.as_deref().unwrap_or("Stories of care, and the answers of the people who give it."),
        )
    }
}
