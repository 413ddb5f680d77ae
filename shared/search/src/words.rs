//! How text becomes searchable words, the same for what is indexed and what is asked: an
//! apostrophe joins a word ("Carers'" and "carers", "don't" and "dont" are the same word), "&"
//! is "and", case and accents are folded (Welsh "ŵ" finds "w"), and story text is stemmed so
//! "waiting" finds "wait".

use tantivy::tokenizer::{
    AsciiFoldingFilter, LowerCaser, RemoveLongFilter, TextAnalyzer, Token, TokenStream, Tokenizer,
};

use crate::stem::EnglishStemmer;

/// The analyzer of names: folded, not stemmed (a name is matched closely, with typos allowed).
pub const NAMES: &str = "tellcare_names";
/// The analyzer of stories and answers: folded and stemmed.
pub const PROSE: &str = "tellcare_prose";

pub fn names() -> TextAnalyzer {
    TextAnalyzer::builder(Words::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .build()
}

pub fn prose() -> TextAnalyzer {
    TextAnalyzer::builder(Words::default())
        .filter(RemoveLongFilter::limit(40))
        .filter(LowerCaser)
        .filter(AsciiFoldingFilter)
        .filter(EnglishStemmer)
        .build()
}

/// Words of letters and digits, an apostrophe inside a word dropped, "&" read as "and".
#[derive(Clone, Default)]
pub struct Words {
    token: Token,
}

pub struct WordStream<'a> {
    text: &'a str,
    at: usize,
    token: &'a mut Token,
}

impl Tokenizer for Words {
    type TokenStream<'a> = WordStream<'a>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> WordStream<'a> {
        self.token.reset();
        WordStream { text, at: 0, token: &mut self.token }
    }
}

fn is_apostrophe(c: char) -> bool {
    matches!(c, '\'' | '’' | 'ʼ')
}

impl TokenStream for WordStream<'_> {
    fn advance(&mut self) -> bool {
        self.token.text.clear();
        let rest = &self.text[self.at..];
        let Some((start, first)) = rest.char_indices().find(|(_, c)| c.is_alphanumeric() || *c == '&') else {
            self.at = self.text.len();
            return false;
        };
        let from = self.at + start;
        let mut to = from + first.len_utf8();
        if first == '&' {
            self.token.text.push_str("and");
        } else {
            self.token.text.push(first);
            let mut chars = self.text[to..].char_indices().peekable();
            while let Some((offset, c)) = chars.next() {
                if c.is_alphanumeric() {
                    self.token.text.push(c);
                    to = from + first.len_utf8() + offset + c.len_utf8();
                } else if is_apostrophe(c) && chars.peek().is_some_and(|(_, next)| next.is_alphanumeric()) {
                    // Inside a word: "don't" is "dont".
                    to = from + first.len_utf8() + offset + c.len_utf8();
                } else {
                    break;
                }
            }
        }
        self.token.offset_from = from;
        self.token.offset_to = to;
        self.token.position = self.token.position.wrapping_add(1);
        self.at = to;
        true
    }

    fn token(&self) -> &Token {
        self.token
    }

    fn token_mut(&mut self) -> &mut Token {
        self.token
    }
}

/// The words of `text` as the analyzer makes them, for building queries by hand.
pub fn analysed(analyzer: &mut TextAnalyzer, text: &str) -> Vec<String> {
    let mut stream = analyzer.token_stream(text);
    let mut words = Vec::new();
    while stream.advance() {
        words.push(stream.token().text.clone());
    }
    words
}

#[cfg(test)]
mod tests {
    use super::*;

    fn spans(text: &str) -> Vec<(String, String)> {
        let mut words = Words::default();
        let mut stream = words.token_stream(text);
        let mut out = Vec::new();
        while stream.advance() {
            let t = stream.token();
            out.push((t.text.clone(), text[t.offset_from..t.offset_to].to_owned()));
        }
        out
    }

    #[test]
    fn an_apostrophe_joins_a_word_and_an_ampersand_is_and() {
        let found = spans("The Carers' Cafe & Mary’s don't");
        let words: Vec<&str> = found.iter().map(|(w, _)| w.as_str()).collect();
        assert_eq!(words, ["The", "Carers", "Cafe", "and", "Marys", "dont"]);
        // The offsets are the original text's, for highlighting.
        assert_eq!(found[4].1, "Mary’s");
        assert_eq!(found[3].1, "&");
    }

    #[test]
    fn names_fold_case_and_accents_and_prose_is_stemmed() {
        assert_eq!(analysed(&mut names(), "Ysbyty Gŵyr"), ["ysbyty", "gwyr"]);
        assert_eq!(analysed(&mut prose(), "Waiting for discharge"), ["wait", "for", "discharg"]);
    }
}
