//! The engine on local disk, without AWS: what is found, how it is ranked and excerpted.

use std::path::PathBuf;

use tellcare::domain::service::Service;
use tellcare::domain::{Language, ServiceId, StoryId};
use time::macros::datetime;

use crate::index::{SearchIndex, StoryQuery, Writing};
use crate::{ServiceDoc, StoryDoc};

fn scratch() -> PathBuf {
    let dir = std::env::temp_dir()
        .join(format!("tellcare-search-test-{}", StoryId::on_day_of(time::OffsetDateTime::now_utc())));
    std::fs::create_dir_all(&dir).unwrap();
    dir
}

fn service(name: &str, parent: Option<&Service>) -> Service {
    Service {
        id: ServiceId::generate(),
        name: name.into(),
        parent_id: parent.map(|p| p.id),
        description: None,
        archived: false,
        language: Language::English,
    }
}

fn story(title: &str, body: &str, within: Vec<ServiceId>, day: u8) -> StoryDoc {
    StoryDoc {
        id: StoryId::on_day_of(time::OffsetDateTime::now_utc()),
        title: title.into(),
        body: body.into(),
        answers: vec![],
        within,
        published_at: datetime!(2026-11-01 09:00 UTC).replace_day(day).unwrap(),
        language: Language::English,
    }
}

struct Fixture {
    dir: PathBuf,
    partnership: Service,
    cafe: Service,
    ward: Service,
}

fn fixture(stories: &[StoryDoc]) -> Fixture {
    let dir = scratch();
    let partnership = service("Riverside Health & Care Partnership", None);
    let cafe = service("The Carers' Cafe", Some(&partnership));
    let ward = service("Ward 7 (Older People)", None);
    let services = vec![partnership.clone(), cafe.clone(), ward.clone()];
    let mut writing = Writing::open(&dir).unwrap();
    for doc in ServiceDoc::all(&services) {
        writing.service(doc.id, Some(&doc)).unwrap();
    }
    for doc in stories {
        writing.story(doc.id, Some(doc)).unwrap();
    }
    writing.commit().unwrap();
    Fixture { dir, partnership, cafe, ward }
}

fn ask(words: &str) -> StoryQuery {
    StoryQuery { words: words.into(), limit: 10, ..StoryQuery::default() }
}

#[test]
fn a_service_is_found_with_a_typo_without_its_apostrophe_and_with_and_for_ampersand() {
    let f = fixture(&[]);
    let index = SearchIndex::open(&f.dir).unwrap();
    let found = index.services("carers cafw", None, 5).unwrap();
    assert_eq!(found.iter().map(|s| s.id).collect::<Vec<_>>(), [f.cafe.id]);
    assert_eq!(found[0].place, ["Riverside Health & Care Partnership"]);
    assert_eq!(found[0].parent_id, Some(f.partnership.id));
    let found = index.services("health and care", None, 5).unwrap();
    assert_eq!(found.iter().map(|s| s.id).collect::<Vec<_>>(), [f.partnership.id]);
    // The last word is also the start of one, as a person types.
    let found = index.services("ward 7 old", None, 5).unwrap();
    assert_eq!(found.iter().map(|s| s.id).collect::<Vec<_>>(), [f.ward.id]);
    assert!(index.services("dentist", None, 5).unwrap().is_empty());
    // Within a service: itself and what is under it.
    assert_eq!(index.services("carers", Some(f.partnership.id), 5).unwrap().len(), 1);
    assert!(index.services("carers", Some(f.ward.id), 5).unwrap().is_empty());
    // A typo may find more than one, the name as typed first.
    let found = index.services("cafe", None, 5).unwrap();
    assert_eq!(found.first().map(|s| s.id), Some(f.cafe.id), "{found:?}");
}

#[test]
fn stories_are_found_by_their_words_stemmed_and_excerpted_around_them() {
    let long =
        format!("{} The discharge took all day and nobody explained the waiting.", "We arrived early. ".repeat(30));
    let discharge = story("A long day", &long, vec![], 3);
    let parking = story("Parking", "There was nowhere to park near the entrance at all.", vec![], 4);
    let f = fixture(&[discharge.clone(), parking.clone()]);
    let index = SearchIndex::open(&f.dir).unwrap();
    let found = index.stories(&ask("waited discharge")).unwrap();
    assert_eq!(found.hits.iter().map(|h| h.id).collect::<Vec<_>>(), [discharge.id]);
    let excerpt = &found.hits[0].excerpt;
    let marked: Vec<&str> = excerpt.pieces().into_iter().filter(|(_, m)| *m).map(|(t, _)| t).collect();
    assert!(marked.contains(&"discharge") && marked.contains(&"waiting"), "{excerpt:?}");
    assert!(excerpt.text.len() < long.len());
    assert!(!found.more);
}

#[test]
fn any_word_finds_a_story_a_title_counts_twice_and_query_syntax_is_only_words() {
    let in_title = story("Parking", "Nowhere to leave the car near the entrance.", vec![], 3);
    let in_text = story("Visiting", "Parking was easy but the tea was cold.", vec![], 4);
    let other = story("Reception", "The reception desk was friendly.", vec![], 5);
    let f = fixture(&[in_title.clone(), in_text.clone(), other.clone()]);
    let index = SearchIndex::open(&f.dir).unwrap();
    let ids = |words: &str| index.stories(&ask(words)).unwrap().hits.iter().map(|h| h.id).collect::<Vec<_>>();
    // The title's word outranks the same word in the text of a newer story.
    assert_eq!(ids("parking"), [in_title.id, in_text.id]);
    // Any of the words: a story with one of them is found.
    let mut either = ids("reception tea");
    either.sort();
    let mut expected = vec![other.id, in_text.id];
    expected.sort();
    assert_eq!(either, expected);
    // Quotes, brackets, AND and a field's name are words or nothing, never an error.
    let as_syntax = ids("title:\"parking AND (entrance");
    assert_eq!(as_syntax.first(), Some(&in_title.id));
    assert_eq!(as_syntax, ids("title parking and entrance"));
    assert!(ids("\"(!)\" -- ").is_empty());
}

#[test]
fn answers_are_searched_and_equal_relevance_goes_newest_first() {
    let mut answered = story("Reception", "The reception desk was friendly and kind.", vec![], 2);
    answered.answers = vec!["We have added a ramp by the car park.".into()];
    let older = story("Ramp", "The ramp was too steep for my chair.", vec![], 1);
    let newer = story("Ramp", "The ramp was too steep for my chair.", vec![], 9);
    let f = fixture(&[answered.clone(), older.clone(), newer.clone()]);
    let index = SearchIndex::open(&f.dir).unwrap();
    let found = index.stories(&ask("ramp")).unwrap();
    let ids: Vec<StoryId> = found.hits.iter().map(|h| h.id).collect();
    assert_eq!(ids.len(), 3);
    assert_eq!(&ids[..2], [newer.id, older.id], "same words, newest first");
    assert!(found.hits[2].excerpt.pieces().iter().any(|(t, m)| *m && *t == "ramp"), "the answer's words are excerpted");
}

#[test]
fn a_search_within_a_service_finds_what_is_under_it_and_dates_and_pages_narrow_it() {
    let f0 = fixture(&[]);
    let (partnership, cafe, ward) = (f0.partnership.id, f0.cafe.id, f0.ward.id);
    let at_cafe = story("Tea", "Lovely tea and a chat with other carers.", vec![cafe, partnership], 5);
    let at_ward = story("Tea", "The tea trolley never came round.", vec![ward], 6);
    let mut writing = Writing::open(&f0.dir).unwrap();
    for doc in [&at_cafe, &at_ward] {
        writing.story(doc.id, Some(doc)).unwrap();
    }
    writing.commit().unwrap();
    let index = SearchIndex::open(&f0.dir).unwrap();
    let within = |id| StoryQuery { within: Some(id), ..ask("tea") };
    assert_eq!(
        index.stories(&within(partnership)).unwrap().hits.iter().map(|h| h.id).collect::<Vec<_>>(),
        [at_cafe.id]
    );
    assert_eq!(index.stories(&within(ward)).unwrap().hits.iter().map(|h| h.id).collect::<Vec<_>>(), [at_ward.id]);
    let from = StoryQuery { from: Some(datetime!(2026-11-06 00:00 UTC)), ..ask("tea") };
    assert_eq!(index.stories(&from).unwrap().hits.iter().map(|h| h.id).collect::<Vec<_>>(), [at_ward.id]);
    let first = index.stories(&StoryQuery { limit: 1, ..ask("tea") }).unwrap();
    let second = index.stories(&StoryQuery { limit: 1, offset: 1, ..ask("tea") }).unwrap();
    assert!(first.more && !second.more);
    assert_ne!(first.hits[0].id, second.hits[0].id);
}

#[test]
fn a_story_taken_out_is_not_found_and_putting_it_twice_keeps_one() {
    let doc = story("Parking", "Nowhere to park at the health centre.", vec![], 2);
    let f = fixture(std::slice::from_ref(&doc));
    let mut writing = Writing::open(&f.dir).unwrap();
    writing.story(doc.id, Some(&doc)).unwrap();
    writing.story(doc.id, Some(&doc)).unwrap();
    writing.commit().unwrap();
    assert_eq!(SearchIndex::open(&f.dir).unwrap().stories(&ask("parking")).unwrap().hits.len(), 1);
    let mut writing = Writing::open(&f.dir).unwrap();
    writing.story(doc.id, None).unwrap();
    writing.commit().unwrap();
    assert!(SearchIndex::open(&f.dir).unwrap().stories(&ask("parking")).unwrap().hits.is_empty());
}

#[test]
fn a_story_taken_out_leaves_no_trace_of_its_text_in_the_files() {
    let secret = "Zanzibarqux";
    let doc = story("Names", &format!("The nurse called {secret} was rude to my mother."), vec![], 2);
    let other = story("Parking", "Nowhere to park at the health centre.", vec![], 3);
    let f = fixture(&[doc.clone(), other.clone()]);
    let holds_it = |dir: &PathBuf| {
        std::fs::read_dir(dir).unwrap().any(|entry| {
            let bytes = std::fs::read(entry.unwrap().path()).unwrap();
            String::from_utf8_lossy(&bytes).to_lowercase().contains("zanzibarqux")
        })
    };
    assert!(holds_it(&f.dir), "the files held it before");
    let mut writing = Writing::open(&f.dir).unwrap();
    writing.story(doc.id, None).unwrap();
    writing.commit().unwrap();
    assert!(!holds_it(&f.dir), "a file still holds the text taken out");
    assert_eq!(SearchIndex::open(&f.dir).unwrap().stories(&ask("parking")).unwrap().hits.len(), 1);
}

#[test]
fn an_edit_purges_the_old_words_and_a_new_answer_rewrites_nothing() {
    let doc = story("Names", "The porter called Quillanby was very kind to my mother.", vec![], 2);
    let f = fixture(std::slice::from_ref(&doc));
    let files = |dir: &PathBuf| {
        let mut names: Vec<String> =
            std::fs::read_dir(dir).unwrap().map(|e| e.unwrap().file_name().into_string().unwrap()).collect();
        names.sort();
        names
    };
    // A new answer: the story's segment keeps its files (only its deletions are new).
    let mut answered = doc.clone();
    answered.answers = vec!["Thank you, we have told the porters.".into()];
    let kept: Vec<String> = files(&f.dir).into_iter().filter(|n| n.ends_with(".store")).collect();
    let mut writing = Writing::open(&f.dir).unwrap();
    writing.story(doc.id, Some(&answered)).unwrap();
    writing.commit().unwrap();
    let stores: Vec<String> = files(&f.dir).into_iter().filter(|n| n.ends_with(".store")).collect();
    assert!(kept.iter().all(|n| stores.contains(n)), "{kept:?} {stores:?}");
    // An edit that takes a name out: the name leaves the files.
    let mut edited = answered.clone();
    edited.body = "The porter was very kind to my mother.".into();
    let mut writing = Writing::open(&f.dir).unwrap();
    writing.story(doc.id, Some(&edited)).unwrap();
    writing.commit().unwrap();
    let holds = std::fs::read_dir(&f.dir).unwrap().any(|e| {
        String::from_utf8_lossy(&std::fs::read(e.unwrap().path()).unwrap()).to_lowercase().contains("quillanby")
    });
    assert!(!holds, "the edited-out name is gone from the files");
    let index = SearchIndex::open(&f.dir).unwrap();
    assert_eq!(index.stories(&ask("porter")).unwrap().hits.len(), 1);
    assert!(index.stories(&ask("quillanby")).unwrap().hits.is_empty());
}
