//! A UK postcode, checked and normalised.

use serde::{Deserialize, Serialize};

use super::Message;

/// A UK postcode, stored normalised: upper case, one space before the last three characters
/// (`ML1 1AA`). Private: never shown, never logged.
#[derive(Clone, PartialEq, Eq, Serialize, Deserialize)]
#[serde(try_from = "String", into = "String")]
pub struct Postcode(String);

impl Postcode {
    pub fn parse(input: &str) -> Result<Self, Message> {
        let compact: String = input.chars().filter(|c| !c.is_whitespace()).collect::<String>().to_uppercase();
        let refuse = || Err(Message::new("postcode-invalid"));
        if !(5..=7).contains(&compact.len()) || !compact.is_ascii() {
            return refuse();
        }
        let (outward, inward) = compact.split_at(compact.len() - 3);
        let inward_ok = {
            let b = inward.as_bytes();
            b[0].is_ascii_digit() && b[1].is_ascii_alphabetic() && b[2].is_ascii_alphabetic()
        };
        if !(inward_ok && (outward_ok(outward) || compact == "GIR0AA")) {
            return refuse();
        }
        Ok(Self(format!("{outward} {inward}")))
    }

    pub fn as_str(&self) -> &str {
        &self.0
    }
}

/// The outward code: an area of one or two letters, then a district of a digit followed by
/// an optional digit or letter (`M1`, `ML1`, `EC1A`, `W1J`, `B33`).
fn outward_ok(outward: &str) -> bool {
    let area_len = outward.chars().take_while(char::is_ascii_alphabetic).count();
    let district = &outward[area_len..];
    let mut chars = district.chars();
    (1..=2).contains(&area_len)
        && chars.next().is_some_and(|c| c.is_ascii_digit())
        && match (chars.next(), chars.next()) {
            (None, None) => true,
            (Some(c), None) => c.is_ascii_alphanumeric(),
            _ => false,
        }
}

impl std::fmt::Debug for Postcode {
    fn fmt(&self, f: &mut std::fmt::Formatter<'_>) -> std::fmt::Result {
        f.write_str("Postcode(…)")
    }
}

string_newtype_serde!(Postcode);

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn postcodes_are_checked_and_normalised() {
        for (typed, stored) in [
            ("ml11aa", "ML1 1AA"),
            (" EC1A 1BB ", "EC1A 1BB"),
            ("w1j7nt", "W1J 7NT"),
            ("B33 8TH", "B33 8TH"),
            ("m1 1ae", "M1 1AE"),
        ] {
            assert_eq!(Postcode::parse(typed).map(|p| p.as_str().to_owned()), Ok(stored.to_owned()), "{typed}");
        }
        for bad in ["", "ML1", "1ML 1AA", "ML1 AA1", "ABC1 1AA", "ML1 1A", "ÄL1 1AA"] {
            assert!(Postcode::parse(bad).is_err(), "{bad}");
        }
    }
}
