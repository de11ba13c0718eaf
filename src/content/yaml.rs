//! The one place that knows which YAML crate parses front-matter.
//!
//! `serde_yaml` is archived upstream; keeping it behind [`parse`] means a
//! drop-in fork replaces one `use` line. Errors come back as [`YamlError`]
//! with a line and column relative to the YAML text, which the caller offsets
//! to the original file. serde_yaml bounds recursion depth and alias
//! expansion, so "billion laughs" and deeply nested documents fail fast
//! instead of eating memory.

use serde::de::{self, DeserializeOwned, Deserializer, MapAccess, Visitor};
use std::fmt;

/// A YAML syntax or type error, positioned in the YAML text (1-based).
#[derive(Debug)]
pub struct YamlError {
    pub message: String,
    pub line: Option<usize>,
    pub column: Option<usize>,
}

/// Deserializes `text` into `T`. Empty text is an empty mapping.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let text = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(text).map_err(|err| {
        let location = err.location();
        let mut message = err.to_string();
        // serde_yaml appends " at line L column C"; we print positions ourselves.
        if let Some(i) = message.find(" at line ") {
            message.truncate(i);
        }
        YamlError {
            message,
            line: location.as_ref().map(|l| l.line()),
            column: location.as_ref().map(|l| l.column()),
        }
    })
}

/// `text` as a YAML double-quoted scalar that parses back to exactly `text`,
/// whatever it holds.
///
/// JSON string escaping is not enough: YAML refuses a raw DEL or C1 control
/// char anywhere in a document, and folds raw U+0085, U+2028 and U+2029 as
/// line breaks, so those (and every other control char) are written as
/// `\uXXXX` escapes.
pub fn quote(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 2);
    out.push('"');
    for c in text.chars() {
        match c {
            '"' => out.push_str("\\\""),
            '\\' => out.push_str("\\\\"),
            '\n' => out.push_str("\\n"),
            '\t' => out.push_str("\\t"),
            c if c.is_control()
                || matches!(
                    c,
                    '\u{2028}' | '\u{2029}' | '\u{feff}' | '\u{fffe}' | '\u{ffff}'
                ) =>
            {
                out.push_str(&format!("\\u{:04x}", c as u32));
            }
            c => out.push(c),
        }
    }
    out.push('"');
    out
}

/// A scalar kept as text: YAML reads `2024` as a number and `2024-07-31` as a
/// string, and a date field must accept both.
pub fn scalar_text<'de, D: Deserializer<'de>>(deserializer: D) -> Result<Option<String>, D::Error> {
    struct ScalarVisitor;
    impl Visitor<'_> for ScalarVisitor {
        type Value = Option<String>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a date such as 2024, 2024-07 or 2024-07-31")
        }
        fn visit_str<E: de::Error>(self, v: &str) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_i64<E: de::Error>(self, v: i64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_u64<E: de::Error>(self, v: u64) -> Result<Self::Value, E> {
            Ok(Some(v.to_string()))
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
        fn visit_none<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(None)
        }
    }
    deserializer.deserialize_any(ScalarVisitor)
}

/// A mapping kept in the order the editor wrote it (for `links`).
pub fn ordered_map<'de, D: Deserializer<'de>>(
    deserializer: D,
) -> Result<Vec<(String, String)>, D::Error> {
    struct MapVisitor;
    impl<'de> Visitor<'de> for MapVisitor {
        type Value = Vec<(String, String)>;
        fn expecting(&self, f: &mut fmt::Formatter) -> fmt::Result {
            f.write_str("a map of label: URL")
        }
        fn visit_map<A: MapAccess<'de>>(self, mut map: A) -> Result<Self::Value, A::Error> {
            let mut out = Vec::new();
            while let Some((key, value)) = map.next_entry::<String, String>()? {
                out.push((key, value));
            }
            Ok(out)
        }
        fn visit_unit<E: de::Error>(self) -> Result<Self::Value, E> {
            Ok(Vec::new())
        }
    }
    deserializer.deserialize_any(MapVisitor)
}

#[cfg(test)]
mod tests {
    use super::*;
    use serde::Deserialize;

    #[derive(Deserialize, Debug)]
    #[serde(deny_unknown_fields)]
    #[allow(dead_code)]
    struct Doc {
        #[serde(default, deserialize_with = "scalar_text")]
        date: Option<String>,
        #[serde(default)]
        list: Vec<String>,
    }

    #[test]
    fn dates_as_numbers_or_strings() {
        let d: Doc = parse("date: 2013").unwrap();
        assert_eq!(d.date.as_deref(), Some("2013"));
        let d: Doc = parse("date: 2024-07-31").unwrap();
        assert_eq!(d.date.as_deref(), Some("2024-07-31"));
    }

    #[test]
    fn errors_have_positions() {
        let err = parse::<Doc>("date: 2013\nlist: 3\n").unwrap_err();
        assert_eq!(err.line, Some(2));
        let err = parse::<Doc>("dat: 2013\n").unwrap_err();
        assert!(
            err.message.contains("unknown field `dat`"),
            "{}",
            err.message
        );
    }

    proptest::proptest! {
        #[test]
        fn quoted_text_parses_back_to_itself(text in "\\PC*|[\\x00-\\x7f\\u{80}-\\u{a0}\\u{2028}\\u{2029}\\u{feff}\\u{fffe}\\u{ffff}]*") {
            let parsed: String = parse(&quote(&text)).map_err(|e| proptest::test_runner::TestCaseError::fail(e.message))?;
            proptest::prop_assert_eq!(parsed, text);
        }
    }

    #[test]
    fn alias_bombs_fail_fast() {
        let mut bomb = String::from(
            "a: &a [\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\",\"lol\"]\n",
        );
        for i in 0..9u8 {
            let prev = (b'a' + i) as char;
            let next = (b'a' + i + 1) as char;
            bomb.push_str(&format!("{next}: &{next} [*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev},*{prev}]\n"));
        }
        assert!(parse::<serde_yaml::Value>(&bomb).is_err());
        let deep = "[".repeat(10_000);
        assert!(parse::<serde_yaml::Value>(&deep).is_err());
    }
}
