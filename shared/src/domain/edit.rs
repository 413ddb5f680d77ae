//! A moderator's edit of a story: checked as sent, then applied, saying which fields it
//! really changed.

use serde::{Deserialize, Serialize};

use super::link::{Tag, tags};
use super::story::{BODY_MAX, BODY_MIN, Story, TITLE_MAX, TITLE_MIN, services};
use super::{Criticality, FieldErrors, ServiceId, text};

/// A moderator's edit as sent, before it is checked. Absent fields stay as they are.
#[derive(Clone, Debug, Default, Deserialize)]
pub struct StoryEditInput {
    pub title: Option<String>,
    pub body: Option<String>,
    pub service_ids: Option<Vec<String>>,
    pub criticality: Option<u8>,
    pub tags: Option<Vec<String>>,
}

/// A checked edit.
#[derive(Clone, Debug, Default, PartialEq, Eq)]
pub struct StoryEdit {
    pub title: Option<String>,
    pub body: Option<String>,
    pub service_ids: Option<Vec<ServiceId>>,
    pub criticality: Option<Criticality>,
    pub tags: Option<Vec<Tag>>,
}

impl StoryEdit {
    pub fn parse(input: &StoryEditInput) -> Result<Self, FieldErrors> {
        let mut errors = FieldErrors::default();
        let title =
            input.title.as_deref().map(|t| errors.check("title", text::bounded(t, TITLE_MIN, TITLE_MAX, "edit-title")));
        let body = input
            .body
            .as_deref()
            .map(|b| errors.check("body", text::bounded_multiline(b, BODY_MIN, BODY_MAX, "edit-body")));
        let service_ids = input.service_ids.as_deref().map(|s| errors.check("service_ids", services(s)));
        let criticality = input.criticality.map(|c| errors.check("criticality", Criticality::try_from(c)));
        let tags = input.tags.as_deref().map(|t| errors.check("tags", tags(t)));
        errors.into_result(|| StoryEdit {
            title: title.flatten(),
            body: body.flatten(),
            service_ids: service_ids.flatten(),
            criticality: criticality.flatten(),
            tags: tags.flatten(),
        })
    }

    /// Applies the edit, returning each field it really changed.
    pub fn apply(self, story: &mut Story) -> Vec<FieldChange> {
        let mut changes = Vec::new();
        let mut record = |field: &str, before: String, after: String| {
            if before != after {
                changes.push(FieldChange { field: field.into(), before, after });
            }
        };
        if let Some(title) = self.title {
            record("title", story.title.clone(), title.clone());
            story.title = title;
        }
        if let Some(body) = self.body {
            record("body", story.body.clone(), body.clone());
            story.body = body;
        }
        if let Some(ids) = self.service_ids {
            record("service_ids", joined(&story.service_ids), joined(&ids));
            story.service_ids = ids;
        }
        if let Some(criticality) = self.criticality {
            let shown = |c: Option<Criticality>| c.map(|c| c.value().to_string()).unwrap_or_default();
            record("criticality", shown(story.criticality), shown(Some(criticality)));
            story.criticality = Some(criticality);
        }
        if let Some(tags) = self.tags {
            let shown = |tags: &[Tag]| tags.iter().map(Tag::as_str).collect::<Vec<_>>().join(", ");
            record("tags", shown(&story.tags), shown(&tags));
            story.tags = tags;
        }
        changes
    }
}

fn joined(ids: &[ServiceId]) -> String {
    ids.iter().map(ToString::to_string).collect::<Vec<_>>().join(", ")
}

/// One field an action changed, as text before and after.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct FieldChange {
    pub field: String,
    pub before: String,
    pub after: String,
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_edit_records_only_what_changed() {
        let mut story: Story = serde_json::from_value(serde_json::json!({
            "id": "01ARZ3NDEKTSV4RRFFQ69G5FAV", "title": "Old title", "body": "A body that is long enough.",
            "when": "today", "author_role": "patient", "username": "sunny42",
            "service_ids": ["01ARZ3NDEKTSV4RRFFQ69G5FAW"], "channel": "web",
            "status": "awaiting_moderation", "received_at": "2026-11-01T10:00:00Z", "version": 1
        }))
        .unwrap();
        let input = StoryEditInput {
            title: Some("  New title ".into()),
            body: Some("A body that is long enough.".into()),
            criticality: Some(3),
            ..StoryEditInput::default()
        };
        let changes = StoryEdit::parse(&input).unwrap().apply(&mut story);
        let fields: Vec<&str> = changes.iter().map(|c| c.field.as_str()).collect();
        assert_eq!(fields, ["title", "criticality"]);
        assert_eq!((changes[0].before.as_str(), changes[0].after.as_str()), ("Old title", "New title"));
        assert_eq!(story.criticality.map(Criticality::value), Some(3));

        let bad = StoryEditInput { title: Some("x".into()), criticality: Some(9), ..StoryEditInput::default() };
        let errors = StoryEdit::parse(&bad).unwrap_err().0;
        assert_eq!(errors.iter().map(|e| e.field.as_str()).collect::<Vec<_>>(), ["title", "criticality"]);
    }
}
