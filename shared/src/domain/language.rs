//! The languages Tellcare speaks. Every page, form and email is in English and in Welsh,
//! Welsh treated no less favourably than English.

use serde::{Deserialize, Serialize};

use super::Message;

#[derive(Clone, Copy, Debug, Default, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize, Deserialize)]
pub enum Language {
    #[default]
    #[serde(rename = "en")]
    English,
    #[serde(rename = "cy")]
    Welsh,
}

impl Language {
    pub const ALL: [Language; 2] = [Language::English, Language::Welsh];

    /// As an address writes it: `?lang=cy`.
    pub fn code(self) -> &'static str {
        match self {
            Language::English => "en",
            Language::Welsh => "cy",
        }
    }

    /// Its BCP 47 tag, for `<html lang>`, `hreflang` and the catalogues.
    pub fn tag(self) -> &'static str {
        match self {
            Language::English => "en-GB",
            Language::Welsh => "cy-GB",
        }
    }

    /// Its name in itself, as a link to it reads on a page in either language.
    pub fn own_name(self) -> &'static str {
        match self {
            Language::English => "English",
            Language::Welsh => "Cymraeg",
        }
    }

    pub fn other(self) -> Language {
        match self {
            Language::English => Language::Welsh,
            Language::Welsh => Language::English,
        }
    }

    /// `en` or `cy`, or a tag of either (`cy-GB`), in any case.
    pub fn parse(raw: &str) -> Option<Language> {
        let primary = raw.trim().split(['-', '_']).next().unwrap_or_default();
        Language::ALL.into_iter().find(|l| l.code().eq_ignore_ascii_case(primary))
    }

    /// A language as a form or a request names it, or the refusal of a field that asks for one.
    pub fn chosen(raw: &str) -> Result<Language, Message> {
        Language::parse(raw).ok_or_else(|| Message::new("language-unknown"))
    }

    /// The language of an `Accept-Language` header that Tellcare speaks and the browser weighs
    /// highest (the first of equals); none when it asks for neither.
    pub fn preferred(header: &str) -> Option<Language> {
        let mut best: Option<(Language, f32)> = None;
        for range in header.split(',') {
            let mut parts = range.split(';');
            let Some(language) = parts.next().and_then(Language::parse) else { continue };
            let weight = parts
                .filter_map(|p| p.trim().strip_prefix("q="))
                .find_map(|q| q.trim().parse::<f32>().ok())
                .unwrap_or(1.0);
            if weight > 0.0 && best.is_none_or(|(_, w)| weight > w) {
                best = Some((language, weight));
            }
        }
        best.map(|(language, _)| language)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_browser_gets_the_language_it_weighs_highest_of_the_two() {
        assert_eq!(Language::preferred("cy-GB,cy;q=0.9,en-GB;q=0.8"), Some(Language::Welsh));
        assert_eq!(Language::preferred("en-GB,en;q=0.9,cy;q=0.8"), Some(Language::English));
        assert_eq!(Language::preferred("fr-FR, cy;q=0.5, en;q=0.4"), Some(Language::Welsh));
        assert_eq!(Language::preferred("en;q=0.2, CY;q=0.7"), Some(Language::Welsh));
        assert_eq!(Language::preferred("cy;q=0, en;q=0.1"), Some(Language::English));
        assert_eq!(Language::preferred("fr, de"), None);
        assert_eq!(Language::preferred(""), None);
    }

    #[test]
    fn a_language_reads_from_its_code_or_tag_and_nothing_else() {
        assert_eq!(Language::parse("cy"), Some(Language::Welsh));
        assert_eq!(Language::parse("cy-GB"), Some(Language::Welsh));
        assert_eq!(Language::parse("EN_gb"), Some(Language::English));
        assert_eq!(Language::parse("cym"), None);
        assert_eq!(Language::parse(""), None);
        for language in Language::ALL {
            assert_eq!(Language::parse(language.tag()), Some(language));
            assert_eq!(language.other().other(), language);
        }
    }
}
