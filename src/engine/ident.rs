//! Bare RON identifiers (`empathy`, `Dominant`) used for strategy ids and map keys.

use serde::{Deserialize, Deserializer, Serialize};
use std::fmt;

/// An identifier written bare in RON (`shows: [empathy]`), not as a quoted string.
///
/// Strategy ids form a closed vocabulary, like an enum, so authors write them the way they
/// write enum variants; the id is still checked against the catalogue after parsing.
#[derive(Clone, Debug, PartialEq, Eq, Hash, PartialOrd, Ord, Serialize)]
#[serde(transparent)]
pub struct Ident(pub String);

impl Ident {
    pub fn as_str(&self) -> &str {
        &self.0
    }
}

impl fmt::Display for Ident {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.0)
    }
}

impl<'de> Deserialize<'de> for Ident {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        struct IdentVisitor;
        impl serde::de::Visitor<'_> for IdentVisitor {
            type Value = Ident;
            fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
                f.write_str("an identifier such as `empathy`")
            }
            fn visit_str<E: serde::de::Error>(self, v: &str) -> Result<Ident, E> {
                Ok(Ident(v.to_owned()))
            }
        }
        deserializer.deserialize_identifier(IdentVisitor)
    }
}
