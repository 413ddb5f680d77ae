//! Identification hints: what in a story may identify the author or a member of staff, marked
//! for a moderator to decide on. A hint is a pointer, never a verdict: nothing is removed here.

use std::sync::LazyLock;

use regex_lite::Regex;
use serde::Serialize;

use super::Message;
use super::story::Postcode;

#[derive(Clone, Copy, Debug, PartialEq, Eq, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum HintKind {
    Email,
    Phone,
    NhsNumber,
    Postcode,
    DateOfBirth,
    Name,
}

impl HintKind {
    pub fn label(self) -> Message {
        Message::new(match self {
            HintKind::Email => "hint-email",
            HintKind::Phone => "hint-phone",
            HintKind::NhsNumber => "hint-nhs-number",
            HintKind::Postcode => "hint-postcode",
            HintKind::DateOfBirth => "hint-date-of-birth",
            HintKind::Name => "hint-name",
        })
    }
}

/// One thing that may identify someone: its kind, and where it stands in the text, counted in
/// characters (`start` inclusive, `end` exclusive).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct Hint {
    pub kind: HintKind,
    pub start: usize,
    pub end: usize,
    pub text: String,
}

/// A hint in one field of a story.
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct FieldHint {
    pub field: &'static str,
    #[serde(flatten)]
    pub hint: Hint,
}

/// The hints of a story's title and body, in that order.
pub fn story_hints(story: &super::story::Story) -> Vec<FieldHint> {
    let of = |field, text: &str| identification_hints(text).into_iter().map(move |hint| FieldHint { field, hint });
    of("title", &story.title).chain(of("body", &story.body)).collect()
}

static EMAIL: LazyLock<Regex> =
    LazyLock::new(|| Regex::new(r"[A-Za-z0-9._%+\-]+@[A-Za-z0-9\-]+(?:\.[A-Za-z0-9\-]+)*\.[A-Za-z]{2,}").unwrap());
/// A run that starts like a UK number (`+44`, `0044` or `0`) and goes on in digits, spaces,
/// hyphens and brackets; the digits are counted afterwards.
static PHONE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?:\+44|\b0044|\(?\b0)[\d \-()]{8,16}\d\b").unwrap());
static TEN_DIGITS: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"\b\d{3}[ \-]?\d{3}[ \-]?\d{4}\b").unwrap());
static POSTCODE: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"(?i)\b[A-Z]{1,2}\d[A-Z\d]? ?\d[A-Z]{2}\b").unwrap());
const MONTHS: &str = "jan(?:uary)?|feb(?:ruary)?|mar(?:ch)?|apr(?:il)?|may|june?|july?|aug(?:ust)?|sep(?:t(?:ember)?)?|oct(?:ober)?|nov(?:ember)?|dec(?:ember)?";
static DATE: LazyLock<Regex> = LazyLock::new(|| {
    Regex::new(&format!(
        r"(?i)\b(?:\d{{1,2}}[/.\-]\d{{1,2}}[/.\-](?:\d{{4}}|\d{{2}})|\d{{1,2}}(?:st|nd|rd|th)? (?:of )?(?:{MONTHS}),? \d{{4}}|(?:{MONTHS}) \d{{1,2}}(?:st|nd|rd|th)?,? \d{{4}})\b"
    ))
    .unwrap()
});
static WORD: LazyLock<Regex> = LazyLock::new(|| Regex::new(r"[A-Za-z][A-Za-z'\-]*\.?").unwrap());

/// Words after which (or, for job titles, near which) a capitalised word is likely a name.
const TITLES: &[&str] = &["dr", "dr.", "doctor", "mr", "mr.", "mrs", "mrs.", "ms", "ms.", "miss", "prof", "professor"];
const ROLES: &[&str] = &[
    "nurse",
    "nurses",
    "sister",
    "matron",
    "midwife",
    "consultant",
    "surgeon",
    "physio",
    "receptionist",
    "carer",
    "healthcare",
    "assistant",
    "paramedic",
    "gp",
    "manager",
    "called",
    "named",
];
/// Capitalised words that start sentences and are not names.
const NOT_NAMES: &[&str] = &[
    "the", "a", "an", "i", "my", "our", "she", "he", "they", "we", "it", "this", "that", "when", "then", "and", "but",
    "so", "her", "his", "their", "nurse", "doctor", "dr", "sister", "nhs", "gp", "a&e", "ward", "after", "before",
    "on", "in", "at", "there", "who", "what", "also", "every", "all", "one", "was", "is", "staff", "thank", "thanks",
];

/// Every hint in `text`, in order of position. Overlaps keep the more specific kind (an NHS
/// number over a phone number).
pub fn identification_hints(text: &str) -> Vec<Hint> {
    let mut hints: Vec<Hint> = Vec::new();
    let mut push =
        |kind, start: usize, end: usize| hints.push(Hint { kind, start, end, text: text[start..end].into() });
    for m in EMAIL.find_iter(text) {
        push(HintKind::Email, m.start(), m.end());
    }
    for m in TEN_DIGITS.find_iter(text) {
        if nhs_number_valid(m.as_str()) {
            push(HintKind::NhsNumber, m.start(), m.end());
        }
    }
    for m in PHONE.find_iter(text) {
        if uk_phone_digits(m.as_str()) {
            push(HintKind::Phone, m.start(), m.end());
        }
    }
    for m in POSTCODE.find_iter(text) {
        if Postcode::parse(m.as_str()).is_ok() {
            push(HintKind::Postcode, m.start(), m.end());
        }
    }
    for m in DATE.find_iter(text) {
        push(HintKind::DateOfBirth, m.start(), m.end());
    }
    for (start, end) in names(text) {
        push(HintKind::Name, start, end);
    }
    // Earlier kinds are more specific; drop any later hint that overlaps a kept one.
    let mut kept: Vec<Hint> = Vec::new();
    for hint in hints {
        if !kept.iter().any(|k| k.start < hint.end && hint.start < k.end) {
            kept.push(hint);
        }
    }
    kept.sort_by_key(|h| h.start);
    // Positions in characters, as a page or client counts them.
    for hint in &mut kept {
        hint.end = text[..hint.end].chars().count();
        hint.start = text[..hint.start].chars().count();
    }
    kept
}

/// Ten digits whose last is the check digit of the first nine under the modulus 11 rule.
pub fn nhs_number_valid(raw: &str) -> bool {
    let digits: Vec<u32> = raw.chars().filter_map(|c| c.to_digit(10)).collect();
    if digits.len() != 10 || raw.chars().any(|c| !(c.is_ascii_digit() || c == ' ' || c == '-')) {
        return false;
    }
    let sum: u32 = digits[..9].iter().zip((2..=10).rev()).map(|(d, w)| d * w).sum();
    match 11 - sum % 11 {
        11 => digits[9] == 0,
        10 => false,
        check => digits[9] == check,
    }
}

/// A UK number: `0` and 9 or 10 more digits, or `44` and 10 digits (an optional `(0)` aside).
fn uk_phone_digits(raw: &str) -> bool {
    let digits: String = raw.chars().filter(char::is_ascii_digit).collect();
    let national = if let Some(rest) = digits.strip_prefix("0044").or_else(|| digits.strip_prefix("44")) {
        rest.strip_prefix('0').unwrap_or(rest).len() == 10
    } else {
        false
    };
    national || (digits.starts_with('0') && (10..=11).contains(&digits.len()))
}

/// Capitalised words right after a title (`Dr Patel`), or next to a job (`nurse Sarah`,
/// `Sarah the nurse`), as byte ranges.
fn names(text: &str) -> Vec<(usize, usize)> {
    let words: Vec<(usize, usize, &str)> = WORD.find_iter(text).map(|m| (m.start(), m.end(), m.as_str())).collect();
    let capitalised = |w: &str| {
        let w = w.trim_end_matches('.');
        w.chars().next().is_some_and(char::is_uppercase)
            && w.chars().count() >= 2
            && !NOT_NAMES.contains(&w.to_lowercase().as_str())
            && !w.chars().all(char::is_uppercase)
    };
    let mut found = Vec::new();
    for (i, (_, _, word)) in words.iter().enumerate() {
        let lower = word.to_lowercase();
        let title = TITLES.contains(&lower.as_str());
        if !title && !ROLES.contains(&lower.trim_end_matches('.')) {
            continue;
        }
        // After: up to two capitalised words (`Dr Anna Patel`).
        let mut next = i + 1;
        while next < words.len() && next <= i + 2 && capitalised(words[next].2) {
            found.push((words[next].0, words[next].1));
            next += 1;
        }
        // Before, for a job: `Sarah the nurse`, `Sarah, a nurse`.
        if !title {
            let before = words[i.saturating_sub(3)..i].iter().rev();
            for (start, end, w) in before {
                if ["the", "a", "our", "my", "lovely", "kind", "staff"].contains(&w.to_lowercase().as_str()) {
                    continue;
                }
                if capitalised(w) {
                    found.push((*start, *end));
                }
                break;
            }
        }
    }
    found.sort();
    found.dedup();
    found.into_iter().map(|(start, end)| (start, end - usize::from(text[..end].ends_with('.')))).collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    fn kinds(text: &str) -> Vec<(HintKind, String)> {
        identification_hints(text).into_iter().map(|h| (h.kind, h.text)).collect()
    }

    #[test]
    fn nhs_numbers_need_a_valid_check_digit() {
        assert!(nhs_number_valid("943 476 5919"));
        assert!(nhs_number_valid("9434765919"));
        assert!(nhs_number_valid("401-023-2137"));
        assert!(!nhs_number_valid("943 476 5918"), "wrong check digit");
        assert!(!nhs_number_valid("1234567890"), "check digit 10 is never valid");
        assert_eq!(kinds("My NHS number is 943 476 5919."), [(HintKind::NhsNumber, "943 476 5919".into())]);
        assert!(kinds("Reference 943 476 5918 on the letter").iter().all(|(k, _)| *k != HintKind::NhsNumber));
    }

    #[test]
    fn each_kind_is_named_with_its_position_in_characters() {
        let text = "Café: ring 07700 900123 or write to jo.bloggs@example.org, ML1 1AA. Born 12/03/1956.";
        let hints = identification_hints(text);
        let got: Vec<(HintKind, &str)> = hints.iter().map(|h| (h.kind, h.text.as_str())).collect();
        assert_eq!(
            got,
            [
                (HintKind::Phone, "07700 900123"),
                (HintKind::Email, "jo.bloggs@example.org"),
                (HintKind::Postcode, "ML1 1AA"),
                (HintKind::DateOfBirth, "12/03/1956"),
            ]
        );
        let chars: Vec<char> = text.chars().collect();
        for hint in &hints {
            assert_eq!(chars[hint.start..hint.end].iter().collect::<String>(), hint.text);
        }
        assert_eq!(hints[0].start, 11, "counted in characters: é is one");
    }

    #[test]
    fn phones_in_every_usual_form_and_not_any_number() {
        for phone in ["+44 7700 900123", "(01632) 960 001", "0161 496 0000", "+44 (0)20 7946 0958", "020-7946-0958"] {
            assert_eq!(kinds(&format!("Call {phone} now")), [(HintKind::Phone, phone.to_owned())], "{phone}");
        }
        assert!(kinds("We waited 3 hours and paid 12000 pounds").is_empty());
        assert_eq!(kinds("born on 3rd March 1948")[0].0, HintKind::DateOfBirth);
    }

    #[test]
    fn names_near_titles_and_jobs() {
        let found = kinds("Dr Anna Patel and nurse Sarah were kind. Tom the porter too. Bob, the nurse, helped.");
        let names: Vec<&str> = found.iter().filter(|(k, _)| *k == HintKind::Name).map(|(_, t)| t.as_str()).collect();
        assert_eq!(names, ["Anna", "Patel", "Sarah", "Bob"]);
        assert!(kinds("The nurse was kind. The Doctor came at night.").is_empty());
    }
}
