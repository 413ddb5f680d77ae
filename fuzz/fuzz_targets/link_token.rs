//! An emailed link's token, from a path: one that parses is 64 hex digits, and only its
//! digest is ever a key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tellcare::domain::token::LinkToken;

fuzz_target!(|data: &str| {
    if let Some(token) = LinkToken::parse(data) {
        assert!(token.as_str().len() == 64 && token.as_str().bytes().all(|b| b.is_ascii_hexdigit()));
        let digest = token.digest();
        assert!(digest.len() == 64 && digest != token.as_str());
    }
});
