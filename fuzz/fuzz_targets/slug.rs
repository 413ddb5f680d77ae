//! An invitation link's address, from a path: a slug that parses parses to itself and is
//! safe in a URL and a key.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tellcare::domain::link::Slug;

fuzz_target!(|data: &str| {
    if let Ok(slug) = Slug::parse(data) {
        let text = slug.to_string();
        assert!(text.chars().all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '-'), "{text:?}");
        assert_eq!(Slug::parse(&text).map(|s| s.to_string()), Ok(text.clone()));
    }
});
