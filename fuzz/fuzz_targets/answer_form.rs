//! A responder's answer, as POST /respond/{token} reads it.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tellcare::domain::response::{ResponseDraft, ResponseInput};

fuzz_target!(|data: &[u8]| {
    let Ok(input) = serde_html_form::from_bytes::<ResponseInput>(data) else { return };
    if let Ok(draft) = ResponseDraft::parse(&input) {
        let length = draft.body.chars().count();
        assert!((2..=5000).contains(&length), "an answer of {length} characters passed");
    }
});
