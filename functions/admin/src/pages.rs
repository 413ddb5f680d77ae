//! The pages of the admin side: the moderation queue, the story editor, and the services with
//! their responders and links.

use askama::Template;
use tellcare::web::{AdminNav, ServiceChoice};
use time::OffsetDateTime;

use tellcare::domain::FieldError;
use tellcare::domain::hints::{FieldHint, HintKind};
use tellcare::domain::link::Link;
use tellcare::domain::moderation::{Action, AuditEntry, criticality_label};
use tellcare::domain::record::StoryRecord;
use tellcare::domain::responder::Responder;
use tellcare::domain::service::Service;
use tellcare::domain::story::{Channel, StoryStatus};

/// One story in the queue.
pub struct QueueRow {
    pub id: String,
    pub title: String,
    /// How long it has waited, in words.
    pub age: String,
    pub services: String,
    pub channel: tellcare::domain::Message,
    /// The kinds of identification hint found, in words; empty when none.
    pub hints: String,
}

#[derive(Template)]
#[template(path = "admin/queue.html")]
pub struct QueuePage<'a> {
    pub nav: AdminNav,
    /// Authors' replies waiting to be read: each story's id, and how long it has waited.
    pub replies: Vec<(String, String)>,
    pub status: StoryStatus,
    pub tabs: &'static [StoryStatus],
    pub rows: Vec<QueueRow>,
    pub services: &'a [Service],
    pub channels: &'static [Channel],
    pub service_filter: &'a str,
    pub channel_filter: &'a str,
    /// The cursor of the next page, when this one is full.
    pub next: Option<String>,
    pub per_page: usize,
}

/// What the editor's fields hold: the story as stored, or as the moderator typed it.
#[derive(Clone, Debug, Default)]
pub struct EditorValues {
    pub title: String,
    pub body: String,
    pub tags: String,
    pub criticality: String,
    pub note: String,
    pub reason: String,
    pub message: String,
}

/// A run of the story's text: plain, or marked as something that may identify someone.
pub struct Marked {
    pub text: String,
    pub kind: Option<HintKind>,
}

/// `text` cut into runs at its hints (positions in characters, in order, not overlapping).
pub fn marked(text: &str, hints: &[tellcare::domain::hints::Hint]) -> Vec<Marked> {
    let chars: Vec<char> = text.chars().collect();
    let mut runs = Vec::new();
    let mut at = 0;
    for hint in hints {
        runs.push(Marked { text: chars[at..hint.start].iter().collect(), kind: None });
        runs.push(Marked { text: chars[hint.start..hint.end].iter().collect(), kind: Some(hint.kind) });
        at = hint.end;
    }
    runs.push(Marked { text: chars[at..].iter().collect(), kind: None });
    runs
}

#[derive(Template)]
#[template(path = "admin/story.html")]
pub struct StoryEditorPage<'a> {
    pub nav: AdminNav,
    pub record: &'a StoryRecord,
    pub told: String,
    pub values: EditorValues,
    pub choices: Vec<ServiceChoice>,
    pub hints: Vec<FieldHint>,
    /// The moderated story's body, with its hints marked.
    pub marked_body: Vec<Marked>,
    pub errors: &'a [FieldError],
    pub notice: Option<tellcare::domain::Message>,
    /// Set when someone else changed the story first: what they did since the moderator read it.
    pub conflict: Option<String>,
    pub since: Vec<&'a AuditEntry>,
    pub levels: Vec<(u8, tellcare::domain::Message)>,
    /// How long private parts are kept after a decision, to say why they are gone.
    pub retention_days: i64,
}

impl StoryEditorPage<'_> {
    pub fn error(&self, field: &str) -> Option<&tellcare::domain::Message> {
        tellcare::domain::message_for(self.errors, field)
    }

    /// Whether the story's status lets this button be offered.
    pub fn allows(&self, action: &str) -> bool {
        Action::parse(action).is_some_and(|a| a.next_status(self.record.story.status()).is_ok())
    }

    pub fn reply_waits(&self, reply: &tellcare::domain::response::Reply) -> bool {
        reply.status == tellcare::domain::response::ReplyStatus::AwaitingModeration
    }

    pub fn reply_state(&self, reply: &tellcare::domain::response::Reply) -> String {
        use tellcare::domain::response::ReplyStatus::*;
        tellcare::t(match reply.status {
            AwaitingModeration => "editor-reply-waiting",
            Published => "editor-reply-published",
            Rejected => "editor-reply-rejected",
        })
    }

    /// Where a hint stands: its kind, the field and the character it starts at.
    pub fn hint_place(&self, hint: &FieldHint) -> String {
        let (kind, start) = (hint.hint.kind.label().to_string(), hint.hint.start.to_string());
        tellcare::i18n::text_with("editor-hint-place", &[("kind", &kind), ("field", hint.field), ("start", &start)])
    }

    pub fn at(&self, at: &OffsetDateTime) -> String {
        format!("{} {:02}:{:02} UTC", at.date(), at.hour(), at.minute())
    }
}

/// Criticality's scale, as the editor offers it.
pub fn criticality_levels() -> Vec<(u8, tellcare::domain::Message)> {
    (0..=tellcare::domain::Criticality::MAX).map(|level| (level, criticality_label(level))).collect()
}

/// A service in the tree, with its depth for indenting.
pub struct ServiceRow<'a> {
    pub depth: usize,
    pub service: &'a Service,
}

/// The add-service form as typed.
#[derive(Clone, Debug, Default)]
pub struct ServiceValues {
    pub name: String,
    pub parent_id: String,
    pub description: String,
    /// `en` or `cy`, of its pages and posters; empty before anything was typed (English).
    pub language: String,
}

#[derive(Template)]
#[template(path = "admin/services.html")]
pub struct ServicesPage<'a> {
    pub nav: AdminNav,
    pub rows: Vec<ServiceRow<'a>>,
    pub values: ServiceValues,
    pub errors: &'a [FieldError],
}

impl ServicesPage<'_> {
    pub fn error(&self, field: &str) -> Option<&tellcare::domain::Message> {
        tellcare::domain::message_for(self.errors, field)
    }
}

/// The add-responder form as typed.
#[derive(Clone, Debug, Default)]
pub struct ResponderValues {
    pub name: String,
    pub job_title: String,
    pub email: String,
    /// `responder` or `service_admin`; empty before anything was typed (a responder).
    pub role: String,
    /// `en` or `cy`, of their emails; empty before anything was typed (English).
    pub language: String,
}

/// The new-link form as typed.
#[derive(Clone, Debug, Default)]
pub struct LinkValues {
    pub label: String,
    pub welcome_message: String,
    /// `en` or `cy`, of its page and poster; empty before anything was typed (English).
    pub language: String,
}

#[derive(Template)]
#[template(path = "admin/service.html")]
pub struct ServicePage<'a> {
    pub nav: AdminNav,
    pub service: &'a Service,
    /// The service's own fields, as stored or as typed.
    pub about: ServiceValues,
    pub responders: &'a [Responder],
    pub links: &'a [Link],
    pub responder: ResponderValues,
    pub link: LinkValues,
    pub errors: &'a [FieldError],
    pub notice: Option<tellcare::domain::Message>,
    /// Its staff trail, newest first.
    pub changes: &'a [tellcare::domain::staff_change::ChangeEntry],
}

impl ServicePage<'_> {
    pub fn when(&self, entry: &tellcare::domain::staff_change::ChangeEntry) -> String {
        let time = time::macros::format_description!("[hour]:[minute]");
        let date = tellcare::web::long_date(&entry.at);
        let time = entry.at.format(time).unwrap_or_default();
        tellcare::i18n::text_with("service-change-at", &[("date", &date), ("time", &time)])
    }

    /// A change in words: what happened, then what it changed.
    pub fn summary(&self, entry: &tellcare::domain::staff_change::ChangeEntry) -> String {
        let (head, parts) = entry.change.summary();
        if parts.is_empty() {
            return head.to_string();
        }
        let parts: Vec<String> = parts.iter().map(ToString::to_string).collect();
        format!("{head}: {}", parts.join("; "))
    }

    /// Why nothing more is sent to a member's address.
    pub fn suppressed(&self, suppression: &tellcare::domain::responder::Suppression) -> String {
        let date = suppression.at.date().to_string();
        tellcare::i18n::text_with("service-suppressed", &[("reason", &suppression.reason), ("date", &date)])
    }

    pub fn error(&self, field: &str) -> Option<&tellcare::domain::Message> {
        tellcare::domain::message_for(self.errors, field)
    }
}

/// The services as a tree, parents before children, each with its depth.
/// The services as indented rows. A branch of the tree (a service admin's) starts at its top:
/// a service whose parent is not among them is a root here.
pub fn service_rows(services: &[Service]) -> Vec<ServiceRow<'_>> {
    fn walk<'a>(
        services: &'a [Service],
        parent: Option<tellcare::domain::ServiceId>,
        depth: usize,
        rows: &mut Vec<ServiceRow<'a>>,
    ) {
        let is_root = |s: &Service| s.parent_id.is_none_or(|p| !services.iter().any(|o| o.id == p));
        let mut children: Vec<&Service> =
            services.iter().filter(|s| if parent.is_none() { is_root(s) } else { s.parent_id == parent }).collect();
        children.sort_by_key(|s| s.name.to_lowercase());
        for service in children {
            rows.push(ServiceRow { depth: depth.min(4), service });
            walk(services, Some(service.id), depth + 1, rows);
        }
    }
    let mut rows = Vec::new();
    walk(services, None, 0, &mut rows);
    rows
}

/// How long ago, in words a moderator reads at a glance.
pub fn age(since: OffsetDateTime, now: OffsetDateTime) -> String {
    let minutes = (now - since).whole_minutes().max(0);
    let (id, count) = match minutes {
        0 => ("age-now", 0),
        1..60 => ("age-minutes", minutes),
        60..1440 => ("age-hours", minutes / 60),
        _ => ("age-days", minutes / 1440),
    };
    tellcare::ta(id, "count", count)
}
