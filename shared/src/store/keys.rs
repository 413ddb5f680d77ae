//! The one owner of the DynamoDB key layout. No other module spells a key.
//!
//! Two tables, both with string keys `pk` and `sk` and TTL on `expires_at` (epoch seconds):
//! - the main table, with two overloaded global secondary indexes (`gsi1`: `gsi1pk`/`gsi1sk`,
//!   `gsi2`: `gsi2pk`/`gsi2sk`, both projecting all attributes) and a stream of new and old
//!   images for the notifier;
//! - the private table, of what identifies an author, the tokens of emailed links and the
//!   salts: no index, no stream, and each function's IAM policy names the key prefixes (the
//!   first word of `pk`) it may touch. A key below is in the main table unless it says private.
//!
//! The schema itself lives only in `infra/template.yaml`; the local stack reads it from there.
//!
//! | item | pk | sk | gsi1pk / gsi1sk | gsi2pk / gsi2sk | ttl |
//! |---|---|---|---|---|---|
//! | service | `SERVICE#{id}` | `SERVICE` | `SERVICES` / `{id}` | | |
//! | responder | `SERVICE#{id}` | `RESPONDER#{id}` | | `RESPONDER_EMAIL#{sha256}` / `{id}` | |
//! | a member's address in a service (the guard of one member per address) | `SERVICE#{id}` | `MEMBER_EMAIL#{sha256}` | | | |
//! | staff change (members added or removed) | `CHANGES#{service}` | `CHANGE#{id}` | | | |
//! | invitation link | `LINK#{slug}` | `LINK` | `LINKS#{service}` / `{slug}` | | |
//! | story | `STORY#{id}` | `STORY` | `STATUS#{status}` / `{since}#{id}` | | |
//! | story tagged to a service | `STORY#{id}` | `SERVICE#{service}` | | `PUBLISHED#{service}` / `{published_at}#{id}`, only while published | |
//! | response, author reply | `STORY#{id}` | `RESPONSE#{id}`, `REPLY#{id}` | reply: `REPLIES#awaiting_moderation` (then `REPLIES#decided`) / `{received}#{id}` | | |
//! | audit entry | `STORY#{id}` | `AUDIT#{id}` | | | |
//! | private: the author's contact details, the text as written | `STORY#{id}` | `PRIVATE#contact`, `PRIVATE#original` | | | the retention period after the story is decided |
//! | private: emailed-link token | `TOKEN#{sha256}` | `TOKEN` | | | expiry + 60 days |
//! | private: a link's request for a new one, per day | `RENEWAL#{sha256}#{date}` | `RENEWAL` | | | two days |
//! | private: emails public routes caused to an address, per day | `MAILCAP#{sha256 of the address}#{date}` | `MAILCAP` | | | two days |
//! | idempotency key, rate counter, email-sent marker | `IDEMPOTENCY#{digest}`, `RATE#{client digest}#{window}`, `SENT#…` | same word | | | expiry |
//! | private: an invitation to set a password | `INVITE#{sha256}` | `INVITE` | | | expiry + 1 day |
//! | private: the day's salt of client digests | `SALT#{date}` | `SALT` | | | two days |
//! | a service's month of reports: a set of story elements per figure, each link's opens (`opened#{slug}`) | `REPORT#{service}` | `MONTH#{yyyy-mm}` | | | |
//! | what a story last added to the reports (its contributions) | `TALLY#{story}` | `TALLY` | | | |
//! | a published story's entry in a feed: the site's (`site`) or a service's, with what is under it (kept by the indexer) | `STORY#{id}` | `FEED#{scope}` | `FEED#{scope}` / `{published_at}#{id}` | | |
//!
//! Access patterns, with the requests each makes:
//!
//! | pattern | operation and key condition | index | requests |
//! |---|---|---|---|
//! | get a service | GetItem `SERVICE#{id}` / `SERVICE` | table | 1 |
//! | the whole service tree | Query `gsi1pk = SERVICES` | gsi1 | 1 per MB of services |
//! | create a service under a parent | TransactWriteItems: Put if `pk` absent + ConditionCheck parent exists | table | 1 |
//! | a service with its responders | Query `pk = SERVICE#{id}` | table | 1 |
//! | a link by slug | GetItem `LINK#{slug}` / `LINK` | table | 1 |
//! | a service's links | Query `gsi1pk = LINKS#{service}` | gsi1 | 1 |
//! | submit a story | TransactWriteItems: Put story, original text and private contact (private table), one item per service, audit entry, idempotency record (if a key or form token), each if absent + ConditionCheck each service exists and is not archived + Update the link's `submitted` if it is open | table | 1 (a GetItem more for a repeated key) |
//! | count a client's request | UpdateItem `ADD hits 1` on its window's counter, TTL set once | table | 1 (+1 or 2 per process per day for the salt) |
//! | a story as moderators read it: story, tags, audit trail; original text and contact | Query `pk = STORY#{id}` of each table, at once | table, private | 2 |
//! | the author's contact details, for the notifier | GetItem `STORY#{id}` / `PRIVATE#contact`, its attributes named | private | 1 |
//! | keep a decided story's private parts until the retention period ends | UpdateItem each `SET expires_at` if it exists (REMOVE when re-opened) | private | 2 |
//! | withdraw | the moderation transaction + Delete both private parts | table, private | 1 |
//! | forget the author's email; erase the contact details | TransactWriteItems: Update `REMOVE author_email` / Delete the contact, if there + Put audit entry | private, table | 1 |
//! | count an email a public route causes | UpdateItem `ADD sent 1` if `sent < 5` | private | 1 |
//! | the stories in one status (the queue: awaiting moderation), oldest first | Query `gsi1pk = STATUS#{status}`, ascending | gsi1 | 1 per MB |
//! | a moderation action | TransactWriteItems: Put story if `version` is the one read + Put audit entry if absent + ConditionCheck each added service + Put/Delete the changed service tags (with gsi2 while published) | table | 1 |
//! | published stories, newest first (`/api/opinions`), by date | Query `gsi1pk = STATUS#published`, descending, `gsi1sk` between the dates | gsi1 | 1 per page, + 1 Query per story for its responses |
//! | a public story page: story, its services' names, responses, replies | Query `pk = STORY#{id}`, `sk` between `REPLY#` and `STORY` | table | 1 |
//! | a service's published stories, newest first | Query `gsi2pk = PUBLISHED#{service}`, descending, `Limit` | gsi2 | 1 per page |
//! | publish a response | TransactWriteItems: Put response if absent + ConditionCheck the story is published + Put audit entry | table | 1 |
//! | edit or delete a response in its 30 minutes | UpdateItem / DeleteItem if `editable_until` is still ahead | table | 1 |
//! | the replies awaiting a moderator, oldest first | Query `gsi1pk = REPLIES#awaiting_moderation` | gsi1 | 1 |
//! | an author's reply; a moderator publishes it | TransactWriteItems: Put reply + Put audit entry; Update reply if awaiting + Put audit entry | table | 1 |
//! | an emailed link's token | GetItem `TOKEN#{hash}` / `TOKEN` (written by the notifier: PutItem) | private | 1 |
//! | send one email once | PutItem `SENT#{story}#{event}#{recipient}` if absent (or its claim went stale), then UpdateItem `status = sent` (DeleteItem if the send failed) | table | 2 |
//! | a member's memberships, in every service (by the account's email) | Query `gsi2pk = RESPONDER_EMAIL#{sha256}` | gsi2 | 1 |
//! | add or remove a member | TransactWriteItems: Put member and its address guard if absent / Delete both + Put change entry | table | 1 |
//! | a service's staff changes, newest first | Query `pk = CHANGES#{service}`, descending | table | 1 per page |
//! | a report: its service's months and those of every service under it | BatchGetItem of `REPORT#{service}` / `MONTH#{m}`, services × months | table | 1 per 100 cells |
//! | tally a changed story (the tallies function) | Query `pk = STORY#{id}` and GetItem its `TALLY`, consistent, at once; UpdateItem `DELETE` then `ADD` on each month it changed; PutItem the tally | table | 2 + 1 or 2 per month changed + 1 |
//! | tally a link's opens | GetItem the link, consistent; UpdateItem `SET opened#{slug}` on each month it was opened | table | 1 + 1 per month |
//! | a feed: the site's or a service's newest published stories with their answers | Query `gsi1pk = FEED#{scope}`, descending, `Limit` | gsi1 | 1 |
//! | keep a story's feed entries (the indexer) | Query `pk = STORY#{id}`, `sk` begins with `FEED#`, consistent; PutItem each feed it is in, DeleteItem each it left | table | 1 + 1 a feed |
//! | the responders of an address SES reported | Query `gsi2pk = RESPONDER_EMAIL#{sha256}`, then UpdateItem each | gsi2 | 1 + 1 each |

use std::collections::HashMap;

use aws_sdk_dynamodb::types::AttributeValue;

use crate::domain::link::Slug;
use crate::domain::report::Month;
use crate::domain::story::StoryStatus;
use crate::domain::{ReplyId, ResponderId, ResponseId, ServiceId, StoryId};

pub const PK: &str = "pk";
pub const SK: &str = "sk";
pub const GSI1: &str = "gsi1";
pub const GSI1_PK: &str = "gsi1pk";
pub const GSI1_SK: &str = "gsi1sk";
pub const GSI2: &str = "gsi2";
pub const GSI2_PK: &str = "gsi2pk";
pub const GSI2_SK: &str = "gsi2sk";
pub const TTL: &str = "expires_at";

/// A primary key.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Key {
    pub pk: String,
    pub sk: String,
}

impl Key {
    pub fn to_attributes(&self) -> HashMap<String, AttributeValue> {
        HashMap::from([
            (PK.to_owned(), AttributeValue::S(self.pk.clone())),
            (SK.to_owned(), AttributeValue::S(self.sk.clone())),
        ])
    }
}

pub fn service(id: ServiceId) -> Key {
    Key { pk: format!("SERVICE#{id}"), sk: "SERVICE".into() }
}

/// gsi1 partition holding every service, for the tree.
pub const ALL_SERVICES: &str = "SERVICES";

pub const RESPONDER_PREFIX: &str = "RESPONDER#";

pub fn responder(service: ServiceId, id: ResponderId) -> Key {
    Key { pk: format!("SERVICE#{service}"), sk: format!("{RESPONDER_PREFIX}{id}") }
}

/// A change to a service's staff, in the service's trail of them (a partition of its own, so
/// that reading the service and its members never reads its history).
pub fn staff_change(service: ServiceId, id: ulid::Ulid) -> Key {
    Key { pk: staff_changes_of(service), sk: format!("{STAFF_CHANGE_PREFIX}{id}") }
}

pub fn staff_changes_of(service: ServiceId) -> String {
    format!("CHANGES#{service}")
}

/// The sort key prefix of staff changes: the notifier's stream filter names it.
pub const STAFF_CHANGE_PREFIX: &str = "CHANGE#";

/// A private invitation to set a password, by its token's digest.
pub fn invitation(digest: &str) -> Key {
    Key { pk: format!("INVITE#{digest}"), sk: "INVITE".into() }
}

/// The gsi1 partition of the members who chose a digest.
pub fn digest_members(digest: crate::domain::responder::Digest) -> String {
    format!("DIGEST#{}", digest.code())
}

/// One per address in a service: two admins adding the same person at once write one member.
pub fn member_email(service: ServiceId, email_digest: &str) -> Key {
    Key { pk: format!("SERVICE#{service}"), sk: format!("MEMBER_EMAIL#{email_digest}") }
}

pub fn link(slug: &Slug) -> Key {
    Key { pk: format!("LINK#{slug}"), sk: "LINK".into() }
}

/// The slug of a link's key.
pub fn link_of(pk: &str) -> Option<&str> {
    pk.strip_prefix("LINK#")
}

/// gsi1 partition of a service's links.
pub fn links_of(service: ServiceId) -> String {
    format!("LINKS#{service}")
}

pub fn story(id: StoryId) -> Key {
    Key { pk: format!("STORY#{id}"), sk: "STORY".into() }
}

/// The sort key of a story's own item (its state).
pub fn story_state_sk() -> &'static str {
    "STORY"
}

/// The story a key of its partition belongs to.
pub fn story_of(pk: &str) -> Option<StoryId> {
    pk.strip_prefix("STORY#")?.parse().ok()
}

/// The text as the author wrote it, kept beside the moderated one.
pub fn story_original(id: StoryId) -> Key {
    Key { pk: format!("STORY#{id}"), sk: "PRIVATE#original".into() }
}

/// The author's email and postcode: read by moderators and the notifier only.
pub fn story_contact(id: StoryId) -> Key {
    Key { pk: format!("STORY#{id}"), sk: "PRIVATE#contact".into() }
}

pub fn story_service(id: StoryId, service: ServiceId) -> Key {
    Key { pk: format!("STORY#{id}"), sk: format!("SERVICE#{service}") }
}

/// How many answers a story has from one of its services, and when the first came: whether
/// it is answered, on the staff's dashboard and in reports.
pub fn answers_from(story: StoryId, service: ServiceId) -> Key {
    Key { pk: format!("STORY#{story}"), sk: format!("ANSWERS#{service}") }
}

pub fn response(story: StoryId, id: ResponseId) -> Key {
    Key { pk: format!("STORY#{story}"), sk: format!("RESPONSE#{id}") }
}

pub fn reply(story: StoryId, id: ReplyId) -> Key {
    Key { pk: format!("STORY#{story}"), sk: format!("REPLY#{id}") }
}

/// gsi1 partition of the authors' replies that await a moderator.
pub const REPLIES_AWAITING: &str = "REPLIES#awaiting_moderation";
/// gsi1 partition of the replies a moderator has decided on.
pub const REPLIES_DECIDED: &str = "REPLIES#decided";

/// The sort keys of a story's public items: its replies, responses, service tags and itself
/// (`REPLY#` < `RESPONSE#` < `SERVICE#` < `STORY`), and none of its private ones
/// (`AUDIT#`, `PRIVATE#` sort before).
pub const PUBLIC_FROM: &str = "REPLY#";
pub const PUBLIC_TO: &str = "STORY";

pub fn story_audit(id: StoryId, entry: ulid::Ulid) -> Key {
    Key { pk: format!("STORY#{id}"), sk: format!("AUDIT#{entry}") }
}

/// The entry's own id, from an audit entry's sort key.
pub fn audit_entry_of(sk: &str) -> Option<&str> {
    sk.strip_prefix("AUDIT#")
}

/// gsi2 partition of a service's published stories.
pub fn published_in(service: ServiceId) -> String {
    format!("PUBLISHED#{service}")
}

/// gsi1 partition of the stories in one status.
pub fn stories_in(status: StoryStatus) -> String {
    format!("STATUS#{}", status.code())
}

/// An idempotency key, by digest: what a client sends is never a key as typed.
pub fn idempotency(digest: &str) -> Key {
    Key { pk: format!("IDEMPOTENCY#{digest}"), sk: "IDEMPOTENCY".into() }
}

/// A rate counter of one client (by salted digest) in one window.
pub fn rate_counter(client_digest: &str, window: i64) -> Key {
    Key { pk: format!("RATE#{client_digest}#{window}"), sk: "RATE".into() }
}

/// gsi2 partition of the responders with one email address (by digest), for SES's reports.
pub fn responders_with_email(digest: &str) -> String {
    format!("RESPONDER_EMAIL#{digest}")
}

/// An emailed link's token, by digest: the token itself is never stored.
pub fn token(digest: &str) -> Key {
    Key { pk: format!("TOKEN#{digest}"), sk: "TOKEN".into() }
}

/// The mark that an emailed link asked for a new one on `day` (one a day).
pub fn renewal(token_digest: &str, day: time::Date) -> Key {
    Key { pk: format!("RENEWAL#{token_digest}#{day}"), sk: "RENEWAL".into() }
}

/// The mark that one email of one event went (or is going) to one recipient.
pub fn sent_marker(event: &str, recipient: &str) -> Key {
    Key { pk: format!("SENT#{event}#{recipient}"), sk: "SENT".into() }
}

/// The count of emails public routes caused to one address (by digest) on one day.
pub fn public_emails(address_digest: &str, day: time::Date) -> Key {
    Key { pk: format!("MAILCAP#{address_digest}#{day}"), sk: "MAILCAP".into() }
}

/// The salt of one day's client digests (rate limits), gone by TTL.
pub fn daily_salt(day: &str) -> Key {
    Key { pk: format!("SALT#{day}"), sk: "SALT".into() }
}

/// A service's month of reports.
pub fn report_cell(service: ServiceId, month: Month) -> Key {
    Key { pk: format!("{REPORT_PREFIX}{service}"), sk: format!("MONTH#{month}") }
}

pub const REPORT_PREFIX: &str = "REPORT#";

/// The service and month of a report cell's key.
pub fn report_cell_of(pk: &str, sk: &str) -> Option<(ServiceId, Month)> {
    let service = pk.strip_prefix(REPORT_PREFIX)?.parse().ok()?;
    Some((service, Month::parse(sk.strip_prefix("MONTH#")?).ok()?))
}

/// The attribute of a report cell that holds one link's opens in its month.
pub fn link_opens_of(slug: &str) -> String {
    format!("{LINK_OPENS_PREFIX}{slug}")
}

pub const LINK_OPENS_PREFIX: &str = "opened#";

/// The attribute of a link that counts its opens in one month.
pub fn link_opens_in(month: Month) -> String {
    format!("{LINK_MONTH_OPENS_PREFIX}{month}")
}

pub const LINK_MONTH_OPENS_PREFIX: &str = "opened_";

/// What a story last added to the reports: apart from its partition, so that a story erased
/// whole still has its contributions taken away.
pub fn tally(story: StoryId) -> Key {
    Key { pk: format!("{TALLY_PREFIX}{story}"), sk: "TALLY".into() }
}

pub const TALLY_PREFIX: &str = "TALLY#";

/// The sort key prefix of a story's feed entries (`FEED#site`, `FEED#{service}`).
pub const FEED_ENTRY_PREFIX: &str = "FEED#";

/// A story's entry in the feed of `scope` (`site`, or a service's id).
pub fn feed_entry(story: StoryId, scope: &str) -> Key {
    Key { pk: format!("STORY#{story}"), sk: format!("{FEED_ENTRY_PREFIX}{scope}") }
}

/// The gsi1 partition of a feed's entries.
pub fn feed(scope: &str) -> String {
    format!("{FEED_ENTRY_PREFIX}{scope}")
}

/// The kinds of item in a story's partition, by sort key.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum StoryItemKind {
    Story,
    Original,
    Contact,
    Audit,
    Service,
    Response,
    Reply,
    Other,
}

pub fn story_item_kind(sk: &str) -> StoryItemKind {
    match sk {
        "STORY" => StoryItemKind::Story,
        "PRIVATE#original" => StoryItemKind::Original,
        "PRIVATE#contact" => StoryItemKind::Contact,
        _ if sk.starts_with("AUDIT#") => StoryItemKind::Audit,
        _ if sk.starts_with("SERVICE#") => StoryItemKind::Service,
        _ if sk.starts_with("RESPONSE#") => StoryItemKind::Response,
        _ if sk.starts_with("REPLY#") => StoryItemKind::Reply,
        _ => StoryItemKind::Other,
    }
}
