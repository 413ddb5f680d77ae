//! Moderation over JSON: the queue with its identification hints, a story as moderators read
//! it, and each action, every one carrying the `version` the moderator read.

use axum::extract::rejection::QueryRejection;
use axum::extract::{Path, Query, State};
use axum::http::{HeaderValue, header};
use axum::response::{IntoResponse, Response};
use serde::{Deserialize, Serialize};
use tellcare::AppError;
use tellcare::domain::event::EventKind;
use tellcare::domain::hints::{FieldHint, story_hints};
use tellcare::domain::moderation::{Action, AuditEntry};
use tellcare::domain::record::{OriginalText, StoryRecord};
use tellcare::domain::response::{Answer, Reply, ReplyStatus};
use tellcare::domain::story::{AuthorContact, Channel, Story, StoryStatus};
use tellcare::domain::{ReplyId, ServiceId, StoryId};
use tellcare::moderate::{Moderation, ModerationInput, moderate};
use tellcare::store::{Cursor, FollowUpError, Listed, Store};
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
            raw => StoryStatus::parse(raw).map_err(AppError::BadRequest),
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
    raw.parse().map_err(|_| AppError::NotFound("No story has this id.".into()))
}

pub(crate) async fn get_story(
    State(admin): State<Admin>,
    _: StaffUser,
    Path(id): Path<String>,
) -> Result<Json<StoryView>, AppError> {
    let record = admin.store.story_record(story_id(&id)?).await?;
    Ok(Json(record.ok_or_else(|| AppError::NotFound("No story has this id.".into()))?.into()))
}

/// Applies `action` as the signed-in moderator; logs ids and the action, never content.
pub(crate) async fn act(
    admin: &Admin,
    staff: &tellcare::auth::Staff,
    id: StoryId,
    action: Action,
    input: &ModerationInput,
) -> Result<StoryRecord, tellcare::moderate::ModerateError> {
    let moderation = Moderation::parse(action, input).map_err(|e| tellcare::moderate::ModerateError::Invalid(e.0))?;
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
    let missing = || AppError::NotFound("This story has no reply with this id.".into());
    let reply: ReplyId = raw_reply.parse().map_err(|_| missing())?;
    let mut record =
        admin.store.story_record(story).await?.ok_or_else(|| AppError::NotFound("No story has this id.".into()))?;
    let Some(decided) = record.replies.iter_mut().find(|r| r.id == reply) else { return Err(missing()) };
    let (status, action) = if publish {
        (ReplyStatus::Published, EventKind::ReplyPublished)
    } else {
        (ReplyStatus::Rejected, EventKind::ReplyRejected)
    };
    let now = OffsetDateTime::now_utc();
    let entry = AuditEntry::event(action, &staff.actor(), now, record.story.version(), Some(reply.to_string()));
    admin.store.decide_reply(story, reply, status, entry.clone()).await.map_err(|err| match err {
        FollowUpError::Missing | FollowUpError::Closed | FollowUpError::SentBefore(_) => {
            AppError::Conflict("This reply was decided already.".into())
        }
        FollowUpError::Store(err) => err.into(),
    })?;
    tracing::info!(story = %story, reply = %reply, %action, by = %staff.subject, "reply decided");
    // The record as the transaction left it, without reading it again.
    decided.status = status;
    decided.published_at = publish.then_some(now);
    record.audit.push(entry);
    Ok(record)
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

/// Erases the author's contact details at their request (by email or phone to the team): gone
/// at once, and the audit trail says who erased them, never what they were.
pub(crate) async fn erase(admin: &Admin, staff: &tellcare::auth::Staff, id: StoryId) -> Result<StoryRecord, AppError> {
    let no_story = || AppError::NotFound("No story has this id.".into());
    let mut record = admin.store.story_record(id).await?.ok_or_else(no_story)?;
    let entry = AuditEntry::event(
        EventKind::ContactErased,
        &staff.actor(),
        OffsetDateTime::now_utc(),
        record.story.version(),
        None,
    );
    if admin.store.erase_contact(id, entry.clone()).await? {
        tracing::info!(story = %id, by = %staff.subject, "the author's contact details were erased on request");
        record.audit.push(entry);
    }
    if let Some(private) = record.private.as_mut() {
        private.contact = Default::default();
    }
    Ok(record)
}

pub(crate) async fn erase_contact(
    State(admin): State<Admin>,
    StaffUser(staff): StaffUser,
    Path(id): Path<String>,
) -> Result<Json<StoryView>, AppError> {
    Ok(Json(erase(&admin, &staff, story_id(&id)?).await?.into()))
}
