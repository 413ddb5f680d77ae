//! A few months of demo history for the seeded projects, so that `make run` has reports to
//! read: stories told through every channel and two links, moderated, answered with changes
//! planned and made, and the links' opens, each at its time in the past. It goes through the
//! same application steps as the functions (with the time passed in), so the tallies
//! function counts it from the table's stream as it counts today's stories. The reports
//! journey reads [`HISTORY`] to know what the figures must be.

use tellcare::app::answer::{self, Answerer};
use tellcare::app::author;
use tellcare::app::moderate::moderate;
use tellcare::app::ports::Links;
use tellcare::app::tell::tell;
use tellcare::domain::audit::Actor;
use tellcare::domain::edit::StoryEditInput;
use tellcare::domain::link::{NewLink, Slug, Tag};
use tellcare::domain::moderation::Action;
use tellcare::domain::report::Month;
use tellcare::domain::response::{Change, ResponseDraft};
use tellcare::domain::story::{Arrival, AuthorRole, Channel, StoryDraft, StoryInput};
use tellcare::domain::transition::{Moderation, ModerationInput};
use tellcare::domain::{Language, ServiceId};
use tellcare::store::Store;
use time::{Duration, OffsetDateTime, Time};

use crate::resources::BoxError;
use crate::seed::{LINK_SLUG, SeedIds};

/// The second link, on the walks' meeting-point board.
pub const WALKS_LINK_SLUG: &str = "walks-meeting-point";

/// The seeded projects, as [`SeedIds::projects`] lists them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Project {
    CarersCafe,
    WalkingForHealth,
    HospitalAtHome,
}

impl Project {
    pub fn index(self) -> usize {
        self as usize
    }

    /// The project's link, if it has one.
    pub fn link(self) -> Option<&'static str> {
        match self {
            Project::CarersCafe => Some(LINK_SLUG),
            Project::WalkingForHealth => Some(WALKS_LINK_SLUG),
            Project::HospitalAtHome => None,
        }
    }
}

/// What became of a story.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Fate {
    AwaitingModeration,
    Rejected,
    /// Published with this criticality, then withdrawn by its author.
    Withdrawn(u8),
    /// Published with this criticality, and answered so many hours later, if at all.
    Published {
        criticality: u8,
        answered: Option<(i64, Change)>,
    },
}

/// One story of the history. Everything happens in the month it was told: published the
/// next day, answered within days, all before the 25th.
#[derive(Clone, Copy, Debug)]
pub struct Told {
    pub project: Project,
    pub months_ago: u8,
    pub day: u8,
    pub channel: Channel,
    pub role: AuthorRole,
    pub fate: Fate,
    pub title: &'static str,
}

const fn told(
    project: Project,
    months_ago: u8,
    day: u8,
    channel: Channel,
    role: AuthorRole,
    fate: Fate,
    title: &'static str,
) -> Told {
    Told { project, months_ago, day, channel, role, fate, title }
}

const fn published(criticality: u8, answered: Option<(i64, Change)>) -> Fate {
    Fate::Published { criticality, answered }
}

use AuthorRole::{Carer, Friend, Patient, Relative, ServiceUser, StaffOnBehalf, VolunteerOnBehalf};
use Change::{Made, None as NoChange, Planned};
use Channel::{InvitationLink, Leaflet, Phone, Web};
use Project::{CarersCafe, HospitalAtHome, WalkingForHealth};

/// The history, oldest first within each project.
pub const HISTORY: &[Told] = &[
    told(CarersCafe, 4, 3, InvitationLink, Carer, published(1, Some((5, NoChange))), "A warm welcome and good coffee"),
    told(CarersCafe, 4, 10, Web, Relative, published(2, Some((26, Planned))), "Hard to find the room"),
    told(CarersCafe, 3, 5, InvitationLink, Carer, published(0, Some((3, NoChange))), "Somewhere to breathe"),
    told(CarersCafe, 3, 12, Leaflet, Carer, published(1, None), "The advice session helped"),
    told(CarersCafe, 3, 18, InvitationLink, ServiceUser, Fate::Rejected, "About a named volunteer"),
    told(CarersCafe, 2, 4, Phone, Relative, published(3, Some((50, Made))), "Nobody rang me back"),
    told(CarersCafe, 2, 9, InvitationLink, Carer, published(1, Some((8, NoChange))), "Made a friend at last"),
    told(CarersCafe, 1, 6, Web, Carer, Fate::Withdrawn(2), "The cafe moved without notice"),
    told(CarersCafe, 1, 14, InvitationLink, Friend, Fate::AwaitingModeration, "Came along with my neighbour"),
    told(WalkingForHealth, 4, 7, Web, Patient, published(0, Some((12, NoChange))), "Back on my feet"),
    told(
        WalkingForHealth,
        3,
        2,
        InvitationLink,
        ServiceUser,
        published(1, Some((30, Planned))),
        "The hill was too steep",
    ),
    told(
        WalkingForHealth,
        3,
        15,
        Web,
        VolunteerOnBehalf,
        published(1, Some((4, NoChange))),
        "Walking again after my fall",
    ),
    told(WalkingForHealth, 2, 11, InvitationLink, ServiceUser, published(0, None), "Lovely walk by the river"),
    told(WalkingForHealth, 2, 19, Leaflet, Patient, Fate::Rejected, "Complaint about a parked car"),
    told(WalkingForHealth, 1, 8, Web, ServiceUser, published(1, Some((20, Made))), "No toilets on the long route"),
    told(WalkingForHealth, 1, 16, Web, StaffOnBehalf, published(2, None), "He misses the Tuesday group"),
    told(HospitalAtHome, 4, 12, Phone, Patient, published(3, Some((6, Made))), "The night visit came late"),
    told(HospitalAtHome, 3, 8, Web, Relative, published(4, Some((2, Planned))), "Mum's medicines were mixed up"),
    told(
        HospitalAtHome,
        2,
        2,
        Web,
        StaffOnBehalf,
        published(2, Some((40, NoChange))),
        "Treated at home, not on a ward",
    ),
    told(HospitalAtHome, 2, 15, Web, Patient, published(5, Some((1, Planned))), "Oxygen delivered a day late"),
    told(HospitalAtHome, 1, 3, Leaflet, Relative, published(1, Some((70, NoChange))), "Kind nurses every morning"),
    told(HospitalAtHome, 1, 10, Web, Patient, Fate::Rejected, "Not about this service"),
];

/// The links' opens, by months ago.
pub const OPENS: &[(&str, u8, u64)] = &[
    (LINK_SLUG, 4, 14),
    (LINK_SLUG, 3, 11),
    (LINK_SLUG, 2, 9),
    (LINK_SLUG, 1, 7),
    (WALKS_LINK_SLUG, 3, 6),
    (WALKS_LINK_SLUG, 2, 5),
    (WALKS_LINK_SLUG, 1, 3),
];

impl Told {
    /// The month it was told in, and all else with it.
    pub fn month(&self, now: OffsetDateTime) -> Month {
        months_ago(now, self.months_ago)
    }

    /// Told at ten, or later on a project's later day, of its day.
    pub fn told_at(&self, now: OffsetDateTime) -> OffsetDateTime {
        let date = self.month(now).first_day().replace_day(self.day).expect("every day of HISTORY is before the 25th");
        date.with_time(Time::from_hms(10, 0, 0).expect("a time")).assume_utc()
    }

    /// The channel the story is stored with: a public route's story told on someone's
    /// behalf is assisted, as [`Channel::for_public_route`] has it.
    pub fn stored_channel(&self) -> Channel {
        match self.channel {
            Web | InvitationLink => Channel::for_public_route(self.channel, self.role),
            other => other,
        }
    }

    pub fn link(&self) -> Option<&'static str> {
        (self.channel == InvitationLink).then(|| self.project.link()).flatten()
    }
}

pub fn months_ago(now: OffsetDateTime, months: u8) -> Month {
    (0..months).fold(Month::of(now), |month, _| month.previous())
}

fn moderator() -> Actor {
    Actor { id: "seed-moderator".into(), name: "Alex (moderator)".into() }
}

/// Writes the history for the seeded services `ids` at its times before `now`.
pub async fn seed_history(store: &Store, ids: &SeedIds, now: OffsetDateTime) -> Result<(), BoxError> {
    let walks = ids.projects[WalkingForHealth.index()];
    let link = NewLink {
        label: "Board at the walks' meeting point".into(),
        slug: Some(Slug::parse(WALKS_LINK_SLUG)?),
        welcome_message: Some("Thank you for walking with us. How was it?".into()),
        tags: vec![Tag::parse("walks board")?],
        survey_url: None,
        language: Some(Language::English),
    };
    store.create_link(link, walks, months_ago(now, 4).first_day().midnight().assume_utc(), None).await?;
    for (slug, months, opens) in OPENS {
        let slug = Slug::parse(slug)?;
        let at = months_ago(now, *months).first_day().midnight().assume_utc() + Duration::days(1);
        for _ in 0..*opens {
            store.record_open(&slug, at).await?;
        }
    }
    for story in HISTORY {
        tell_one(store, ids, story, now).await?;
    }
    Ok(())
}

async fn tell_one(store: &Store, ids: &SeedIds, told: &Told, now: OffsetDateTime) -> Result<(), BoxError> {
    let service: ServiceId = ids.projects[told.project.index()];
    let input = StoryInput {
        title: told.title.into(),
        body: format!("{}. It was in {}, and I wanted the team to know.", told.title, told.month(now).label()),
        when: "today".into(),
        author_role: told.role.code().into(),
        service_ids: vec![service.to_string()],
        ..StoryInput::default()
    };
    let draft = StoryDraft::parse(&input, None).map_err(|e| format!("a history story does not parse: {e:?}"))?;
    let link = told.link().map(Slug::parse).transpose()?;
    let tags = match &link {
        Some(slug) => store.get_link(slug).await?.map(|l| l.tags).unwrap_or_default(),
        None => vec![],
    };
    let arrival = Arrival { channel: told.stored_channel(), link, tags };
    let at = told.told_at(now);
    let id = tell(store, draft, &input, arrival, &Actor::author(), None, at).await?;
    let decided = at + Duration::days(1);
    let act = |action: Action, version: u64, criticality: Option<u8>| {
        let input = ModerationInput {
            version: Some(version),
            edit: StoryEditInput { criticality, ..StoryEditInput::default() },
            reason: (action == Action::Reject).then(|| "It names someone, so it cannot be published.".into()),
            ..ModerationInput::default()
        };
        Moderation::parse(action, &input).map_err(|e| format!("a history moderation does not parse: {e:?}"))
    };
    let criticality = match told.fate {
        Fate::AwaitingModeration => return Ok(()),
        Fate::Rejected => {
            moderate(store, id, act(Action::Reject, 1, None)?, &moderator(), decided).await?;
            return Ok(());
        }
        Fate::Withdrawn(criticality) | Fate::Published { criticality, .. } => criticality,
    };
    let record = moderate(store, id, act(Action::Publish, 1, Some(criticality))?, &moderator(), decided).await?;
    match told.fate {
        Fate::Withdrawn(_) => {
            author::withdraw(store, &record, decided + Duration::days(2)).await?;
        }
        Fate::Published { answered: Some((hours, change)), .. } => {
            let record = store.story_record(record.story.id()).await?.ok_or("a history story vanished")?;
            let (_, responders) = store.service_with_responders(service).await?.ok_or("a seeded project vanished")?;
            let responder = responders.first().ok_or("a seeded project has no responder")?;
            let answer = ResponseDraft { body: answer_body(change).into(), change };
            let by = Answerer { responder, service_id: service };
            answer::publish(store, &record, by, answer, None, decided + Duration::hours(hours)).await?;
        }
        _ => {}
    }
    Ok(())
}

fn answer_body(change: Change) -> &'static str {
    match change {
        Change::None => "Thank you for telling us. It means a lot to the team to hear this.",
        Change::Planned => "Thank you. We are sorry, and we have agreed a change, which we will make next month.",
        Change::Made => "Thank you. We are sorry this happened, and we have now changed how we do it.",
    }
}
