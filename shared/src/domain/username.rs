//! The name a story is shown under, typed or made up.

use serde::{Deserialize, Serialize};

use super::{Message, text};

/// The name shown with a story: 3 to 30 letters and digits, never an email address or a
/// phone number, so nobody publishes how to reach them by mistake.
#[derive(Clone, Debug, PartialEq, Eq, Hash, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Username(String);

impl Username {
    pub fn parse(input: &str) -> Result<Self, Message> {
        let name = text::clean(input, false);
        if name.contains('@') {
            return Err(Message::new("username-is-email"));
        }
        let digits = name.chars().filter(char::is_ascii_digit).count();
        let phone_like = name.chars().all(|c| c.is_ascii_digit() || " +-()".contains(c));
        if digits >= 7 && (phone_like || digits * 2 > name.chars().count()) {
            return Err(Message::new("username-is-phone"));
        }
        let length = name.chars().count();
        if !(3..=30).contains(&length) {
            return Err(Message::new("username-length"));
        }
        if !name.chars().all(char::is_alphanumeric) {
            return Err(Message::new("username-characters"));
        }
        Ok(Self(name))
    }

    /// A name like the ones the public already sees: a constellation, two letters, two digits
    /// (`monocerosre47`).
    pub fn generate() -> Self {
        use rand::RngExt;
        let mut rng = rand::rng();
        let constellation = CONSTELLATIONS[rng.random_range(0..CONSTELLATIONS.len())];
        let letters: String = (0..2).map(|_| rng.random_range(b'a'..=b'z') as char).collect();
        Self(format!("{constellation}{letters}{:02}", rng.random_range(0..100)))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

string_newtype_serde!(Username);

const CONSTELLATIONS: &[&str] = &[
    "andromeda",
    "antlia",
    "apus",
    "aquarius",
    "aquila",
    "ara",
    "aries",
    "auriga",
    "bootes",
    "caelum",
    "cancer",
    "capricornus",
    "carina",
    "cassiopeia",
    "centaurus",
    "cepheus",
    "cetus",
    "chamaeleon",
    "circinus",
    "columba",
    "crater",
    "crux",
    "cygnus",
    "delphinus",
    "dorado",
    "draco",
    "equuleus",
    "eridanus",
    "fornax",
    "gemini",
    "grus",
    "hercules",
    "horologium",
    "hydra",
    "hydrus",
    "indus",
    "lacerta",
    "leo",
    "lepus",
    "libra",
    "lupus",
    "lynx",
    "lyra",
    "mensa",
    "monoceros",
    "musca",
    "norma",
    "octans",
    "ophiuchus",
    "orion",
    "pavo",
    "pegasus",
    "perseus",
    "phoenix",
    "pictor",
    "pisces",
    "puppis",
    "pyxis",
    "reticulum",
    "sagitta",
    "sagittarius",
    "scorpius",
    "sculptor",
    "scutum",
    "serpens",
    "sextans",
    "taurus",
    "telescopium",
    "triangulum",
    "tucana",
    "vela",
    "virgo",
    "volans",
    "vulpecula",
];

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn usernames_are_never_contact_details() {
        assert!(Username::parse("sunnyday42").is_ok());
        assert!(Username::parse("Zoë2024").is_ok());
        for bad in [
            "07700900123",
            "07700 900123",
            "+447700900123",
            "jo@example.com",
            "ab",
            "two words",
            "x".repeat(31).as_str(),
        ] {
            assert!(Username::parse(bad).is_err(), "{bad}");
        }
    }
}
