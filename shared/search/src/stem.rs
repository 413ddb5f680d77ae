//! English stemming ("waits" and "waited" find "waiting"), by frostem's English Snowball
//! algorithm alone. tantivy's own stemmer filter chooses its language at run time, so it links
//! the tables of every language it offers: over a megabyte of every search bootstrap.

use std::borrow::Cow;
use std::mem;

use frostem::{Algorithm, Stemmer};
use tantivy::tokenizer::{Token, TokenFilter, TokenStream, Tokenizer};

/// The filter: tantivy's `Stemmer::new(Language::English)`, the same stems, English only.
#[derive(Clone, Copy, Default)]
pub struct EnglishStemmer;

impl TokenFilter for EnglishStemmer {
    type Tokenizer<T: Tokenizer> = EnglishStemmerFilter<T>;

    fn transform<T: Tokenizer>(self, tokenizer: T) -> EnglishStemmerFilter<T> {
        EnglishStemmerFilter { inner: tokenizer }
    }
}

#[derive(Clone)]
pub struct EnglishStemmerFilter<T> {
    inner: T,
}

impl<T: Tokenizer> Tokenizer for EnglishStemmerFilter<T> {
    type TokenStream<'a> = StemmedTokens<T::TokenStream<'a>>;

    fn token_stream<'a>(&'a mut self, text: &'a str) -> Self::TokenStream<'a> {
        StemmedTokens {
            tail: self.inner.token_stream(text),
            stemmer: Stemmer::new(Algorithm::English),
            spare: String::new(),
        }
    }
}

pub struct StemmedTokens<T> {
    tail: T,
    stemmer: Stemmer,
    /// A string to swap with a token's when its stem borrows from it, to spare an allocation.
    spare: String,
}

impl<T: TokenStream> TokenStream for StemmedTokens<T> {
    fn advance(&mut self) -> bool {
        if !self.tail.advance() {
            return false;
        }
        let token = self.tail.token_mut();
        match self.stemmer.stem(&token.text) {
            Cow::Owned(stem) => token.text = stem,
            Cow::Borrowed(stem) => {
                self.spare.clear();
                self.spare.push_str(stem);
                mem::swap(&mut token.text, &mut self.spare);
            }
        }
        true
    }

    fn token(&self) -> &Token {
        self.tail.token()
    }

    fn token_mut(&mut self) -> &mut Token {
        self.tail.token_mut()
    }
}

#[cfg(test)]
mod tests {
    use tantivy::tokenizer::{LowerCaser, SimpleTokenizer, TextAnalyzer};

    use super::*;

    fn stems(text: &str) -> Vec<String> {
        let mut analyzer =
            TextAnalyzer::builder(SimpleTokenizer::default()).filter(LowerCaser).filter(EnglishStemmer).build();
        let mut stream = analyzer.token_stream(text);
        let mut found = vec![];
        while let Some(token) = stream.next() {
            found.push(token.text.clone());
        }
        found
    }

    #[test]
    fn stems_as_the_english_snowball_stemmer_does() {
        assert_eq!(stems("Waiting waited waits"), ["wait", "wait", "wait"]);
        assert_eq!(stems("nurses were caring"), ["nurs", "were", "care"]);
        // A word that is its own stem comes through whole.
        assert_eq!(stems("ward"), ["ward"]);
    }
}
