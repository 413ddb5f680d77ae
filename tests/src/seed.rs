//! Demo data for the local stack: a small tree of services, their responders, and an enabled
//! invitation link for one project.

use serde::Serialize;
use tellcare::accounts::UserPool;
use tellcare::app::ports::{Accounts, Links, Responders, Services};
use tellcare::domain::link::{NewLink, Slug, Tag};
use tellcare::domain::responder::{EmailWhen, NewResponder};
use tellcare::domain::service::NewService;
use tellcare::domain::staff::ServiceRole;
use tellcare::domain::{Criticality, EmailAddress, Language, ResponderId, ServiceId};
use tellcare::store::Store;
use time::OffsetDateTime;

use crate::resources::BoxError;

/// The seeded link's address, fixed so the README can point at it.
pub const LINK_SLUG: &str = "carers-cafe";
/// The cafe's Welsh-language poster: its page opens in Welsh.
pub const WELSH_LINK_SLUG: &str = "caffi-gofalwyr";

/// The local password of every seeded member of staff with an account (never a real one).
pub const STAFF_PASSWORD: &str = "Riverside Staff 2026";

/// A seeded member of staff who can sign in, by email and [`STAFF_PASSWORD`].
#[derive(Clone, Debug, Serialize)]
pub struct SeedStaff {
    pub email: String,
    pub role: &'static str,
    pub service_id: ServiceId,
    pub password: &'static str,
}

/// Name, email, job title, and the criticality from which they want stories (none: all).
type DemoResponder = (&'static str, &'static str, &'static str, Option<u8>);

#[derive(Clone, Debug, Default, Serialize)]
pub struct SeedIds {
    pub partnership: Option<ServiceId>,
    pub community_services: Option<ServiceId>,
    pub projects: Vec<ServiceId>,
    pub responders: Vec<ResponderId>,
    /// The project the link invites stories about, and the link itself.
    pub link_service: Option<ServiceId>,
    pub link: Option<Slug>,
    pub link_url: Option<String>,
    /// The address of the Welsh-language link, with its `?lang=cy`.
    pub welsh_link_url: Option<String>,
    /// Staff with accounts: a service admin of Community Services, a responder of the cafe.
    pub staff: Vec<SeedStaff>,
}

pub async fn seed(store: &Store, accounts: &UserPool, public_base_url: &str) -> Result<SeedIds, BoxError> {
    let add = |name: &str, parent: Option<ServiceId>, description: &str| {
        let new = NewService {
            name: name.into(),
            parent_id: parent,
            description: Some(description.into()),
            ..NewService::default()
        };
        async move { store.create_service(new, None).await.map(|s| s.id) }
    };
    let partnership =
        add("Riverside Health and Care Partnership", None, "Health and social care for Riverside.").await?;
    let community = add("Community Services", Some(partnership), "Projects run with and for local people.").await?;
    let mut ids = SeedIds { partnership: Some(partnership), community_services: Some(community), ..SeedIds::default() };
    let projects: [(&str, &str, &[DemoResponder]); 3] = [
        (
            "Carers' Cafe",
            "A weekly drop-in for unpaid carers.",
            &[
                ("Priya Shah", "priya.shah@riverside.example", "Cafe coordinator", None),
                ("Tom Reed", "tom.reed@riverside.example", "Carers' support lead", Some(3)),
            ],
        ),
        (
            "Walking for Health",
            "Free, friendly group walks of about an hour.",
            &[("Ade Okafor", "ade.okafor@riverside.example", "Walk leader", None)],
        ),
        (
            "Hospital at Home",
            "Hospital-level care in your own home.",
            &[("Dr Mei Lin", "mei.lin@riverside.example", "Clinical lead", Some(2))],
        ),
    ];
    for (name, description, responders) in projects {
        let project = add(name, Some(community), description).await?;
        ids.projects.push(project);
        for (name, email, job_title, threshold) in responders {
            let email_when = match threshold {
                Some(level) => EmailWhen::CriticalityAtLeast(Criticality::try_from(*level)?),
                None => EmailWhen::All,
            };
            let responder = NewResponder {
                name: (*name).into(),
                email: EmailAddress::parse(email)?,
                job_title: (*job_title).into(),
                role: ServiceRole::Responder,
                email_when,
                language: Language::English,
            }
            .into_responder(ResponderId::generate(), project);
            store.put_responder(&responder, None).await?;
            ids.responders.push(responder.id);
        }
    }

    let manager = NewResponder {
        name: "Sam Patel".into(),
        email: EmailAddress::parse("sam.patel@riverside.example")?,
        job_title: "Community services manager".into(),
        role: ServiceRole::ServiceAdmin,
        email_when: EmailWhen::All,
        language: Language::English,
    }
    .into_responder(ResponderId::generate(), community);
    store.put_responder(&manager, None).await?;
    for (name, email, role, service_id) in [
        ("Sam Patel", "sam.patel@riverside.example", ServiceRole::ServiceAdmin, community),
        ("Priya Shah", "priya.shah@riverside.example", ServiceRole::Responder, ids.projects[0]),
    ] {
        let address = EmailAddress::parse(email)?;
        accounts.ensure_account(&address, name).await?;
        accounts.set_password(&address, STAFF_PASSWORD).await?;
        ids.staff.push(SeedStaff { email: email.into(), role: role.code(), service_id, password: STAFF_PASSWORD });
    }

    let cafe = ids.projects[0];
    let link = NewLink {
        label: "Poster by the cafe's door".into(),
        slug: Some(Slug::parse(LINK_SLUG)?),
        welcome_message: Some("Thank you for coming to the Carers' Cafe. Tell us how it went for you.".into()),
        tags: vec![Tag::parse("carers cafe poster")?],
        survey_url: None,
        language: Some(Language::English),
    };
    let link = store.create_link(link, cafe, OffsetDateTime::now_utc(), None).await?;
    let welsh = NewLink {
        label: "Poster in Welsh by the cafe's door".into(),
        slug: Some(Slug::parse(WELSH_LINK_SLUG)?),
        welcome_message: Some("Diolch am ddod i Gaffi'r Gofalwyr. Dywedwch wrthym sut aeth hi i chi.".into()),
        tags: vec![Tag::parse("carers cafe poster")?],
        survey_url: None,
        language: Some(Language::Welsh),
    };
    let welsh = store.create_link(welsh, cafe, OffsetDateTime::now_utc(), None).await?;
    ids.welsh_link_url = Some(welsh.public_url(public_base_url));
    ids.link_url = Some(link.public_url(public_base_url));
    ids.link_service = Some(cafe);
    ids.link = Some(link.slug);
    Ok(ids)
}
