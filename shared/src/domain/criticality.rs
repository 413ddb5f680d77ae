//! How critical a story is, as a moderator rates it: 0 (not critical) to 5 (severely critical).

use serde::{Deserialize, Deserializer, Serialize};

use super::Message;

#[derive(Clone, Copy, Debug, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(into = "u8")]
pub struct Criticality(u8);

impl Criticality {
    pub const MAX: u8 = 5;

    pub fn value(self) -> u8 {
        self.0
    }
}

impl TryFrom<u8> for Criticality {
    type Error = Message;
    fn try_from(value: u8) -> Result<Self, Self::Error> {
        if value <= Self::MAX { Ok(Self(value)) } else { Err(Message::new("criticality-range").with("max", Self::MAX)) }
    }
}

/// Read from records and events, never from a form (which checks it with `try_from`): the
/// refusal is for the logs, in words that need no catalogue (as `string_newtype_serde`'s).
impl<'de> Deserialize<'de> for Criticality {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        let value = u8::deserialize(deserializer)?;
        Criticality::try_from(value)
            .map_err(|_| serde::de::Error::custom(format_args!("criticality {value} is over {}", Criticality::MAX)))
    }
}

impl From<Criticality> for u8 {
    fn from(c: Criticality) -> u8 {
        c.0
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn holds_zero_to_five_only() {
        assert_eq!(Criticality::try_from(5).map(Criticality::value), Ok(5));
        assert!(Criticality::try_from(6).is_err());
        assert!(serde_json::from_str::<Criticality>("9").is_err());
    }
}
