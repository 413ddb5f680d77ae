//! A search as GET /search, /api/search and /admin/search read it: the address's parameters
//! parsed, then the words run against a small index (tantivy's lenient parser, the words'
//! analyzers, the ranking and the excerpts). Whatever is asked, an answer or a refusal, never
//! a panic, and an excerpt's marks always lie inside it.
#![no_main]

use std::sync::OnceLock;

use libfuzzer_sys::fuzz_target;
use tellcare::domain::{Language, ServiceId, StoryId};
use tellcare_search::asked::SearchParams;
use tellcare_search::index::{SearchIndex, Writing};
use tellcare_search::{ServiceDoc, StoryDoc};

fn index() -> &'static SearchIndex {
    static INDEX: OnceLock<SearchIndex> = OnceLock::new();
    INDEX.get_or_init(|| {
        let dir = std::env::temp_dir().join(format!("tellcare-fuzz-search-{}", std::process::id()));
        let _ = std::fs::remove_dir_all(&dir);
        let service = tellcare::domain::service::Service {
            id: ServiceId::generate(),
            name: "The Carers' Cafe & Garden".into(),
            parent_id: None,
            description: None,
            archived: false,
            language: Language::Welsh,
        };
        let mut writing = Writing::open(&dir).expect("an index");
        let doc = ServiceDoc::of(std::slice::from_ref(&service), service.id).expect("the service");
        writing.service(service.id, Some(&doc)).expect("indexed");
        for (i, body) in [
            "The tea was cold and the parking full.",
            "Gŵr caredig iawn; roedd yr aros yn hir.",
            "Waiting, waited, waits: discharge took all day.",
        ]
        .iter()
        .enumerate()
        {
            let story = StoryDoc {
                id: StoryId::on_day_of(time::OffsetDateTime::now_utc()),
                title: format!("Story {i}"),
                body: body.repeat(20),
                answers: vec!["We are sorry; we have changed the rota.".into()],
                within: vec![service.id],
                published_at: time::OffsetDateTime::now_utc(),
                language: Language::English,
            };
            writing.story(story.id, Some(&story)).expect("indexed");
        }
        writing.commit().expect("committed");
        SearchIndex::open(&dir).expect("opened")
    })
}

fuzz_target!(|data: &[u8]| {
    let Ok(params) = serde_html_form::from_bytes::<SearchParams>(data) else { return };
    let Ok(asked) = params.parse() else { return };
    assert!(!asked.words.is_empty() && asked.words.chars().count() <= tellcare_search::asked::WORDS_MAX);
    let found = index().stories(&asked.query(10)).expect("a search answers");
    for hit in &found.hits {
        for mark in &hit.excerpt.marks {
            assert!(mark.start <= mark.end && mark.end <= hit.excerpt.text.len(), "a mark outside its excerpt");
            assert!(hit.excerpt.text.is_char_boundary(mark.start) && hit.excerpt.text.is_char_boundary(mark.end));
        }
        let _ = hit.excerpt.pieces();
    }
    let _ = index().services(&asked.words, asked.within, 8).expect("a search of services answers");
});
