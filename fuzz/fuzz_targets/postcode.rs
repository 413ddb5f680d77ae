//! A UK postcode as typed: a postcode that parses is kept in one normal form, which parses
//! to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tellcare::domain::story::Postcode;

fuzz_target!(|data: &str| {
    if let Ok(postcode) = Postcode::parse(data) {
        let normal = postcode.as_str().to_owned();
        assert_eq!(Postcode::parse(&normal).map(|p| p.as_str().to_owned()), Ok(normal.clone()));
        assert!(normal.len() <= 8 && normal.is_ascii(), "{normal:?}");
    }
});
