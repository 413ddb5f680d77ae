//! A member of staff's dashboard: the published stories of the services they answer for,
//! those still waiting for an answer first, each opened and answered there under the same
//! rules as the emailed link; and, for a service admin, the services they manage.

use std::collections::{BTreeMap, HashSet};

use askama::Template;
use axum::Json;
use axum::extract::{Path, Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Redirect, Response};
use serde::{Deserialize, Serialize};
use tellcare::AppError;
use tellcare::app::staff;
use tellcare::auth::Staff;
use tellcare::domain::responder::{EmailWhen, Responder};
use tellcare::domain::service::Service;
use tellcare::domain::staff::{Access, ServiceRole};
use tellcare::domain::{Criticality, FieldError, ServiceId, StoryId};
use tellcare::store::Window;
use tellcare::web::{HtmlForm, PageError, SignedIn, no_store, render};
use time::OffsetDateTime;

use crate::Admin;
use crate::done::{Done, done_notice};
use crate::pages::age;
use crate::session::{Session, StaffSession};
use tellcare::web::AdminNav;

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
        let email = staff.verified_email();
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

    /// The services whose reports are the person's, at the top of each branch they read: a
    /// member's own services, or for a moderator each service at the top of the tree.
    fn reports(&self) -> Vec<&Service> {
        let tops = |s: &&Service| match self.access.may_moderate() {
            true => s.parent_id.is_none(),
            false => self.members.iter().any(|m| m.service_id == s.id),
        };
        self.tree.iter().filter(tops).collect()
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
    /// As the moderator rated it, 0 (not critical) to 5: the staff's, never the public's.
    #[serde(skip_serializing_if = "Option::is_none")]
    pub criticality: Option<u8>,
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
                criticality: listing.criticality.map(Criticality::value),
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

#[derive(Clone)]
/// One responder's membership, and its form of which stories they are emailed about.
pub(crate) struct AlertsRow {
    pub member_id: String,
    pub service_name: String,
    /// The form's choice (`all`, `critical`, `daily`, `weekly`, `none`) and criticality.
    pub choice: String,
    pub criticality: String,
    pub error: Option<tellcare::domain::Message>,
}

impl AlertsRow {
    fn of(member: &Responder, tree: &[Service]) -> Self {
        let criticality = match member.email_when {
            EmailWhen::CriticalityAtLeast(c) => c.value().to_string(),
            _ => "3".into(),
        };
        AlertsRow {
            member_id: member.id.to_string(),
            service_name: tree.iter().find(|s| s.id == member.service_id).map(|s| s.name.clone()).unwrap_or_default(),
            choice: member.email_when.form_choice().into(),
            criticality,
            error: None,
        }
    }
}

#[derive(Template)]
#[template(path = "staff/dashboard.html")]
struct DashboardPage<'a> {
    nav: AdminNav,
    notice: Option<tellcare::domain::Message>,
    stories: &'a [DashboardStory],
    managed: Vec<&'a Service>,
    reports: Vec<&'a Service>,
    alerts: Vec<AlertsRow>,
    errors: Vec<FieldError>,
    moderator: bool,
    per_service: usize,
    levels: std::ops::RangeInclusive<u8>,
}

impl DashboardPage<'_> {
    fn waiting(&self) -> usize {
        self.stories.iter().filter(|s| !s.answered).count()
    }

    /// Whether the person answers for any service at all.
    fn answers(&self) -> bool {
        !self.alerts.is_empty()
    }
}

/// The dashboard; `typed` is an alerts form sent back with what was wrong with it.
async fn dashboard_with(
    admin: &Admin,
    session: &Session,
    notice: Option<tellcare::domain::Message>,
    typed: Option<AlertsRow>,
) -> Result<Response, PageError> {
    let now = OffsetDateTime::now_utc();
    let member = Member::of(admin, &session.staff).await?;
    let stories = stories_of(admin, &member, now).await?;
    let mut alerts: Vec<AlertsRow> = member
        .members
        .iter()
        .filter(|m| m.role == ServiceRole::Responder)
        .map(|m| AlertsRow::of(m, &member.tree))
        .collect();
    let mut errors = Vec::new();
    let status = match typed {
        Some(typed) => {
            errors.extend(
                typed.error.iter().map(|e| FieldError::new(format!("email_when-{}", typed.member_id), e.clone())),
            );
            alerts.iter_mut().filter(|row| row.member_id == typed.member_id).for_each(|row| {
                *row = AlertsRow { service_name: std::mem::take(&mut row.service_name), ..typed.clone() }
            });
            StatusCode::UNPROCESSABLE_ENTITY
        }
        None => StatusCode::OK,
    };
    let page = DashboardPage {
        nav: AdminNav { manages: member.access.manages_any(), ..session.nav() },
        notice,
        stories: &stories,
        managed: member.managed(),
        reports: member.reports(),
        alerts,
        errors,
        moderator: member.access.may_moderate(),
        per_service: PER_SERVICE,
        levels: 0..=Criticality::MAX,
    };
    Ok(no_store((status, render(&page)?).into_response()))
}

pub(crate) async fn dashboard(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    Query(done): Query<Done>,
) -> Result<Response, PageError> {
    dashboard_with(&admin, &session, done_notice(&done.done), None).await
}

#[derive(Default, Deserialize)]
#[serde(default)]
pub(crate) struct AlertsForm {
    csrf: String,
    email_when: String,
    criticality: String,
}

/// A responder's own choice of emails for one of their memberships.
pub(crate) async fn change_alerts(
    State(admin): State<Admin>,
    StaffSession(session): StaffSession,
    Path(member_id): Path<String>,
    HtmlForm(form): HtmlForm<AlertsForm>,
) -> Result<Response, PageError> {
    session.check_csrf(&form.csrf)?;
    let member = Member::of(&admin, &session.staff).await?;
    let not_yours = || AppError::NotFound(tellcare::i18n::text("error-no-membership"));
    let own = member
        .members
        .iter()
        .find(|m| m.id.to_string() == member_id && m.role == ServiceRole::Responder)
        .ok_or_else(not_yours)?;
    let choice = match EmailWhen::from_form(&form.email_when, &form.criticality) {
        Ok(choice) => choice,
        Err(message) => {
            let typed = AlertsRow {
                member_id,
                service_name: String::new(),
                choice: form.email_when,
                criticality: form.criticality,
                error: Some(message),
            };
            return dashboard_with(&admin, &session, None, Some(typed)).await;
        }
    };
    let now = OffsetDateTime::now_utc();
    staff::change_alerts(&admin.store, own, choice, &session.staff.actor(), now).await?.ok_or_else(not_yours)?;
    tracing::info!(member = %own.id, email_when = choice.form_choice(), "a member changed their emails");
    Ok(Redirect::to("/staff?done=alerts-changed").into_response())
}

/// The dashboard's stories as JSON, for the bearer token of any member.
pub(crate) async fn stories_json(
    State(admin): State<Admin>,
    SignedIn(staff): SignedIn,
) -> Result<Json<Vec<DashboardStory>>, AppError> {
    let member = Member::of(&admin, &staff).await?;
    Ok(Json(stories_of(&admin, &member, OffsetDateTime::now_utc()).await?))
}
