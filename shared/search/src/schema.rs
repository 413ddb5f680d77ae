//! The index's one schema: stories and services side by side, told apart by `kind`.

use tantivy::schema::{
    DateOptions, DateTimePrecision, Field, INDEXED, IndexRecordOption, STORED, STRING, Schema, TextFieldIndexing,
    TextOptions,
};

use crate::words;

#[derive(Clone, Copy)]
pub struct Fields {
    /// `story` or `service`.
    pub kind: Field,
    pub id: Field,
    pub title: Field,
    pub body: Field,
    /// Each answer's text, one value each.
    pub answers: Field,
    /// A service's name.
    pub name: Field,
    /// A service's parent, and the names above it, outermost first.
    pub parent_id: Field,
    pub place: Field,
    /// The services a story is about, or a service itself, with every service above them: a
    /// search within a service finds what is under it.
    pub within: Field,
    /// When it was published; in the staff index, when it was told if it is not published.
    pub published_at: Field,
    pub language: Field,
    /// The staff index only: the text as the author wrote it (while the story is undecided),
    /// moderators' notes, and the status.
    pub original: Field,
    pub notes: Field,
    pub status: Field,
}

pub const STORY: &str = "story";
pub const SERVICE: &str = "service";

fn text(analyzer: &str) -> TextOptions {
    TextOptions::default()
        .set_indexing_options(
            TextFieldIndexing::default()
                .set_tokenizer(analyzer)
                .set_index_option(IndexRecordOption::WithFreqsAndPositions),
        )
        .set_stored()
}

pub fn build() -> (Schema, Fields) {
    let mut schema = Schema::builder();
    let fields = Fields {
        kind: schema.add_text_field("kind", STRING),
        id: schema.add_text_field("id", STRING | STORED),
        title: schema.add_text_field("title", text(words::PROSE)),
        body: schema.add_text_field("body", text(words::PROSE)),
        answers: schema.add_text_field("answers", text(words::PROSE)),
        name: schema.add_text_field("name", text(words::NAMES)),
        parent_id: schema.add_text_field("parent_id", STORED),
        place: schema.add_text_field("place", STORED),
        within: schema.add_text_field("within", STRING),
        published_at: schema.add_date_field(
            "published_at",
            DateOptions::from(INDEXED | STORED).set_fast().set_precision(DateTimePrecision::Seconds),
        ),
        language: schema.add_text_field("language", STORED),
        original: schema.add_text_field("original", text(words::PROSE)),
        notes: schema.add_text_field("notes", text(words::PROSE)),
        status: schema.add_text_field("status", STRING | STORED),
    };
    (schema.build(), fields)
}
