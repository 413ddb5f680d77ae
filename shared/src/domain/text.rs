//! Cleaning and measuring the text people type, the same way for every field.

use unicode_normalization::UnicodeNormalization;

use super::Message;

/// The first `chars` characters of a text, cut back to the last whole word, with "…" when
/// anything was left out: a listing's excerpt, a search result's.
pub fn start_of(text: &str, chars: usize) -> String {
    if text.chars().count() <= chars {
        return text.to_owned();
    }
    let cut: String = text.chars().take(chars).collect();
    let at_word = cut.rsplit_once(char::is_whitespace).map_or(cut.as_str(), |(head, _)| head);
    format!("{}…", at_word.trim_end())
}

/// Normalises to NFC (so "é" typed two ways is one text), trims, drops control characters
/// (keeping line breaks and tabs where `multiline`), and collapses Windows line endings.
pub fn clean(input: &str, multiline: bool) -> String {
    // Control characters go first: dropped after normalising, they could leave marks side by
    // side that NFC would have composed, and the text would not be NFC (found by fuzzing).
    let kept: String = input
        .replace("\r\n", "\n")
        .chars()
        .filter(|c| !c.is_control() || (multiline && (*c == '\n' || *c == '\t')))
        .nfc()
        .collect();
    kept.trim().to_owned()
}

/// A cleaned single-line text whose length in characters lies in `min..=max`. `what` names
/// the field's messages in the catalogues: `{what}-missing`, `{what}-too-short` (with `$min`)
/// and `{what}-too-long` (with `$max` and `$length`).
pub fn bounded(input: &str, min: usize, max: usize, what: &str) -> Result<String, Message> {
    bounded_text(input, min, max, what, false)
}

/// As [`bounded`], keeping line breaks.
pub fn bounded_multiline(input: &str, min: usize, max: usize, what: &str) -> Result<String, Message> {
    bounded_text(input, min, max, what, true)
}

fn bounded_text(input: &str, min: usize, max: usize, what: &str, multiline: bool) -> Result<String, Message> {
    let text = clean(input, multiline);
    let length = text.chars().count();
    if length == 0 && min > 0 {
        Err(Message::new(format!("{what}-missing")))
    } else if length < min {
        Err(Message::new(format!("{what}-too-short")).with("min", min))
    } else if length > max {
        Err(Message::new(format!("{what}-too-long")).with("max", max).with("length", length))
    } else {
        Ok(text)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn cleaned_text_is_nfc_and_cleans_to_itself() {
        // What cargo fuzz found: a NUL between two marks that NFC would reorder.
        let typed = "\u{652}\u{0}\u{650}0";
        let once = clean(typed, false);
        assert_eq!(clean(&once, false), once);
        assert!(unicode_normalization::is_nfc(&once));
    }

    #[test]
    fn trims_and_drops_control_characters() {
        assert_eq!(clean("  a\u{0007}b\r\nc\t ", false), "abc");
        assert_eq!(clean("  a\u{0007}b\r\nc\t ", true), "ab\nc");
    }

    #[test]
    fn normalises_to_one_form() {
        assert_eq!(clean("e\u{301}", false), "\u{e9}");
    }

    #[test]
    fn counts_characters_not_bytes() {
        assert_eq!(bounded("ééé", 3, 3, "story-title"), Ok("ééé".to_owned()));
        assert_eq!(bounded("  ", 2, 5, "story-title"), Err(Message::new("story-title-missing")));
        assert_eq!(bounded("a", 2, 5, "story-title"), Err(Message::new("story-title-too-short").with("min", 2)));
        assert_eq!(
            bounded("abcdef", 2, 5, "story-title"),
            Err(Message::new("story-title-too-long").with("max", 5).with("length", 6))
        );
    }
}
