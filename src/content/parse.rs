//! One file's front-matter turned into values, with every error located.
//!
//! [`FileCtx`] parses the YAML into the raw structs of [`super::fields`],
//! turns a YAML or serde error into a diagnostic an editor can act on (the
//! file's line and column, "did you mean" for a misspelt field), and checks
//! the values an article and an entity share: dates, URLs, tags. It never
//! looks beyond the one file: whether a referenced id exists is
//! [`crate::dossier`]'s question.

use std::path::Path;

use super::fields::ArticleFm;
use super::id::slugify;
use super::{frontmatter, yaml};
use super::{Article, Claim, PartialDate, Quote, Refs, Source};
use crate::diagnostics::{closest, Diagnostic, Location};

/// One file being parsed: its text for locating fields, and its errors so far.
pub(super) struct FileCtx<'a> {
    pub(super) text: &'a str,
    pub(super) file: &'a Path,
    pub(super) errors: Vec<Diagnostic>,
}

impl FileCtx<'_> {
    pub(super) fn error_at(
        &mut self,
        key: &str,
        needle: Option<&str>,
        message: String,
    ) -> &mut Diagnostic {
        let location = frontmatter::locate(self.text, key, needle);
        self.errors
            .push(Diagnostic::error(message).in_file(self.file).at(location));
        self.errors.last_mut().expect("just pushed")
    }

    pub(super) fn missing(&mut self, field: &str) {
        let d = Diagnostic::error(format!("required field `{field}` is missing"))
            .in_file(self.file)
            .at(Location::at_line(self.text, 1, 1))
            .hint(format!("add `{field}: ...` to the front-matter"));
        self.errors.push(d);
    }

    pub(super) fn parse<T: serde::de::DeserializeOwned>(
        &mut self,
        yaml_text: &str,
        known: &[&str],
    ) -> Option<T> {
        match yaml::parse::<T>(yaml_text) {
            Ok(value) => Some(value),
            Err(e) => {
                // The YAML starts on line 2 of the file, after the opening `---`.
                let location = match (e.unclosed, e.line, e.column) {
                    (Some(open), _, _) => Location::at_line(self.text, open.line + 1, open.column),
                    (None, Some(line), Some(column)) => {
                        Location::at_line(self.text, line + 1, column)
                    }
                    _ => Location::at_line(self.text, 1, 1),
                };
                let message = match e.message.split_once(", expected struct ") {
                    // A list or a lone value where fields belong: the Rust
                    // type's name would mean nothing to an editor.
                    Some((found, _)) => format!(
                        "{found}; the front-matter must be fields, one `name: value` a line"
                    ),
                    None => e.message.clone(),
                };
                let mut d = Diagnostic::error(format!("front-matter: {message}"))
                    .in_file(self.file)
                    .at(location);
                if let Some(open) = e.unclosed {
                    d = d.hint(match open.opener {
                        '[' => "this `[` is not closed: end the list with `]` on the same line",
                        '{' => "this `{` is not closed: end it with `}`",
                        _ => "this quote is not closed: end the value with the same quote",
                    });
                } else if let Some(field) = e
                    .message
                    .strip_prefix("unknown field `")
                    .and_then(|r| r.split('`').next())
                {
                    let nested = !e.message.contains(&format!("`{}`", known[0]));
                    let expected: Vec<&str> = if nested {
                        e.message
                            .split("expected ")
                            .nth(1)
                            .unwrap_or("")
                            .split(['`', ',', ' '])
                            .filter(|s| !s.is_empty() && *s != "one" && *s != "of" && *s != "or")
                            .collect()
                    } else {
                        known.to_vec()
                    };
                    d.message = format!("front-matter: unknown field `{field}`");
                    d = match closest(field, expected.iter().copied()) {
                        Some(best) => d.hint(format!("did you mean `{best}`?")),
                        None => d.hint(format!("known fields: {}", expected.join(", "))),
                    };
                } else if e.message.contains("unknown variant") {
                    d = d.hint("status is one of disputed, confirmed, refuted, unverified");
                } else if e.message.contains("recursion limit")
                    || e.message.contains("repetition limit")
                {
                    d = d.hint("front-matter is too deeply nested or expands too many aliases");
                }
                self.errors.push(d);
                None
            }
        }
    }

    pub(super) fn date(&mut self, key: &str, value: Option<String>) -> Option<PartialDate> {
        let value = value?;
        match PartialDate::parse(&value) {
            Ok(date) => Some(date),
            Err(message) => {
                self.error_at(key, Some(&value), format!("`{key}`: {message}"));
                None
            }
        }
    }

    pub(super) fn url(&mut self, key: &str, value: Option<String>) -> Option<String> {
        let value = value?;
        if is_http_url(&value) {
            Some(value)
        } else {
            self.error_at(
                key,
                Some(&value),
                format!("`{key}` must be an http or https URL, not `{value}`"),
            )
            .hint = Some("write the full address, starting with https://".into());
            None
        }
    }

    pub(super) fn tags(&mut self, tags: Vec<String>) -> Vec<String> {
        for tag in &tags {
            if slugify(tag).is_empty() {
                self.error_at(
                    "tags",
                    Some(tag),
                    format!("tag `{tag}` has no letters or digits a URL can carry"),
                )
                .hint = Some("use a tag with Latin letters or digits".into());
            }
        }
        tags
    }

    pub(super) fn article(
        &mut self,
        fm: ArticleFm,
        id: String,
        source: Source,
        body: &str,
    ) -> Option<Article> {
        if fm.title.is_none() {
            self.missing("title");
        }
        if fm.date.is_none() {
            self.missing("date");
        }
        let date = self.date("date", fm.date);
        let updated = self.date("updated", fm.updated);
        let url = self.url("url", fm.url);
        let tags = self.tags(fm.tags);
        for q in &fm.quotes {
            if q.text.trim().is_empty() {
                self.error_at("quotes", Some(&q.by), "quote has empty `text`".into());
            }
        }
        let quotes = fm
            .quotes
            .into_iter()
            .map(|q| Quote {
                by: q.by,
                text: q.text,
            })
            .collect();
        let claims = fm
            .claims
            .into_iter()
            .map(|c| Claim {
                by: c.by,
                about: c.about,
                text: c.text,
                status: c.status,
            })
            .collect();
        Some(Article {
            id,
            source,
            body: body.to_string(),
            title: fm.title?,
            date: date?,
            outlet: fm.outlet,
            author: fm.author,
            url,
            language: fm.language,
            summary: fm.summary,
            refs: Refs {
                people: fm.people,
                places: fm.places,
                events: fm.events,
                organizations: fm.organizations,
            },
            tags,
            quotes,
            claims,
            draft: fm.draft,
            updated,
        })
    }
}

/// Whether `url` is an absolute http(s) URL, the only kind a page may link out to.
pub fn is_http_url(url: &str) -> bool {
    let lower = url.trim().to_ascii_lowercase();
    let rest = lower
        .strip_prefix("https://")
        .or_else(|| lower.strip_prefix("http://"));
    matches!(rest, Some(r) if !r.is_empty() && !r.starts_with('/'))
        && !url
            .chars()
            .any(|c| c.is_whitespace() || c.is_control() || c == '"' || c == '<' || c == '>')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn http_urls_only() {
        assert!(is_http_url("https://example.org/a?b=c"));
        assert!(is_http_url("HTTP://EXAMPLE.ORG"));
        assert!(!is_http_url("javascript:alert(1)"));
        assert!(!is_http_url("https://"));
        assert!(!is_http_url("ftp://example.org"));
        assert!(!is_http_url("https://exa mple.org"));
    }
}
