//! Every word Tellcare writes, in English and in Welsh: Project Fluent catalogues in
//! `shared/locales/{en-GB,cy-GB}/`, compiled into each function, and the language of the
//! request being answered. A message missing from either catalogue fails the tests.

use std::fmt;
use std::future::Future;
use std::sync::{LazyLock, OnceLock};

use fluent_bundle::concurrent::FluentBundle;
use fluent_bundle::{FluentArgs, FluentResource, FluentValue};
use serde::{Serialize, Serializer};
use unic_langid::LanguageIdentifier;

use crate::domain::{Language, Message};

/// Each language's files, compiled in, and the file of each message, by id (`build.rs`).
mod files {
    include!(concat!(env!("OUT_DIR"), "/catalogues.rs"));
}

/// Each file of each language's catalogue, parsed when a message of it is first wanted: a
/// cold start parses only the files its answer uses, in its language (parsing both languages'
/// whole catalogues was 4.5 M instructions, most of a first page's rendering;
/// docs/PERFORMANCE.md). In the order of [`Language::ALL`].
static CATALOGUES: [[OnceLock<FluentBundle<FluentResource>>; files::FILES]; 2] =
    [const { [const { OnceLock::new() }; files::FILES] }; 2];

/// The part of `language`'s catalogue that has the message `id`.
fn catalogue(language: Language, id: &str) -> Option<&'static FluentBundle<FluentResource>> {
    let file = files::MESSAGES.binary_search_by_key(&id, |(id, _)| id).ok().map(|at| files::MESSAGES[at].1)?;
    Some(CATALOGUES[language as usize][file].get_or_init(|| {
        let source = [files::ENGLISH, files::WELSH][language as usize][file];
        let mut bundle = FluentBundle::new_concurrent(vec![identifier(language).clone()]);
        // No Unicode isolation marks around arguments: pages are HTML, and `dir` does it there.
        bundle.set_use_isolating(false);
        // Every file parses and no message is in two files: the tests below read them all.
        bundle.add_resource_overriding(FluentResource::try_new(source.to_owned()).unwrap_or_else(|(r, _)| r));
        bundle
    }))
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

/// Runs `render` in `language`, for a page that speaks its own (a Welsh poster's link).
pub fn speaking_now<R>(language: Language, render: impl FnOnce() -> R) -> R {
    CURRENT.sync_scope(language, render)
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

/// The message `id` in `language`.
pub fn text_in(language: Language, id: &str) -> String {
    lookup::<&str>(language, id, &[])
}

/// The message `id` in the current language, with its one argument `name`.
pub fn text_arg(id: &str, name: &'static str, value: impl fmt::Display) -> String {
    lookup(current(), id, &[(name, value.to_string())])
}

/// The message `id` in the current language, with its arguments.
pub fn text_with(id: &str, args: &[(&'static str, &str)]) -> String {
    lookup(current(), id, args)
}

/// The message in `language`. A catalogue lacking it fails a debug build (every test) at
/// once; a release build shows its id rather than fail the page.
fn lookup<V: AsRef<str>>(language: Language, id: &str, args: &[(&'static str, V)]) -> String {
    // A whole number is passed as a number, so that a message can choose its plural.
    let value = |text: &str| match text.parse::<i64>() {
        Ok(number) => FluentValue::from(number),
        Err(_) => FluentValue::from(text.to_owned()),
    };
    let args: FluentArgs = args.iter().map(|(name, text)| (*name, value(text.as_ref()))).collect();
    let in_language = |language: Language| {
        let catalogue = catalogue(language, id)?;
        let pattern = catalogue.get_message(id)?.value()?;
        Some(catalogue.format_pattern(pattern, Some(&args), &mut Vec::new()).into_owned())
    };
    let found = in_language(language);
    debug_assert!(found.is_some(), "no message `{id}` in the {} catalogue", language.tag());
    found.or_else(|| in_language(Language::English)).unwrap_or_else(|| id.to_owned())
}

impl Message {
    /// The message in `language`.
    pub fn in_language(&self, language: Language) -> String {
        match self {
            Message::Catalogue { id, args } => lookup(language, id, args),
            Message::Verbatim(text) => text.clone(),
        }
    }
}

/// In the current language.
impl fmt::Display for Message {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.in_language(current()))
    }
}

/// A refusal's reason, as an error.
impl std::error::Error for Message {}

/// As its words in the current language: what a JSON error carries.
impl Serialize for Message {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.collect_str(self)
    }
}

#[cfg(test)]
mod tests {
    use std::collections::{BTreeMap, BTreeSet};
    use std::path::Path;

    use fluent_syntax::ast::{Entry, Expression, InlineExpression, Pattern, PatternElement};

    use super::*;

    /// The variables (`$name`) a pattern uses, in its placeables and its selectors' variants.
    fn variables(pattern: &Pattern<&str>, found: &mut BTreeSet<String>) {
        for element in &pattern.elements {
            if let PatternElement::Placeable { expression } = element {
                let inline = match expression {
                    Expression::Select { selector, variants } => {
                        variants.iter().for_each(|variant| variables(&variant.value, found));
                        selector
                    }
                    Expression::Inline(inline) => inline,
                };
                if let InlineExpression::VariableReference { id } = inline {
                    found.insert(id.name.to_owned());
                }
            }
        }
    }

    /// The messages of one language's catalogue, every file of it, each with its variables.
    fn messages(language: Language) -> BTreeMap<String, BTreeSet<String>> {
        let dir = Path::new(env!("CARGO_MANIFEST_DIR")).join("locales").join(language.tag());
        let mut messages = BTreeMap::new();
        for file in std::fs::read_dir(&dir).unwrap() {
            let path = file.unwrap().path();
            let source = std::fs::read_to_string(&path).unwrap();
            let resource = fluent_syntax::parser::parse(source.as_str())
                .unwrap_or_else(|(_, errors)| panic!("{}: {errors:?}", path.display()));
            for entry in resource.body {
                if let Entry::Message(message) = entry {
                    let value = message.value.as_ref();
                    let value =
                        value.unwrap_or_else(|| panic!("{} in {} has a value", message.id.name, path.display()));
                    let mut used = BTreeSet::new();
                    variables(value, &mut used);
                    let repeated = messages.insert(message.id.name.to_owned(), used).is_some();
                    assert!(!repeated, "{} is in {} once", message.id.name, language.tag());
                }
            }
        }
        messages
    }

    #[test]
    fn each_catalogue_has_every_message_of_the_other_with_the_same_variables() {
        let english = messages(Language::English);
        let welsh = messages(Language::Welsh);
        assert!(!english.is_empty());
        let not_in_welsh: Vec<_> = english.keys().filter(|id| !welsh.contains_key(*id)).collect();
        let not_in_english: Vec<_> = welsh.keys().filter(|id| !english.contains_key(*id)).collect();
        assert!(not_in_welsh.is_empty(), "in English but not in Welsh: {not_in_welsh:?}");
        assert!(not_in_english.is_empty(), "in Welsh but not in English: {not_in_english:?}");
        for (id, used) in &english {
            assert_eq!(used, &welsh[id], "{id} uses the same variables in both");
            let args: Vec<(&'static str, &str)> = used.iter().map(|name| (&*name.clone().leak(), "7")).collect();
            let [in_english, in_welsh] = Language::ALL.map(|language| lookup(language, id, &args));
            assert!(!in_english.is_empty() && !in_welsh.is_empty(), "{id} says something");
            assert_ne!(in_english, in_welsh, "{id} is translated");
        }
    }

    #[tokio::test]
    async fn a_request_is_answered_in_its_language_and_english_outside_one() {
        assert_eq!((current(), bilingual()), (Language::English, false));
        let inside = speaking(Language::Welsh, async { (current(), bilingual(), text("skip-to-content")) }).await;
        assert_eq!(inside, (Language::Welsh, true, "Neidio i'r prif gynnwys".to_owned()));
    }
}
