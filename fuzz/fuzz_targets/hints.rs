//! What may identify someone in a story's text: every hint lies within the text, by
//! characters, and is the text it says it is.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tellcare::domain::hints::identification_hints;

fuzz_target!(|data: &str| {
    let chars: Vec<char> = data.chars().collect();
    for hint in identification_hints(data) {
        assert!(hint.start < hint.end && hint.end <= chars.len(), "{hint:?} in {} characters", chars.len());
        let text: String = chars[hint.start..hint.end].iter().collect();
        assert_eq!(text, hint.text);
    }
});
