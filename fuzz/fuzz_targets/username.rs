//! A username as typed: one that parses is letters and digits, 3 to 30 of them, never an
//! email address, and parses to itself.
#![no_main]

use libfuzzer_sys::fuzz_target;
use tellcare::domain::story::Username;

fuzz_target!(|data: &str| {
    if let Ok(name) = Username::parse(data) {
        let name = name.as_str();
        assert!((3..=30).contains(&name.chars().count()) && name.chars().all(char::is_alphanumeric), "{name:?}");
        assert!(!name.contains('@'));
        assert_eq!(Username::parse(name).map(|n| n.as_str().to_owned()), Ok(name.to_owned()));
    }
});
