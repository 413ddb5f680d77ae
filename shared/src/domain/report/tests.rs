use std::collections::BTreeSet;

use time::macros::datetime;
use time::{Duration, OffsetDateTime};

use super::tally::{Contribution, Figure, changes, story_contributions};
use super::*;
use crate::domain::draft::tests::valid;
use crate::domain::link::{Slug, Tag};
use crate::domain::response::{Answer, Change};
use crate::domain::service::{Service, subtree};
use crate::domain::story::{Arrival, AuthorRole, Channel, Story, StoryDraft, StoryStatus};
use crate::domain::{Criticality, ResponderId, ResponseId, StoryId};

fn story(services: &[ServiceId], channel: Channel, told: OffsetDateTime) -> Story {
    let draft = StoryDraft::parse(&valid(), None).unwrap();
    let arrival = Arrival { channel, link: None, tags: vec![] };
    let mut story = draft.into_story(StoryId::on_day_of(told), arrival, told);
    story.service_ids = services.to_vec();
    story
}

fn publish(story: &mut Story, at: OffsetDateTime, criticality: u8) {
    story.status = StoryStatus::Published;
    story.published_at = Some(at);
    story.status_since = Some(at);
    story.criticality = Some(Criticality::try_from(criticality).unwrap());
}

fn answer(story: &Story, service: ServiceId, at: OffsetDateTime, change: Change) -> Answer {
    Answer {
        id: ResponseId::on_day_of(at),
        story_id: story.id(),
        responder_id: ResponderId::generate(),
        service_id: service,
        responder_name: "Sam".into(),
        job_title: "Manager".into(),
        service_name: "Cafe".into(),
        body: "Thank you".into(),
        change,
        language: Default::default(),
        published_at: at,
        edited_at: None,
    }
}

fn cells_of(facts: impl IntoIterator<Item = Contribution>) -> Cells {
    let mut cells = Cells::new();
    for fact in facts {
        cells.entry((fact.service, fact.month)).or_default().sets.entry(fact.figure).or_default().insert(fact.element);
    }
    cells
}

fn tree() -> (Vec<Service>, ServiceId, ServiceId, ServiceId) {
    let service = |name: &str, parent: Option<ServiceId>| Service {
        id: ServiceId::generate(),
        name: name.into(),
        parent_id: parent,
        description: None,
        archived: false,
        language: Default::default(),
    };
    let partnership = service("Partnership", None);
    let cafe = service("Cafe", Some(partnership.id));
    let walks = service("Walks", Some(partnership.id));
    let ids = (partnership.id, cafe.id, walks.id);
    (vec![partnership, cafe, walks], ids.0, ids.1, ids.2)
}

#[test]
fn a_story_adds_what_it_is_now_to_each_of_its_services() {
    let (_, _, cafe, walks) = tree();
    let told = datetime!(2026-03-30 10:00 UTC);
    let mut told_through_a_link = story(&[cafe, walks], Channel::InvitationLink, told);
    told_through_a_link.link = Some(Slug::parse("cafe-poster").unwrap());
    told_through_a_link.tags = vec![Tag::parse("evening").unwrap()];
    let facts = story_contributions(&told_through_a_link, &[]);
    let figures: BTreeSet<_> = facts.iter().map(|f| (f.service, f.month.to_string(), f.figure)).collect();
    for service in [cafe, walks] {
        for figure in [Figure::Told, Figure::Tagged, Figure::ThroughLink] {
            assert!(figures.contains(&(service, "2026-03".into(), figure)), "{figure:?}");
        }
    }
    assert_eq!(facts.len(), 6, "nothing published, decided or answered yet: {facts:?}");

    publish(&mut told_through_a_link, datetime!(2026-04-02 09:00 UTC), 3);
    let answered = answer(&told_through_a_link, cafe, datetime!(2026-04-02 15:30 UTC), Change::Planned);
    let after = story_contributions(&told_through_a_link, std::slice::from_ref(&answered));
    let (gone, added) = changes(&facts, &after);
    assert!(gone.is_empty(), "publication takes nothing from the month it was told in");
    let april: BTreeSet<_> =
        added.iter().filter(|f| f.month.to_string() == "2026-04").map(|f| (f.service, f.figure)).collect();
    for service in [cafe, walks] {
        for figure in [Figure::Published, Figure::Criticality, Figure::Answered] {
            assert!(april.contains(&(service, figure)), "{figure:?}");
        }
    }
    assert!(april.contains(&(cafe, Figure::ChangePlanned)) && !april.contains(&(walks, Figure::ChangePlanned)));
    let minutes = added.iter().find(|f| f.figure == Figure::Answered).unwrap();
    assert_eq!(minutes.element, format!("{}:390", told_through_a_link.id()), "six and a half hours");

    // Withdrawn after publication: it leaves the published figures for the withdrawn.
    told_through_a_link.status = StoryStatus::Withdrawn;
    told_through_a_link.status_since = Some(datetime!(2026-05-01 08:00 UTC));
    let withdrawn = story_contributions(&told_through_a_link, &[answered]);
    let (gone, added) = changes(&after, &withdrawn);
    assert!(gone.iter().all(|f| f.month.to_string() == "2026-04"), "{gone:?}");
    assert_eq!(gone.len(), 7);
    assert_eq!(added.iter().map(|f| f.figure).collect::<BTreeSet<_>>(), BTreeSet::from([Figure::Withdrawn]));
    for fact in withdrawn {
        assert_eq!(Contribution::parse(&fact.code()), Some(fact.clone()), "a tally reads back as written");
    }
}

#[test]
fn a_report_counts_each_story_once_however_many_services_and_months_hold_it() {
    let (services, partnership, cafe, walks) = tree();
    let march = datetime!(2026-03-10 12:00 UTC);
    let mut facts = BTreeSet::new();
    // Five stories in March, one on someone's behalf, one told to both projects.
    let mut both = story(&[cafe, walks], Channel::Web, march);
    publish(&mut both, march + Duration::days(25), 4);
    let answered = answer(&both, walks, march + Duration::days(25) + Duration::hours(2), Change::Made);
    facts.extend(story_contributions(&both, &[answered]));
    let mut on_behalf = story(&[cafe], Channel::Assisted, march);
    on_behalf.author_role = AuthorRole::VolunteerOnBehalf;
    facts.extend(story_contributions(&on_behalf, &[]));
    for hours in [1, 3, 10] {
        let mut told = story(&[cafe], Channel::Phone, march + Duration::hours(hours));
        publish(&mut told, march + Duration::days(1), 0);
        let answered = answer(&told, cafe, march + Duration::days(1) + Duration::hours(hours), Change::None);
        facts.extend(story_contributions(&told, &[answered]));
    }
    let mut rejected = story(&[walks], Channel::Leaflet, march);
    rejected.status = StoryStatus::Rejected;
    rejected.status_since = Some(march + Duration::days(40));
    facts.extend(story_contributions(&rejected, &[]));

    let cells = cells_of(facts);
    let period = Period::parse(Some("2026-03"), Some("2026-04"), march).unwrap();
    let report = Report::build(&subtree(&services, partnership).unwrap(), period, &cells);
    let [march, april] = [&report.months[0].figures, &report.months[1].figures];
    assert_eq!((march.told, march.published, april.published, april.rejected), (6, 3, 1, 1));
    assert_eq!(march.by_channel["phone"], 3);
    assert_eq!(march.by_channel["invitation_link"], 0, "every channel is shown");
    assert_eq!(march.on_behalf, 1);
    assert_eq!(march.assisted_share, Some(1.0 / 6.0));
    assert!(march.over_guidance);
    assert_eq!((march.answered, march.response_rate), (3, Some(1.0)));
    assert_eq!(march.median_hours_to_first_answer, Some(3.0));
    assert_eq!(march.p90_hours_to_first_answer, Some(10.0));
    assert_eq!((april.changes_made, april.criticality["4"], april.criticality["0"]), (1, 1, 0));
    assert_eq!(report.total.told, 6, "the story told to both projects counts once");
    assert_eq!(report.total.published, 4);
    assert_eq!(report.total.response_rate, Some(1.0));
    assert_eq!(report.total.median_hours_to_first_answer, Some(2.5), "the mean of the middle two");

    let by_name: Vec<_> = report.children.iter().map(|c| (c.name.as_str(), c.total.told)).collect();
    assert_eq!(by_name, [("Cafe", 5), ("Walks", 2)]);
    let walks_figures = &report.children[1].total;
    assert_eq!((walks_figures.answered, walks_figures.changes_made, walks_figures.rejected), (1, 1, 1));
    let cafe_figures = &report.children[0].total;
    assert_eq!(cafe_figures.changes_made, 0, "a change is counted for the service that made it");
}

#[test]
fn link_funnels_and_the_public_record() {
    let (services, partnership, cafe, _) = tree();
    let may = datetime!(2026-05-04 12:00 UTC);
    let mut through_poster = story(&[cafe], Channel::InvitationLink, may);
    through_poster.link = Some(Slug::parse("cafe-poster").unwrap());
    publish(&mut through_poster, may + Duration::hours(5), 5);
    let mut cells = cells_of(story_contributions(&through_poster, &[]));
    let month = Month::of(may);
    cells.entry((cafe, month)).or_default().link_opens.insert("cafe-poster".into(), 12);
    cells.entry((cafe, month)).or_default().link_opens.insert("quiet-poster".into(), 3);
    let node = subtree(&services, partnership).unwrap();
    let report = Report::build(&node, Period::last_year(may), &cells);
    let links: Vec<_> = report.links.iter().map(|l| (l.slug.as_str(), l.opened, l.told)).collect();
    assert_eq!(links, [("cafe-poster", 12, 1), ("quiet-poster", 3, 0)]);
    assert_eq!(report.months.len(), 12);
    let public = PublicRecord::of(&node, Period::last_year(may), &cells);
    assert_eq!(public, PublicRecord { published: 1, response_rate: Some(0.0), changes_made: 0 });
    let json = serde_json::to_value(&public).unwrap();
    assert!(json.get("criticality").is_none(), "the public never sees a rating");
}
