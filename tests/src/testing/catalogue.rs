//! The catalogues as a reader of a page sees them: which English words are left on a page
//! meant to be in Welsh.

use std::collections::BTreeMap;
use std::sync::LazyLock;

use fluent_syntax::ast::{Entry, Pattern, PatternElement};
use tellcare::domain::Language;

/// Shorter runs of words ("Cymraeg", "NHS 111", a name) could be in either language.
const SHORTEST: usize = 12;

/// Each message's fixed words (the text between its placeables), by id, in `language`.
fn fragments(language: Language) -> BTreeMap<String, Vec<String>> {
    let dir = crate::template::workspace_root().join("shared/locales").join(language.tag());
    let mut messages = BTreeMap::new();
    for file in std::fs::read_dir(&dir).expect("the catalogue") {
        let source = std::fs::read_to_string(file.expect("a file").path()).expect("readable");
        let resource = fluent_syntax::parser::parse(source.as_str()).expect("a catalogue that parses");
        for entry in resource.body {
            if let Entry::Message(message) = entry {
                let mut texts = Vec::new();
                if let Some(pattern) = &message.value {
                    texts_of(pattern, &mut texts);
                }
                messages.insert(message.id.name.to_owned(), texts);
            }
        }
    }
    messages
}

/// The text elements of a pattern, its selectors' variants' too.
fn texts_of(pattern: &Pattern<&str>, texts: &mut Vec<String>) {
    for element in &pattern.elements {
        match element {
            PatternElement::TextElement { value } => texts.push(value.trim().to_owned()),
            PatternElement::Placeable { expression: fluent_syntax::ast::Expression::Select { variants, .. } } => {
                variants.iter().for_each(|variant| texts_of(&variant.value, texts));
            }
            PatternElement::Placeable { .. } => {}
        }
    }
}

/// The English words of the catalogue worth looking for: long enough to be telling, and not
/// also in the same message in Welsh.
static ENGLISH_ONLY: LazyLock<Vec<(String, String)>> = LazyLock::new(|| {
    let welsh = fragments(Language::Welsh);
    fragments(Language::English)
        .into_iter()
        .flat_map(|(id, texts)| {
            let in_welsh = welsh.get(&id).cloned().unwrap_or_default().join(" ");
            texts.into_iter().filter(move |t| t.chars().count() >= SHORTEST && !in_welsh.contains(t.as_str())).map({
                let id = id.clone();
                move |t| (id.clone(), t)
            })
        })
        .collect()
});

/// The messages of the English catalogue that `text` (a page's or an email's) still shows,
/// as `id: words`.
pub fn english_left(text: &str) -> Vec<String> {
    let text = text.split_whitespace().collect::<Vec<_>>().join(" ");
    ENGLISH_ONLY
        .iter()
        .filter(|(_, words)| text.contains(&words.split_whitespace().collect::<Vec<_>>().join(" ")))
        .map(|(id, words)| format!("{id}: {words}"))
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn english_words_are_found_and_welsh_ones_are_not() {
        let english = tellcare::i18n::text_in(Language::English, "tell-intro");
        let left = english_left(&format!("<p>{english}</p>"));
        assert!(left.iter().any(|found| found.starts_with("tell-intro: ")), "{left:?}");
        assert!(english_left(&tellcare::i18n::text_in(Language::Welsh, "tell-intro")).is_empty());
    }
}
