//! A member of staff's dashboard: the published stories of the services they answer for,
//! those still waiting for an answer first, each opened and answered there under the same
//! rules as the emailed link; and, for a service admin, the services they manage.

use std::collections::{BTreeMap, HashSet};

use askama::Template;
use axum::Json;
use axum::extract::State;
use serde::Serialize;
use tellcare::AppError;
use tellcare::auth::Staff;
use tellcare::domain::responder::Responder;
use tellcare::domain::service::Service;
use tellcare::domain::staff::{Access, ServiceRole};
use tellcare::domain::{EmailAddress, ServiceId, StoryId};
use tellcare::store::Window;
use tellcare::web::{PageError, SignedIn, no_store, render};
use time::OffsetDateTime;

use crate::Admin;
use crate::pages::{AdminNav, age};
use crate::session::StaffSession;

/// The newest stories of each service a dashboard reads.
pub(crate) const PER_SERVICE: usize = 50;

/// Who is asking, as the store holds them now: their memberships (one Query; none for an
/// account without a verified address) and the tree of services (one Query).
pub(crate) struct Member {
    pub members: Vec<Responder>,
    pub access: Access,
    pub tree: Vec<Service>,
}

impl Member {
    pub async fn of(admin: &Admin, staff: &Staff) -> Result<Member, AppError> {
        let email = staff.email.as_deref().and_then(|e| EmailAddress::parse(e).ok());
        let members = async {
            match &email {
                Some(email) => admin.store.memberships_of(email).await,
                None => Ok(vec![]),
            }
        };
        let (members, tree) = tokio::try_join!(members, admin.store.list_services())?;
        let access = Access::new(staff.platform_role(), &members);
        Ok(Member { members, access, tree })
    }

    /// The membership through which the person answers for `service`, if one does.
    pub fn answering_as(&self, service: ServiceId) -> Option<&Responder> {
        let held = self.access.answering_as(service, &self.tree)?;
        self.members.iter().find(|m| m.id == held.member)
    }

    fn managed(&self) -> Vec<&Service> {
        self.tree.iter().filter(|s| !self.access.is_admin() && self.access.may_manage(s.id, &self.tree)).collect()
    }
}

/// One story of the dashboard.
#[derive(Serialize)]
pub(crate) struct DashboardStory {
    pub id: StoryId,
    pub title: String,
    pub services: Vec<ServiceName>,
    #[serde(with = "time::serde::rfc3339")]
    pub published_at: OffsetDateTime,
    /// Whether one of the person's services has answered it.
    pub answered: bool,
    #[serde(skip)]
    pub age: String,
}

#[derive(Serialize)]
pub(crate) struct ServiceName {
    pub id: ServiceId,
    pub name: String,
}

/// The published stories of the services the person answers for, unanswered first (the one
/// waiting longest first), then the answered, newest first: one Query per service and one
/// BatchGetItem for the answers, beside the member's two reads.
async fn stories_of(admin: &Admin, member: &Member, now: OffsetDateTime) -> Result<Vec<DashboardStory>, AppError> {
    let services = member.access.services_as(ServiceRole::Responder, &member.tree);
    let window = || Window { take: PER_SERVICE, ..Window::default() };
    let listed = futures::future::try_join_all(services.iter().map(|s| admin.store.service_listings(*s, window())));
    let mut stories: BTreeMap<StoryId, DashboardStory> = BTreeMap::new();
    let mut pairs = Vec::new();
    for (service, listed) in services.iter().zip(listed.await?) {
        for (id, listing) in listed.items {
            pairs.push((id, *service));
            let story = stories.entry(id).or_insert_with(|| DashboardStory {
                id,
                title: listing.title.clone(),
                services: vec![],
                published_at: listing.published_at,
                answered: false,
                age: age(listing.published_at, now),
            });
            story.services.push(ServiceName { id: *service, name: listing.service_name });
        }
    }
    let answered: HashSet<(StoryId, ServiceId)> =
        if pairs.is_empty() { HashSet::new() } else { admin.store.answered(&pairs).await? };
    let mut stories: Vec<DashboardStory> = stories.into_values().collect();
    for story in &mut stories {
        story.answered = story.services.iter().any(|s| answered.contains(&(story.id, s.id)));
    }
    stories.sort_by(|a, b| {
        let waiting_longest = a.published_at.cmp(&b.published_at);
        a.answered.cmp(&b.answered).then(if a.answered { waiting_longest.reverse() } else { waiting_longest })
    });
    Ok(stories)
}

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardPage<'a> {
    nav: AdminNav,
    stories: &'a [DashboardStory],
    managed: Vec<&'a Service>,
    /// Whether the person answers for any service at all.
    answers: bool,
    moderator: bool,
    per_service: usize,
}

impl DashboardPage<'_> {
    fn waiting(&self) -> usize {
        self.stories.iter().filter(|s| !s.answered).count()
    }
}

pub(crate) async fn dashboard(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
) -> Result<axum::response::Response, PageError> {
    let now = OffsetDateTime::now_utc();
    let member = Member::of(&admin, &session.staff).await?;
    let stories = stories_of(&admin, &member, now).await?;
    let page = DashboardPage {
        nav: AdminNav { manages: member.access.manages_any(), ..session.nav() },
        stories: &stories,
        managed: member.managed(),
        answers: !member.access.services_as(ServiceRole::Responder, &member.tree).is_empty(),
        moderator: member.access.may_moderate(),
        per_service: PER_SERVICE,
    };
    Ok(no_store(axum::response::IntoResponse::into_response(render(&page)?)))
}

/// The dashboard's stories as JSON, for the bearer token of any member.
pub(crate) async fn stories_json(
    State(admin): State<Admin>,
    SignedIn(staff): SignedIn,
) -> Result<Json<Vec<DashboardStory>>, AppError> {
    let member = Member::of(&admin, &staff).await?;
    Ok(Json(stories_of(&admin, &member, OffsetDateTime::now_utc()).await?))
}
