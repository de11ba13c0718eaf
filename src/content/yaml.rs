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
    /// For a bracket or quote left open, where it was opened: the parser
    /// notices only a line or two later, where nothing is wrong.
    pub unclosed: Option<Unclosed>,
}

/// A `[`, `{` or quote that is never closed, and where it opens (1-based,
/// in the YAML text).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Unclosed {
    /// What was opened: `[`, `{`, or `"`/`'` for a quote.
    pub opener: char,
    pub line: usize,
    pub column: usize,
}

/// Deserializes `text` into `T`. Empty text is an empty mapping.
pub fn parse<T: DeserializeOwned>(text: &str) -> Result<T, YamlError> {
    let yaml = if text.trim().is_empty() { "{}" } else { text };
    serde_yaml::from_str(yaml).map_err(|err| {
        let location = err.location();
        let full = err.to_string();
        // serde_yaml appends " at line L column C" and the parser's context;
        // we print positions ourselves.
        let message = match full.find(" at line ") {
            Some(i) => full[..i].to_string(),
            None => full.clone(),
        };
        let line = location.as_ref().map(|l| l.line());
        YamlError {
            unclosed: unclosed(&full, text, line),
            message,
            line,
            column: location.as_ref().map(|l| l.column()),
        }
    })
}

/// The bracket or quote a syntax error comes from, when it is one left open.
///
/// libyaml names the flow collection or quoted scalar it was inside
/// ("while parsing a flow sequence at line 7 column 9"). A quote closed
/// only by the next field's quote is a different error at that field, so
/// the lines before the error are read for a quoted value that is still
/// open when the error's line starts.
fn unclosed(message: &str, text: &str, error_line: Option<usize>) -> Option<Unclosed> {
    for (context, opener) in [
        ("while parsing a flow sequence at line ", '['),
        ("while parsing a flow mapping at line ", '{'),
        ("while scanning a quoted scalar at line ", '"'),
    ] {
        if let Some(at) = message.find(context) {
            let mut numbers = message[at + context.len()..]
                .split(|c: char| !c.is_ascii_digit())
                .filter(|n| !n.is_empty())
                .map(|n| n.parse::<usize>().ok());
            let (Some(Some(line)), Some(Some(column))) = (numbers.next(), numbers.next()) else {
                continue;
            };
            let opener = match opener {
                '"' => text
                    .lines()
                    .nth(line - 1)
                    .and_then(|l| l.chars().nth(column - 1))
                    .filter(|c| *c == '\'')
                    .unwrap_or('"'),
                other => other,
            };
            return Some(Unclosed {
                opener,
                line,
                column,
            });
        }
    }
    if !message.contains(", while ") {
        return None;
    }
    open_quote_before(text, error_line?)
}

/// The quote that opens a value on a line before `error_line` and is still
/// open when that line starts.
fn open_quote_before(text: &str, error_line: usize) -> Option<Unclosed> {
    let mut open: Option<Unclosed> = None;
    for (i, line) in text.lines().enumerate().take(error_line.saturating_sub(1)) {
        let mut rest = match open {
            Some(quote) => match closing_quote(line, quote.opener) {
                Some(end) => {
                    open = None;
                    &line[end + 1..]
                }
                None => continue,
            },
            None => line,
        };
        // A value that starts with a quote: after `key:` or a list's `- `.
        let offset = line.len() - rest.len();
        let value_at = rest.find(": ").map(|c| c + 2).or_else(|| {
            rest.trim_start()
                .starts_with("- ")
                .then(|| rest.find("- ").unwrap_or(0) + 2)
        });
        let Some(value_at) = value_at else {
            continue;
        };
        let value = rest[value_at..].trim_start();
        let Some(opener) = value.chars().next().filter(|c| *c == '"' || *c == '\'') else {
            continue;
        };
        let start = offset + value_at + (rest[value_at..].len() - value.len());
        rest = &line[start + 1..];
        if closing_quote(rest, opener).is_none() {
            open = Some(Unclosed {
                opener,
                line: i + 1,
                column: line[..start].chars().count() + 1,
            });
        }
    }
    open
}

/// The byte offset of the quote that closes an `opener` quote in `text`:
/// `\"` does not close a double quote, `''` does not close a single one.
fn closing_quote(text: &str, opener: char) -> Option<usize> {
    let mut chars = text.char_indices().peekable();
    while let Some((at, c)) = chars.next() {
        match c {
            '\\' if opener == '"' => {
                chars.next();
            }
            '\'' if opener == '\'' && chars.peek().is_some_and(|(_, n)| *n == '\'') => {
                chars.next();
            }
            c if c == opener => return Some(at),
            _ => {}
        }
    }
    None
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
