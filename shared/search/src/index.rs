//! The index on local disk: opened to search, or written by the one writer.

use std::ops::Bound;
use std::path::Path;

use tantivy::collector::TopDocs;
use tantivy::query::{BooleanQuery, BoostQuery, FuzzyTermQuery, Occur, Query, RangeQuery, TermQuery};
use tantivy::schema::{IndexRecordOption, Value};
use tantivy::snippet::SnippetGenerator;
use tantivy::{DateTime, DocAddress, Index, IndexReader, IndexWriter, ReloadPolicy, Score, TantivyDocument, Term};
use tellcare::domain::story::StoryStatus;
use tellcare::domain::{Language, ServiceId, StoryId};
use time::OffsetDateTime;

use crate::SearchError;
use crate::documents::{ServiceDoc, StaffStoryDoc, StoryDoc};
use crate::schema::{self, Fields};
use crate::words;

/// The writer's memory before it writes a segment: the least tantivy takes is 15 MB.
const WRITER_MEMORY: usize = 32_000_000;
/// How long an excerpt is, in characters.
const EXCERPT_CHARS: usize = 220;

pub struct SearchIndex {
    reader: IndexReader,
    fields: Fields,
}

/// A story that matched, with the words that matched in context.
#[derive(Clone, Debug, PartialEq)]
pub struct StoryHit {
    pub id: StoryId,
    /// In the staff index, its status; none in the public one (everything there is published).
    pub status: Option<StoryStatus>,
    pub title: String,
    pub excerpt: Excerpt,
    pub published_at: OffsetDateTime,
    pub language: Language,
}

/// A piece of a story or of an answer, and where in it the words asked for are.
#[derive(Clone, Debug, Default, PartialEq)]
pub struct Excerpt {
    pub text: String,
    /// Byte ranges of `text`.
    pub marks: Vec<std::ops::Range<usize>>,
}

impl Excerpt {
    /// The excerpt as pieces, each marked or not, for a page to draw.
    pub fn pieces(&self) -> Vec<(&str, bool)> {
        let mut pieces = Vec::new();
        let mut at = 0;
        for mark in &self.marks {
            if mark.start > at {
                pieces.push((&self.text[at..mark.start], false));
            }
            pieces.push((&self.text[mark.clone()], true));
            at = mark.end;
        }
        if at < self.text.len() {
            pieces.push((&self.text[at..], false));
        }
        pieces
    }
}

#[derive(Clone, Debug, PartialEq)]
pub struct ServiceHit {
    pub id: ServiceId,
    pub name: String,
    pub parent_id: Option<ServiceId>,
    pub place: Vec<String>,
}

/// What a search of stories asks.
#[derive(Clone, Debug, Default)]
pub struct StoryQuery {
    pub words: String,
    /// Only stories about this service or a service under it.
    pub within: Option<ServiceId>,
    /// Only stories within one of these services (a member of staff's reach); none for all.
    pub reach: Option<Vec<ServiceId>>,
    /// In the staff index, only stories in this status.
    pub status: Option<StoryStatus>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
    pub offset: usize,
    pub limit: usize,
}

pub struct StoryHits {
    pub hits: Vec<StoryHit>,
    /// Whether more follow this page.
    pub more: bool,
}

fn open_with_words(index: Index) -> Index {
    index.tokenizers().register(words::NAMES, words::names());
    index.tokenizers().register(words::PROSE, words::prose());
    index
}

/// Opens the index in `dir`, or makes an empty one there.
pub fn open_or_create(dir: &Path) -> Result<Index, SearchError> {
    let index = match Index::open_in_dir(dir) {
        Ok(index) => index,
        Err(tantivy::TantivyError::OpenDirectoryError(_) | tantivy::TantivyError::OpenReadError(_)) => {
            std::fs::create_dir_all(dir)?;
            Index::create_in_dir(dir, schema::build().0)?
        }
        Err(err) => return Err(err.into()),
    };
    Ok(open_with_words(index))
}

fn fields_of(index: &Index) -> Result<Fields, SearchError> {
    let (expected, fields) = schema::build();
    if index.schema() != expected {
        return Err(SearchError::Schema);
    }
    Ok(fields)
}

fn date(at: OffsetDateTime) -> DateTime {
    DateTime::from_utc(at)
}

impl SearchIndex {
    pub fn open(dir: &Path) -> Result<SearchIndex, SearchError> {
        let index = open_or_create(dir)?;
        let fields = fields_of(&index)?;
        let reader = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?;
        Ok(SearchIndex { reader, fields })
    }

    /// Published stories and their answers that have the words, most relevant first, then
    /// newest.
    pub fn stories(&self, query: &StoryQuery) -> Result<StoryHits, SearchError> {
        let f = self.fields;
        let Some(words) = self.any_of_the_words(&query.words) else {
            return Ok(StoryHits { hits: vec![], more: false });
        };
        let mut parts: Vec<(Occur, Box<dyn Query>)> =
            vec![(Occur::Must, words), (Occur::Must, self.kind(schema::STORY))];
        if let Some(service) = query.within {
            parts.push((Occur::Must, self.within(service)));
        }
        if let Some(reach) = &query.reach {
            let any = reach.iter().map(|service| (Occur::Should, self.within(*service))).collect();
            parts.push((Occur::Must, Box::new(BooleanQuery::new(any))));
        }
        if let Some(status) = query.status {
            let term = Term::from_field_text(f.status, status.code());
            parts.push((Occur::Must, Box::new(TermQuery::new(term, IndexRecordOption::Basic))));
        }
        if query.from.is_some() || query.to.is_some() {
            let bound = |at: Option<OffsetDateTime>| match at {
                Some(at) => Bound::Included(Term::from_field_date(f.published_at, date(at))),
                None => Bound::Unbounded,
            };
            parts.push((Occur::Must, Box::new(RangeQuery::new(bound(query.from), bound(query.to)))));
        }
        let query_all = BooleanQuery::new(parts);
        let searcher = self.reader.searcher();
        // Relevance first (to a tenth, so that near-equals go by date), then the newest.
        let collector = TopDocs::with_limit(query.limit + 1).and_offset(query.offset).tweak_score(
            move |segment: &tantivy::SegmentReader| {
                let published =
                    segment.fast_fields().date("published_at").ok().map(|c| c.first_or_default_col(DateTime::MIN));
                move |doc: tantivy::DocId, score: Score| {
                    let at = published.as_ref().map_or(0, |c| c.get_val(doc).into_timestamp_secs());
                    ((score * 10.0).round() as i64, at)
                }
            },
        );
        let found: Vec<((i64, i64), DocAddress)> = searcher.search(&query_all, &collector)?;
        let more = found.len() > query.limit;
        // The excerpt comes from the first of these that has the words.
        let mut snippets = Vec::new();
        for field in [f.body, f.answers, f.original, f.notes] {
            let mut generator = SnippetGenerator::create(&searcher, &query_all, field)?;
            generator.set_max_num_chars(EXCERPT_CHARS);
            snippets.push(generator);
        }
        let mut hits = Vec::new();
        for (_, address) in found.into_iter().take(query.limit) {
            let doc: TantivyDocument = searcher.doc(address)?;
            let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
            let excerpt = snippets
                .iter()
                .map(|generator| generator.snippet_from_doc(&doc))
                .find(|snippet| !snippet.highlighted().is_empty())
                .map_or_else(
                    || Excerpt { text: tellcare::domain::text::start_of(&text(f.body), EXCERPT_CHARS), marks: vec![] },
                    |snippet| Excerpt { text: snippet.fragment().to_owned(), marks: snippet.highlighted().to_vec() },
                );
            let Ok(id) = text(f.id).parse() else { continue };
            let published_at = doc
                .get_first(f.published_at)
                .and_then(|v| v.as_datetime())
                .and_then(|d| OffsetDateTime::from_unix_timestamp(d.into_timestamp_secs()).ok())
                .unwrap_or(OffsetDateTime::UNIX_EPOCH);
            hits.push(StoryHit {
                id,
                status: StoryStatus::parse(&text(f.status)).ok(),
                title: text(f.title),
                excerpt,
                published_at,
                language: Language::parse(&text(f.language)).unwrap_or_default(),
            });
        }
        Ok(StoryHits { hits, more })
    }

    /// Services whose name has every word asked, each allowing a typo (two in a long word),
    /// the last word also as the start of one.
    pub fn services(
        &self,
        asked: &str,
        within: Option<ServiceId>,
        limit: usize,
    ) -> Result<Vec<ServiceHit>, SearchError> {
        let f = self.fields;
        let asked = words::analysed(&mut words::names(), asked);
        if asked.is_empty() {
            return Ok(vec![]);
        }
        let last = asked.len() - 1;
        let mut parts: Vec<(Occur, Box<dyn Query>)> = vec![(Occur::Must, self.kind(schema::SERVICE))];
        if let Some(service) = within {
            parts.push((Occur::Must, self.within(service)));
        }
        for (i, word) in asked.iter().enumerate() {
            let term = Term::from_field_text(f.name, word);
            let typos = match word.chars().count() {
                0..=3 => 0,
                4..=7 => 1,
                _ => 2,
            };
            let fuzzy: Box<dyn Query> = if i == last {
                Box::new(FuzzyTermQuery::new_prefix(term.clone(), typos, true))
            } else {
                Box::new(FuzzyTermQuery::new(term.clone(), typos, true))
            };
            // A word as typed scores above one it is a typo of (fuzzy matches all score alike).
            let exact: Box<dyn Query> =
                Box::new(BoostQuery::new(Box::new(TermQuery::new(term, IndexRecordOption::WithFreqs)), 2.0));
            parts
                .push((Occur::Must, Box::new(BooleanQuery::new(vec![(Occur::Should, exact), (Occur::Should, fuzzy)]))));
        }
        let searcher = self.reader.searcher();
        let found = searcher.search(&BooleanQuery::new(parts), &TopDocs::with_limit(limit).order_by_score())?;
        let mut hits = Vec::new();
        for (_, address) in found {
            hits.extend(self.service_hit(&searcher.doc(address)?)?);
        }
        Ok(hits)
    }

    /// One service by its id, as the index has it.
    pub fn service(&self, id: ServiceId) -> Result<Option<ServiceHit>, SearchError> {
        let searcher = self.reader.searcher();
        let query = BooleanQuery::new(vec![
            (Occur::Must, self.kind(schema::SERVICE)),
            (
                Occur::Must,
                Box::new(TermQuery::new(
                    Term::from_field_text(self.fields.id, &id.to_string()),
                    IndexRecordOption::Basic,
                )) as Box<dyn Query>,
            ),
        ]);
        let found = searcher.search(&query, &TopDocs::with_limit(1).order_by_score())?;
        found.first().map(|(_, address)| self.service_hit(&searcher.doc(*address)?)).transpose().map(Option::flatten)
    }

    fn service_hit(&self, doc: &TantivyDocument) -> Result<Option<ServiceHit>, SearchError> {
        let f = self.fields;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        let Ok(id) = text(f.id).parse() else { return Ok(None) };
        Ok(Some(ServiceHit {
            id,
            name: text(f.name),
            parent_id: text(f.parent_id).parse().ok(),
            place: doc.get_all(f.place).filter_map(|v| v.as_str().map(str::to_owned)).collect(),
        }))
    }

    /// How many stories and services it holds.
    pub fn count(&self) -> Result<(usize, usize), SearchError> {
        let searcher = self.reader.searcher();
        let count = |kind| searcher.search(&self.kind(kind), &tantivy::collector::Count);
        Ok((count(schema::STORY)?, count(schema::SERVICE)?))
    }

    /// Stories with any of the words asked, in the title (counted twice), the text or an
    /// answer; in the staff index also the text as written and the notes. A person's words, not
    /// a query language: quotes, brackets and `AND` are words or nothing. None if no word is left.
    fn any_of_the_words(&self, asked: &str) -> Option<Box<dyn Query>> {
        let f = self.fields;
        let mut asked = words::analysed(&mut words::prose(), asked);
        asked.sort_unstable();
        asked.dedup();
        let mut any: Vec<(Occur, Box<dyn Query>)> = Vec::new();
        for word in &asked {
            for field in [f.title, f.body, f.answers, f.original, f.notes] {
                let term: Box<dyn Query> =
                    Box::new(TermQuery::new(Term::from_field_text(field, word), IndexRecordOption::WithFreqs));
                let term = if field == f.title { Box::new(BoostQuery::new(term, 2.0)) } else { term };
                any.push((Occur::Should, term));
            }
        }
        (!any.is_empty()).then(|| Box::new(BooleanQuery::new(any)) as Box<dyn Query>)
    }

    /// What is about `service` or a service under it.
    fn within(&self, service: ServiceId) -> Box<dyn Query> {
        let term = Term::from_field_text(self.fields.within, &service.to_string());
        Box::new(TermQuery::new(term, IndexRecordOption::Basic))
    }

    fn kind(&self, kind: &str) -> Box<dyn Query> {
        Box::new(TermQuery::new(Term::from_field_text(self.fields.kind, kind), IndexRecordOption::Basic))
    }
}

/// The one writer's changes, made on local disk and committed together.
pub struct Writing {
    index: Index,
    writer: IndexWriter,
    fields: Fields,
    /// The index as last committed, to compare a story with what it was.
    before: tantivy::Searcher,
    /// The segments holding a story whose words must leave the files (withdrawn, or edited).
    purge: std::collections::HashSet<tantivy::index::SegmentId>,
}

impl Writing {
    pub fn open(dir: &Path) -> Result<Writing, SearchError> {
        let index = open_or_create(dir)?;
        let fields = fields_of(&index)?;
        let writer = index.writer_with_num_threads(1, WRITER_MEMORY)?;
        let before = index.reader_builder().reload_policy(ReloadPolicy::Manual).try_into()?.searcher();
        Ok(Writing { index, writer, fields, before, purge: Default::default() })
    }

    fn forget(&mut self, id: &str) {
        self.writer.delete_term(Term::from_field_text(self.fields.id, id));
    }

    /// The title, text and text as written of the story `id` as last committed.
    fn as_it_was(&self, id: &str) -> Result<Option<(String, String, String)>, SearchError> {
        let f = self.fields;
        let query = TermQuery::new(Term::from_field_text(f.id, id), IndexRecordOption::Basic);
        let Some((_, address)) = self.before.search(&query, &TopDocs::with_limit(1).order_by_score())?.pop() else {
            return Ok(None);
        };
        let doc: TantivyDocument = self.before.doc(address)?;
        let text = |field| doc.get_first(field).and_then(|v| v.as_str()).unwrap_or_default().to_owned();
        Ok(Some((text(f.title), text(f.body), text(f.original))))
    }

    /// A story as it is now: put in if published, taken out if not. When it is taken out or
    /// its title or text changed (a moderator's edit), the segment that held it is rewritten at
    /// the commit, so its old words leave the files; a new answer alone rewrites nothing.
    pub fn story(&mut self, id: StoryId, doc: Option<&StoryDoc>) -> Result<(), SearchError> {
        let words = doc.map(|d| (d.title.clone(), d.body.clone(), String::new()));
        self.purge_if_words_left(id, words)?;
        self.forget(&id.to_string());
        let Some(doc) = doc else { return Ok(()) };
        let document = self.story_document(doc);
        self.writer.add_document(document)?;
        Ok(())
    }

    /// A story in the staff index, in any status; taken out when it is gone from the table.
    /// Its segment is rewritten when its title, text or text as written changed or left.
    pub fn staff_story(&mut self, id: StoryId, doc: Option<&StaffStoryDoc>) -> Result<(), SearchError> {
        let f = self.fields;
        let original = |d: &StaffStoryDoc| d.original.as_ref().map(|o| format!("{}\n{}", o.title, o.body));
        let words = doc.map(|d| (d.story.title.clone(), d.story.body.clone(), original(d).unwrap_or_default()));
        self.purge_if_words_left(id, words)?;
        self.forget(&id.to_string());
        let Some(doc) = doc else { return Ok(()) };
        let mut document = self.story_document(&doc.story);
        document.add_text(f.status, doc.status.code());
        if let Some(original) = original(doc) {
            document.add_text(f.original, original);
        }
        for note in &doc.notes {
            document.add_text(f.notes, note);
        }
        self.writer.add_document(document)?;
        Ok(())
    }

    /// Marks for rewriting every segment that ever held the story, unless its words (title,
    /// text, text as written) are what they were.
    fn purge_if_words_left(&mut self, id: StoryId, now: Option<(String, String, String)>) -> Result<(), SearchError> {
        let f = self.fields;
        if let Some(then) = self.as_it_was(&id.to_string())?
            && now.is_none_or(|now| now != then)
        {
            // Every segment that ever held it: older versions, deleted, are in their files too.
            let term = Term::from_field_text(f.id, &id.to_string());
            for segment in self.before.segment_readers() {
                if segment.inverted_index(f.id)?.get_term_info(&term)?.is_some() {
                    self.purge.insert(segment.segment_id());
                }
            }
        }
        Ok(())
    }

    fn story_document(&self, doc: &StoryDoc) -> TantivyDocument {
        let f = self.fields;
        let mut document = TantivyDocument::default();
        document.add_text(f.kind, schema::STORY);
        document.add_text(f.id, doc.id.to_string());
        document.add_text(f.title, &doc.title);
        document.add_text(f.body, &doc.body);
        for answer in &doc.answers {
            document.add_text(f.answers, answer);
        }
        for service in &doc.within {
            document.add_text(f.within, service.to_string());
        }
        document.add_date(f.published_at, date(doc.published_at));
        document.add_text(f.language, doc.language.code());
        document
    }

    /// A service as it is now, or taken out.
    pub fn service(&mut self, id: ServiceId, doc: Option<&ServiceDoc>) -> Result<(), SearchError> {
        let f = self.fields;
        self.forget(&id.to_string());
        let Some(doc) = doc else { return Ok(()) };
        let mut document = TantivyDocument::default();
        document.add_text(f.kind, schema::SERVICE);
        document.add_text(f.id, doc.id.to_string());
        document.add_text(f.name, &doc.name);
        if let Some(parent) = doc.parent_id {
            document.add_text(f.parent_id, parent.to_string());
        }
        for name in &doc.place {
            document.add_text(f.place, name);
        }
        for service in &doc.within {
            document.add_text(f.within, service.to_string());
        }
        self.writer.add_document(document)?;
        Ok(())
    }

    /// Everything out, for a rebuild.
    pub fn clear(&mut self) -> Result<(), SearchError> {
        self.writer.delete_all_documents()?;
        Ok(())
    }

    /// Commits, rewrites the segments that held a story withdrawn or edited (so its old words
    /// are gone from the files, not only hidden), waits for merges to end, and names the
    /// segments the index is now made of.
    pub fn commit(mut self) -> Result<Vec<String>, SearchError> {
        self.writer.commit()?;
        let to_purge: Vec<tantivy::index::SegmentId> = self
            .index
            .searchable_segment_metas()?
            .iter()
            .map(|s| s.id())
            .filter(|id| self.purge.contains(id))
            .collect();
        if !to_purge.is_empty() {
            self.writer.merge(&to_purge).wait()?;
        }
        self.writer.wait_merging_threads()?;
        let segments: Vec<String> =
            self.index.searchable_segment_metas()?.iter().map(|s| s.id().uuid_string()).collect();
        Ok(segments)
    }
}
