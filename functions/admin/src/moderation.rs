//! Moderation over JSON: the queue with its identification hints, a story as moderators read
//! it, and each action, every one carrying the `version` the moderator read.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tellcare::AppError;
use tellcare::app::decide_reply::{self, DecideReplyError};
use tellcare::app::erase;
use tellcare::app::moderate::{ModerateError, Moderation, ModerationInput, moderate};
use tellcare::domain::hints::{FieldHint, story_hints};
use tellcare::domain::moderation::{Action, AuditEntry};
use tellcare::domain::record::{OriginalText, StoryRecord};
use tellcare::domain::response::{Answer, Reply};
use tellcare::domain::story::{AuthorContact, Channel, Story, StoryStatus};
use tellcare::domain::{ReplyId, ServiceId, StoryId};
use tellcare::store::{Cursor, Listed, Store};
use tellcare::web::{Json, StaffUser};
use time::OffsetDateTime;

use crate::Admin;

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct QueueFilter {
    pub status: String,
    pub service_id: String,
    pub channel: String,
    /// Where the page before ended ("Next stories" and the `Link` header carry it).
    pub after: String,
}

/// Stories a page of the queue reads: a moderator works from the oldest, and the next page
/// goes on by cursor.
pub(crate) const QUEUE_PAGE: usize = 200;

impl QueueFilter {
    pub fn status(&self) -> Result<StoryStatus, AppError> {
        match self.status.as_str() {
            "" => Ok(StoryStatus::AwaitingModeration),
            raw => StoryStatus::parse(raw).map_err(|m| AppError::BadRequest(m.to_string())),
        }
    }

    fn keeps(&self, story: &Story) -> bool {
        let service = self.service_id.parse::<ServiceId>().ok();
        let channel = Channel::parse(&self.channel).ok();
        service.is_none_or(|s| story.service_ids().contains(&s)) && channel.is_none_or(|c| story.channel() == c)
    }
}

/// Up to [`QUEUE_PAGE`] stories of one status (awaiting moderation unless `status` says),
/// oldest first, kept to one service or one channel when asked: one Query; and the cursor of
/// the next page.
pub(crate) async fn filtered_queue(store: &Store, filter: &QueueFilter) -> Result<Listed<Story>, AppError> {
    let after = match filter.after.as_str() {
        "" => None,
        raw => Some(Cursor::parse(raw).ok_or_else(|| {
            AppError::Invalid(vec![tellcare::domain::FieldError::new("after", "Use the cursor of the page before.")])
        })?),
    };
    let listed = store.stories_in(filter.status()?, after.as_ref(), QUEUE_PAGE).await?;
    Ok(Listed { items: listed.items.into_iter().filter(|s| filter.keeps(s)).collect(), next: listed.next })
}

#[derive(Serialize)]
pub(crate) struct QueueItem {
    #[serde(flatten)]
    story: Story,
    pii_hints: Vec<FieldHint>,
}

pub(crate) async fn queue(
    State(admin): State<Admin>,
    _: StaffUser,
    filter: Result<Query<QueueFilter>, QueryRejection>,
) -> Result<Response, AppError> {
    let Query(filter) = filter.map_err(|e| AppError::BadRequest(e.body_text()))?;
    let listed = filtered_queue(&admin.store, &filter).await?;
    let items: Vec<QueueItem> =
        listed.items.into_iter().map(|story| QueueItem { pii_hints: story_hints(&story), story }).collect();
    let mut response = Json(items).into_response();
    if let Some(next) = listed.next {
        let next =
            format!("</admin/api/queue?status={}&after={}>; rel=\"next\"", filter.status()?.code(), next.encoded());
        response.headers_mut().insert(header::LINK, HeaderValue::from_str(&next).map_err(AppError::internal)?);
    }
    Ok(response)
}

/// A story as moderators see it: everything, private fields included.
#[derive(Serialize)]
pub(crate) struct StoryView {
    #[serde(flatten)]
    story: Story,
    /// `null` once deleted (its retention period over, or withdrawn).
    original: Option<OriginalText>,
    #[serde(flatten)]
    contact: AuthorContact,
    audit: Vec<AuditEntry>,
    responses: Vec<Answer>,
    replies: Vec<Reply>,
    pii_hints: Vec<FieldHint>,
}

impl From<StoryRecord> for StoryView {
    fn from(record: StoryRecord) -> Self {
        StoryView {
            pii_hints: story_hints(&record.story),
            original: record.original().cloned(),
            contact: record.contact(),
            story: record.story,
            audit: record.audit,
            responses: record.responses,
            replies: record.replies,
        }
    }
}

pub(crate) fn story_id(raw: &str) -> Result<StoryId, AppError> {
    raw.parse().map_err(|_| AppError::NotFound(tellcare::i18n::text("error-no-story")))
}

pub(crate) async fn get_story(
    State(admin): State<Admin>,
    _: StaffUser,
    Path(id): Path<String>,
) -> Result<Json<StoryView>, AppError> {
    let record = admin.store.story_record(story_id(&id)?).await?;
    Ok(Json(record.ok_or_else(|| AppError::NotFound(tellcare::i18n::text("error-no-story")))?.into()))
}

/// Applies `action` as the signed-in moderator; logs ids and the action, never content.
pub(crate) async fn act(
    admin: &Admin,
    staff: &tellcare::auth::Staff,
    id: StoryId,
    action: Action,
    input: &ModerationInput,
) -> Result<StoryRecord, ModerateError> {
    let moderation = Moderation::parse(action, input).map_err(|e| ModerateError::Invalid(e.0))?;
    let record = moderate(&admin.store, id, moderation, &staff.actor(), OffsetDateTime::now_utc()).await?;
    tracing::info!(story = %id, action = action.code(), version = record.story.version(), by = %staff.subject, "story moderated");
    Ok(record)
}

async fn json_action(
    admin: Admin,
    staff: tellcare::auth::Staff,
    id: String,
    action: Action,
    input: ModerationInput,
) -> Result<Json<StoryView>, AppError> {
    Ok(Json(act(&admin, &staff, story_id(&id)?, action, &input).await?.into()))
}

macro_rules! action_route {
    ($name:ident, $action:expr) => {
        pub(crate) async fn $name(
            State(admin): State<Admin>,
            StaffUser(staff): StaffUser,
            Path(id): Path<String>,
            Json(input): Json<ModerationInput>,
        ) -> Result<Json<StoryView>, AppError> {
            json_action(admin, staff, id, $action, input).await
        }
    };
}

action_route!(edit, Action::Edit);
action_route!(publish, Action::Publish);
action_route!(reject, Action::Reject);
action_route!(hold, Action::Hold);
action_route!(contact_author, Action::ContactAuthor);
action_route!(reopen, Action::Reopen);

/// A moderator's decision on an author's reply: published, or not.
pub(crate) async fn decide_reply(
    admin: &Admin,
    staff: &tellcare::auth::Staff,
    story: StoryId,
    raw_reply: &str,
    publish: bool,
) -> Result<StoryRecord, AppError> {
    let reply: ReplyId = raw_reply.parse().map_err(|_| DecideReplyError::NoReply)?;
    let now = OffsetDateTime::now_utc();
    Ok(decide_reply::decide_reply(&admin.store, &staff.actor(), story, reply, publish, now).await?)
}

pub(crate) async fn publish_reply(
    State(admin): State<Admin>,
    StaffUser(staff): StaffUser,
    Path((id, reply)): Path<(String, String)>,
) -> Result<Json<StoryView>, AppError> {
    Ok(Json(decide_reply(&admin, &staff, story_id(&id)?, &reply, true).await?.into()))
}

pub(crate) async fn reject_reply(
    State(admin): State<Admin>,
    StaffUser(staff): StaffUser,
    Path((id, reply)): Path<(String, String)>,
) -> Result<Json<StoryView>, AppError> {
    Ok(Json(decide_reply(&admin, &staff, story_id(&id)?, &reply, false).await?.into()))
}

/// Erases the author's contact details at their request.
pub(crate) async fn erase(admin: &Admin, staff: &tellcare::auth::Staff, id: StoryId) -> Result<StoryRecord, AppError> {
    Ok(erase::erase_contact(&admin.store, &staff.actor(), id, OffsetDateTime::now_utc()).await?)
}

pub(crate) async fn erase_contact(
    State(admin): State<Admin>,
    StaffUser(staff): StaffUser,
    Path(id): Path<String>,
) -> Result<Json<StoryView>, AppError> {
    Ok(Json(erase(&admin, &staff, story_id(&id)?).await?.into()))
}
