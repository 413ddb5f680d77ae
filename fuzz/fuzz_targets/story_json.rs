//! A story sent to POST /api/stories: JSON that decodes is parsed as the form's fields are.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tellcare::domain::story::StoryInput;

fuzz_target!(|data: &[u8]| {
    if let Ok(input) = serde_json::from_slice::<StoryInput>(data) {
        tellcare_fuzz::check_story(&input);
    }
});
