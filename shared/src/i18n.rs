//! Every word Tellcare writes, in English and in Welsh: Project Fluent catalogues in
//! `shared/locales/{en-GB,cy-GB}/`, compiled into each function, and the language of the
//! request being answered. A message missing from either catalogue fails the tests.

use std::borrow::Cow;
use std::collections::HashMap;
use std::future::Future;
use std::sync::LazyLock;

use fluent_templates::fluent_bundle::FluentValue;
use fluent_templates::{LanguageIdentifier, Loader, static_loader};

use crate::domain::Language;

static_loader! {
    static CATALOGUES = {
        locales: "./locales",
        fallback_language: "en-GB",
        // No Unicode isolation marks around arguments: pages are HTML, and `dir` does it there.
        customise: |bundle| bundle.set_use_isolating(false),
    };
}

static IDENTIFIERS: LazyLock<[LanguageIdentifier; 2]> =
    LazyLock::new(|| Language::ALL.map(|l| l.tag().parse().expect("a language's tag is a language identifier")));

fn identifier(language: Language) -> &'static LanguageIdentifier {
    &IDENTIFIERS[language as usize]
}

tokio::task_local! {
    /// The language the current request is answered in, where its route speaks both.
    static CURRENT: Language;
}

/// Runs `answer` in `language`: what it renders with [`text`] is in that language.
pub async fn speaking<F: Future>(language: Language, answer: F) -> F::Output {
    CURRENT.scope(language, answer).await
}

/// The language of the request being answered; English outside a bilingual route.
pub fn current() -> Language {
    CURRENT.try_with(|language| *language).unwrap_or_default()
}

/// Whether the request being answered is on a route that speaks both languages, so that its
/// page may link to itself in the other one.
pub fn bilingual() -> bool {
    CURRENT.try_with(|_| ()).is_ok()
}

/// The message `id` in the current language.
pub fn text(id: &str) -> String {
    text_in(current(), id)
}

/// The message `id` in `language`; its id, where a catalogue lacks it (which the tests catch).
pub fn text_in(language: Language, id: &str) -> String {
    CATALOGUES.try_lookup(identifier(language), id).unwrap_or_else(|| id.to_owned())
}

/// The message `id` in the current language, with its arguments.
pub fn text_with(id: &str, args: &[(&'static str, &str)]) -> String {
    let args: HashMap<Cow<'static, str>, FluentValue<'_>> =
        args.iter().map(|(name, value)| (Cow::Borrowed(*name), FluentValue::from(*value))).collect();
    CATALOGUES.try_lookup_with_args(identifier(current()), id, &args).unwrap_or_else(|| id.to_owned())
}

#[cfg(test)]
mod tests {
    use std::collections::BTreeSet;
    use std::path::Path;

    use fluent_syntax::ast::Entry;

    use super::*;

    /// The ids of the messages of one language's catalogue, every file of it.
    fn message_ids(language: Language) -> BTreeSet<String> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(language.tag());
        let mut ids = BTreeSet::new();
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            let resource = fluent_syntax::parser::parse(source.as_str())
                .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
            for entry in resource.body {
                if let Entry::Message(message) = entry {
                    assert!(message.value.is_some(), "{} in {} has a value", message.id.name, path.display());
                    assert!(
                        ids.insert(message.id.name.to_owned()),
                        "{} is in {} once",
                        message.id.name,
                        language.tag()
                    );
                }
            }
        }
        ids
    }

    #[test]
    fn each_catalogue_has_every_message_of_the_other() {
        let english = message_ids(Language::English);
        let welsh = message_ids(Language::Welsh);
        assert!(!english.is_empty());
        let not_in_welsh: Vec<_> = english.difference(&welsh).collect();
        let not_in_english: Vec<_> = welsh.difference(&english).collect();
        assert!(not_in_welsh.is_empty(), "in English but not in Welsh: {not_in_welsh:?}");
        assert!(not_in_english.is_empty(), "in Welsh but not in English: {not_in_english:?}");
        for id in &english {
            for language in Language::ALL {
                let text = text_in(language, id);
                assert!(text != *id && !text.is_empty(), "{id} in {}", language.tag());
            }
            assert_ne!(text_in(Language::English, id), text_in(Language::Welsh, id), "{id} is translated");
        }
    }

    #[tokio::test]
    async fn a_request_is_answered_in_its_language_and_english_outside_one() {
        assert_eq!((current(), bilingual()), (Language::English, false));
        let inside = speaking(Language::Welsh, async { (current(), bilingual(), text("skip-to-content")) }).await;
        assert_eq!(inside, (Language::Welsh, true, "Neidio i'r prif gynnwys".to_owned()));
    }
}
