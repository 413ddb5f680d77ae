//! The queue page: one status at a time, oldest first, filtered by service or channel, and
//! the notices the other pages leave on it.

use axum::extract::{Query, State};
use axum::response::{IntoResponse, Response};
use tellcare::AppError;
use tellcare::domain::ServiceId;
use tellcare::domain::hints::story_hints;
use tellcare::domain::story::{Channel, StoryStatus};
use tellcare::web::{PageError, no_store, render};
use time::OffsetDateTime;

use crate::Admin;
use crate::moderation::{QueueFilter, filtered_queue};
use crate::pages::{QueuePage, QueueRow, age};
use crate::session::Session;

/// The queue: one status at a time, oldest first, filtered by service or channel.
pub(crate) async fn queue_page(
    State(admin): State<Admin>,
    session: Session,
    Query(filter): Query<QueueFilter>,
) -> Result<Response, PageError> {
    let status = filter.status()?;
    let (listed, services, replies) = tokio::try_join!(
        filtered_queue(&admin.store, &filter),
        async { admin.store.list_services().await.map_err(AppError::from) },
        async { admin.store.replies_awaiting().await.map_err(AppError::from) }
    )?;
    let now = OffsetDateTime::now_utc();
    let name = |id: &ServiceId| services.iter().find(|s| s.id == *id).map_or("(unknown)", |s| s.name.as_str());
    let rows = listed
        .items
        .iter()
        .map(|story| {
            let mut kinds: Vec<String> = story_hints(story).iter().map(|h| h.hint.kind.label().to_string()).collect();
            kinds.dedup();
            QueueRow {
                id: story.id().to_string(),
                title: story.title().to_owned(),
                age: age(story.in_status_since(), now),
                services: story.service_ids().iter().map(name).collect::<Vec<_>>().join(", "),
                channel: story.channel().label(),
                hints: kinds.join(", "),
            }
        })
        .collect();
    let page = QueuePage {
        nav: session.nav(),
        replies: replies.iter().map(|r| (r.story_id.to_string(), age(r.received_at, now))).collect(),
        status,
        // Every status, in the order a story goes through them.
        tabs: StoryStatus::ALL,
        rows,
        services: &services,
        channels: Channel::ALL,
        service_filter: &filter.service_id,
        channel_filter: &filter.channel,
        next: listed.next.map(|c| c.encoded()),
        per_page: crate::moderation::QUEUE_PAGE,
    };
    Ok(no_store(render(&page)?.into_response()))
}
