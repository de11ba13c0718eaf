//! Characters a page or feed may not carry, and the warnings that say where
//! an editor wrote one.
//!
//! XML 1.0 forbids C0 control characters other than tab, line feed and
//! carriage return, and U+FFFE/U+FFFF; HTML reports every control character
//! and noncharacter as a parse error. A NUL pasted into a body, or a
//! `"\uFFFE"` escape in a title, would make `atom.xml` unreadable to a feed
//! reader. Every escaper of the output ([`crate::render::theme::escape_html`]
//! for templates, [`crate::render::feeds::xml_escape`] for feeds and the
//! sitemap) and the markdown renderer drop them, so no output holds one
//! whatever path the text took; [`in_front_matter`] and the markdown
//! renderer warn with the file and line, so nothing is lost unseen.
//! `dossier.json` keeps text exactly: JSON escapes every character.
//! This module only reads: it never changes the dossier.

use std::borrow::Cow;

use crate::config::SiteConfig;
use crate::content::frontmatter;
use crate::diagnostics::{Diagnostic, Location};
use crate::dossier::Dossier;

/// Whether `c` may not appear in a page or feed: C0 controls but tab, line
/// feed and carriage return; DEL and the C1 controls; noncharacters
/// (U+FDD0–U+FDEF and the last two code points of every plane).
pub fn is_forbidden(c: char) -> bool {
    let n = c as u32;
    (n < 0x20 && !matches!(c, '\t' | '\n' | '\r'))
        || (0x7f..=0x9f).contains(&n)
        || (0xfdd0..=0xfdef).contains(&n)
        || n & 0xfffe == 0xfffe
}

/// `text` without its forbidden characters; borrowed when it has none.
pub fn drop_forbidden(text: &str) -> Cow<'_, str> {
    match first_forbidden(text) {
        None => Cow::Borrowed(text),
        Some(_) => Cow::Owned(text.chars().filter(|&c| !is_forbidden(c)).collect()),
    }
}

/// The byte offset and the character of the first forbidden character.
pub fn first_forbidden(text: &str) -> Option<(usize, char)> {
    // Every forbidden character starts with a byte below 0x20, DEL, or the
    // lead byte of U+0080–U+00BF (0xC2), U+F000–U+FFFF (0xEF) or a plane
    // above the first (0xF0–0xF4): text of any script but those bytes is
    // skipped a byte at a time without decoding.
    let bytes = text.as_bytes();
    let mut i = 0;
    while i < bytes.len() {
        let b = bytes[i];
        if b < 0x20 || b == 0x7f || b == 0xc2 || b >= 0xef {
            let c = text[i..].chars().next()?;
            if is_forbidden(c) {
                return Some((i, c));
            }
            i += c.len_utf8();
        } else {
            i += 1;
        }
    }
    None
}

/// How a forbidden character is named in a warning: `U+0000`.
pub fn describe(c: char) -> String {
    format!("U+{:04X}", c as u32)
}

/// The warning for forbidden characters in a body, at the first of them;
/// `body_line` is the line of the file where the body starts.
pub fn in_body(body: &str, body_line: usize) -> Option<Diagnostic> {
    let (at, c) = first_forbidden(body)?;
    let count = body.chars().filter(|&c| is_forbidden(c)).count();
    let mut location = Location::at_offset(body, at);
    location.line += body_line.saturating_sub(1);
    Some(warning("the text", c, count).at(location))
}

/// The warning for `count` forbidden characters in `place` (the text, a
/// field), the first of them `c`.
fn warning(place: &str, c: char, count: usize) -> Diagnostic {
    let what = match count {
        1 => format!("{}, a control character or noncharacter", describe(c)),
        n => format!(
            "{n} control characters or noncharacters (the first {})",
            describe(c)
        ),
    };
    Diagnostic::warning(format!(
        "{place} holds {what}: pages and feeds cannot carry it, so it is left out"
    ))
    .hint("delete it; it is usually pasted in by accident, or written as an escape such as \"\\u0000\"")
}

/// Warnings for forbidden characters in any front-matter text of the
/// dossier and in `site.toml`, one per field, at the line that holds it.
/// The file is read again only for a field that has one, which no
/// ordinary dossier has.
pub fn in_front_matter(dossier: &Dossier) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    let mut check = |file: &std::path::Path, key: &str, value: &str| {
        let Some((_, c)) = first_forbidden(value) else {
            return;
        };
        let count = value.chars().filter(|&c| is_forbidden(c)).count();
        let mut d = warning(&format!("`{key}`"), c, count).in_file(file);
        if let Ok(text) = std::fs::read_to_string(dossier.root.join(file)) {
            d = d.at(frontmatter::locate(&text, key, None));
        }
        warnings.push(d);
    };
    for a in &dossier.articles {
        let f = &a.source.file;
        check(f, "title", &a.title);
        for (key, value) in [
            ("outlet", &a.outlet),
            ("author", &a.author),
            ("url", &a.url),
            ("language", &a.language),
            ("summary", &a.summary),
        ] {
            check(f, key, value.as_deref().unwrap_or(""));
        }
        for tag in &a.tags {
            check(f, "tags", tag);
        }
        for quote in &a.quotes {
            check(f, "quotes", &quote.text);
        }
        for claim in &a.claims {
            check(f, "claims", &claim.text);
        }
    }
    for e in &dossier.entities {
        let f = &e.source.file;
        check(f, "name", &e.name);
        for alias in &e.aliases {
            check(f, "aliases", alias);
        }
        for (key, value) in [
            ("summary", &e.summary),
            ("role", &e.role),
            ("country", &e.country),
            ("type", &e.entity_type),
            ("abbreviation", &e.abbreviation),
        ] {
            check(f, key, value.as_deref().unwrap_or(""));
        }
        for (label, url) in &e.links {
            check(f, "links", label);
            check(f, "links", url);
        }
        for tag in &e.tags {
            check(f, "tags", tag);
        }
    }
    for p in dossier.pages.iter().chain(&dossier.home) {
        let f = &p.source.file;
        check(f, "title", p.title.as_deref().unwrap_or(""));
        check(f, "summary", p.summary.as_deref().unwrap_or(""));
    }
    warnings.extend(in_site_toml(&dossier.config, dossier));
    warnings
}

fn in_site_toml(config: &SiteConfig, dossier: &Dossier) -> Vec<Diagnostic> {
    let mut warnings = Vec::new();
    for (key, value) in [
        ("title", Some(&config.title)),
        ("description", config.description.as_ref()),
        ("language", Some(&config.language)),
    ] {
        let Some((_, c)) = value.and_then(|v| first_forbidden(v)) else {
            continue;
        };
        let count = value.map_or(0, |v| v.chars().filter(|&c| is_forbidden(c)).count());
        let mut d = warning(&format!("`{key}`"), c, count).in_file("site.toml");
        if let Ok(text) = std::fs::read_to_string(dossier.root.join("site.toml")) {
            let sets_key = |line: &str| {
                line.trim_start()
                    .strip_prefix(key)
                    .is_some_and(|rest| rest.trim_start().starts_with('='))
            };
            if let Some(line) = text.lines().position(sets_key) {
                d = d.at(Location::at_line(&text, line + 1, 1));
            }
        }
        warnings.push(d);
    }
    warnings
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn forbids_what_xml_and_html_forbid_and_nothing_else() {
        for c in [
            '\0', '\u{1}', '\u{b}', '\u{c}', '\u{1f}', '\u{7f}', '\u{85}', '\u{9f}',
        ] {
            assert!(is_forbidden(c), "{c:?}");
        }
        for c in [
            '\u{fdd0}',
            '\u{fdef}',
            '\u{fffe}',
            '\u{ffff}',
            '\u{1fffe}',
            '\u{10ffff}',
        ] {
            assert!(is_forbidden(c), "{c:?}");
        }
        for c in [
            '\t',
            '\n',
            '\r',
            ' ',
            'a',
            '\u{a0}',
            'é',
            '\u{fffd}',
            '\u{fdcf}',
            '😀',
            '\u{10fffd}',
        ] {
            assert!(!is_forbidden(c), "{c:?}");
        }
    }

    #[test]
    fn drops_them_and_finds_the_first() {
        assert_eq!(drop_forbidden("a\0b\u{fffe}ç\u{85}d"), "abçd");
        assert!(matches!(drop_forbidden("plain ¿é? 😀"), Cow::Borrowed(_)));
        assert_eq!(
            first_forbidden("¿é\u{ffff}"),
            Some(("¿é".len(), '\u{ffff}'))
        );
        assert_eq!(first_forbidden("¿é\u{fffd}"), None);
    }

    #[test]
    fn a_body_warning_names_the_line_in_the_file() {
        let d = in_body("one\ntwo \0 and \0\n", 5).unwrap();
        assert!(!d.is_error());
        assert!(
            d.message.starts_with("the text holds 2 control characters"),
            "{}",
            d.message
        );
        assert!(d.message.contains("U+0000"), "{}", d.message);
        assert!(in_body("clean text", 5).is_none());
    }
}
