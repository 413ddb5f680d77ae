//! A "Tell your story" form body, as the intake function reads it: whatever is sent, the
//! fields decode or are refused, and a story that parses keeps within every bound.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tellcare::domain::story::StoryInput;

fuzz_target!(|data: &[u8]| {
    if let Ok(input) = serde_html_form::from_bytes::<StoryInput>(data) {
        tellcare_fuzz::check_story(&input);
    }
});
