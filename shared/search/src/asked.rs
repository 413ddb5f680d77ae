//! A search as an address asks it: the words, the service it is within, dates, where the page
//! starts, and for staff a status. Read the same by the public search and the staff's.

use base64::Engine;
use base64::engine::general_purpose::URL_SAFE_NO_PAD;
use serde::Deserialize;
use tellcare::domain::story::StoryStatus;
use tellcare::domain::{FieldErrors, Message, ServiceId};
use tellcare::web::params;
use time::OffsetDateTime;

/// How deep results go by cursor: past it, fewer words narrow the search better than paging.
pub const DEEPEST: usize = 500;
/// The longest search, in characters.
pub const WORDS_MAX: usize = 200;

/// What the address asks, as typed.
#[derive(Clone, Debug, Default, Deserialize)]
#[serde(default)]
pub struct SearchParams {
    pub q: Option<String>,
    /// Staff only: a status (`awaiting_moderation`, `published`...).
    pub status: Option<String>,
    pub service_id: Option<String>,
    pub from: Option<String>,
    pub to: Option<String>,
    pub cursor: Option<String>,
}

/// A search that can be run.
#[derive(Clone, Debug)]
pub struct Asked {
    pub words: String,
    pub status: Option<StoryStatus>,
    pub within: Option<ServiceId>,
    pub from: Option<OffsetDateTime>,
    pub to: Option<OffsetDateTime>,
    pub offset: usize,
}

impl SearchParams {
    pub fn words(&self) -> &str {
        self.q.as_deref().map(str::trim).unwrap_or_default()
    }

    pub fn parse(&self) -> Result<Asked, FieldErrors> {
        let mut errors = FieldErrors::default();
        let words = self.words();
        if words.is_empty() {
            errors.check::<(), _>("q", Err(Message::new("search-missing")));
        } else if words.chars().count() > WORDS_MAX {
            errors.check::<(), _>("q", Err(Message::new("search-too-long").with("max", WORDS_MAX)));
        }
        let within = errors.check("service_id", params::optional_service(self.service_id.as_deref()));
        let status = match self.status.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
            None => Some(None),
            Some(raw) => errors.check("status", StoryStatus::parse(raw).map(Some)),
        };
        let from = errors.check("from", params::moment(self.from.as_deref(), false));
        let to = errors.check("to", params::moment(self.to.as_deref(), true));
        let offset = match self.cursor.as_deref().map(str::trim).filter(|c| !c.is_empty()) {
            None => Some(0),
            Some(raw) => errors.check("cursor", Cursor::parse(raw).map(|c| c.0).ok_or(Message::new("search-cursor"))),
        };
        errors.into_result(|| Asked {
            words: words.to_owned(),
            status: status.flatten(),
            within: within.flatten(),
            from: from.flatten(),
            to: to.flatten(),
            offset: offset.unwrap_or_default(),
        })
    }
}

/// Where the next page of results starts: an offset, opaque to clients.
pub struct Cursor(pub usize);

impl Cursor {
    pub fn parse(raw: &str) -> Option<Cursor> {
        let bytes = URL_SAFE_NO_PAD.decode(raw).ok()?;
        let offset: usize = std::str::from_utf8(&bytes).ok()?.strip_prefix("o")?.parse().ok()?;
        (offset <= DEEPEST).then_some(Cursor(offset))
    }

    pub fn encoded(&self) -> String {
        URL_SAFE_NO_PAD.encode(format!("o{}", self.0))
    }
}

/// The same search with the next page's cursor.
pub fn next_page(path: &str, raw: &str, cursor: &str) -> String {
    let mut pairs: Vec<(String, String)> = url::form_urlencoded::parse(raw.as_bytes())
        .filter(|(k, _)| k != "cursor")
        .map(|(k, v)| (k.into_owned(), v.into_owned()))
        .collect();
    pairs.push(("cursor".into(), cursor.to_owned()));
    format!("{path}?{}", url::form_urlencoded::Serializer::new(String::new()).extend_pairs(pairs).finish())
}

impl Asked {
    /// The stories' query, `limit` a page.
    pub fn query(&self, limit: usize) -> crate::StoryQuery {
        crate::StoryQuery {
            words: self.words.clone(),
            within: self.within,
            reach: None,
            status: self.status,
            from: self.from,
            to: self.to,
            offset: self.offset,
            limit,
        }
    }

    /// The cursor of the page after `found`, while there is one within [`DEEPEST`].
    pub fn next_cursor(&self, found: &crate::StoryHits) -> Option<String> {
        let next = self.offset + found.hits.len();
        (found.more && next <= DEEPEST).then(|| Cursor(next).encoded())
    }
}
