//! `dossier import`: raw article text → a clean article file.
//!
//! [`clean`] does the text work (headline, date line, repeated text,
//! boilerplate, captions) without I/O. [`to_markdown`] writes the article:
//! front-matter with the entities of the dossier found in the text (by the
//! same matcher as the build), and the paragraphs escaped so markdown shows
//! them exactly as they were.

pub mod clean;
pub mod rescan;
pub mod suggest;

use crate::content::id::slugify;
use crate::content::yaml::quote;
use crate::content::{Entity, Kind, PartialDate};
use crate::names::matcher::MatchTarget;
use crate::names::NameTable;

/// Longest slug part of an imported article's id.
const SLUG_LIMIT: usize = 60;

/// The entities of the dossier an article names, by kind, in order of first mention.
#[derive(Debug, Default, Clone, PartialEq, Eq)]
pub struct Found {
    pub by_kind: Vec<(Kind, Vec<String>)>,
    /// Names shared by several entities that the text uses: left for the editor.
    pub ambiguous: Vec<String>,
}

/// Finds the entities named in `paragraphs`.
pub fn find_entities(names: &NameTable, entities: &[Entity], paragraphs: &[String]) -> Found {
    let mut order: Vec<usize> = Vec::new();
    let mut ambiguous: Vec<String> = Vec::new();
    for p in paragraphs {
        for m in names.matcher.find_iter(p) {
            match m.target {
                MatchTarget::Entity(e) if names.is_linkable(e) && !order.contains(&e) => {
                    order.push(e)
                }
                MatchTarget::Ambiguous(_) => {
                    let name = p[m.range.clone()].to_string();
                    if !ambiguous.contains(&name) {
                        ambiguous.push(name);
                    }
                }
                _ => {}
            }
        }
    }
    let by_kind = Kind::ALL
        .iter()
        .map(|k| {
            (
                *k,
                order
                    .iter()
                    .filter(|e| entities[**e].kind == *k)
                    .map(|e| entities[*e].id.clone())
                    .collect::<Vec<_>>(),
            )
        })
        .filter(|(_, ids)| !ids.is_empty())
        .collect();
    Found { by_kind, ambiguous }
}

/// Names joined as an editor writes a byline: "A", "A and B", "A, B and C".
pub fn join_names(names: &[String]) -> Option<String> {
    match names {
        [] => None,
        [one] => Some(one.clone()),
        [init @ .., last] => Some(format!("{} and {last}", init.join(", "))),
    }
}

/// The id of an imported article: `<date>-<slug of the title>`.
pub fn article_id(date: &PartialDate, title: &str) -> String {
    let mut slug = slugify(title);
    if slug.len() > SLUG_LIMIT {
        let cut = slug[..SLUG_LIMIT].rfind('-').unwrap_or(SLUG_LIMIT);
        slug.truncate(cut);
    }
    if slug.is_empty() {
        slug = "article".into();
    }
    format!("{}-{slug}", date.iso())
}

/// What goes in the front-matter besides the found entities.
pub struct Meta<'a> {
    pub title: &'a str,
    pub date: &'a PartialDate,
    pub outlet: Option<&'a str>,
    pub url: Option<&'a str>,
    pub language: Option<&'a str>,
    /// The byline's people, joined as an editor writes them: "A and B".
    pub author: Option<&'a str>,
    pub updated: Option<&'a PartialDate>,
    pub tags: &'a [String],
}

/// The article file: front-matter and escaped paragraphs.
pub fn to_markdown(meta: &Meta, found: &Found, paragraphs: &[String]) -> String {
    let mut out = String::from("---\n");
    out.push_str(&format!("title: {}\n", quote(meta.title)));
    out.push_str(&format!("date: {}\n", meta.date.iso()));
    if let Some(updated) = meta.updated {
        out.push_str(&format!("updated: {}\n", updated.iso()));
    }
    if let Some(author) = meta.author {
        out.push_str(&format!("author: {}\n", quote(author)));
    }
    match meta.outlet {
        Some(outlet) => out.push_str(&format!("outlet: {}\n", quote(outlet))),
        None => out.push_str("# outlet: \"\"   # not shown in the text; add it if you know it\n"),
    }
    match meta.url {
        Some(url) => out.push_str(&format!("url: {}\n", quote(url))),
        None => out.push_str("# url: https://\n"),
    }
    if let Some(language) = meta.language {
        out.push_str(&format!("language: {}\n", quote(language)));
    }
    out.push_str("# summary: \"\"\n");
    for (kind, ids) in &found.by_kind {
        out.push_str(&format!("{}: [{}]\n", kind.folder(), ids.join(", ")));
    }
    if meta.tags.is_empty() {
        out.push_str("# tags: []\n");
    } else {
        let tags: Vec<String> = meta.tags.iter().map(|t| quote(t)).collect();
        out.push_str(&format!("tags: [{}]\n", tags.join(", ")));
    }
    out.push_str("# quotes:\n#   - by: person-id\n#     text: \"words exactly as printed\"\n");
    out.push_str("---\n");
    let body: Vec<String> = paragraphs.iter().map(|p| escape_markdown(p)).collect();
    out.push_str(&body.join("\n\n"));
    out.push('\n');
    out
}

/// Escapes what markdown would otherwise read as markup, so the paragraph
/// renders as the text it is: inline markers anywhere, block markers at the
/// start of a line.
pub fn escape_markdown(text: &str) -> String {
    let mut out = String::with_capacity(text.len() + 8);
    for (i, line) in text.lines().enumerate() {
        if i > 0 {
            out.push('\n');
        }
        let trimmed = line.trim_start();
        let indent = &line[..line.len() - trimmed.len()];
        out.push_str(indent.get(..indent.len().min(3)).unwrap_or(""));
        let starts_block =
            trimmed.starts_with(['#', '>', '-', '+', '=', '|']) || trimmed.starts_with("* ");
        if starts_block {
            out.push('\\');
        }
        // `12.` or `3)` would begin a list: escape the punctuation after the digits.
        let marker_at =
            ordered_marker(trimmed).then(|| trimmed.bytes().take_while(u8::is_ascii_digit).count());
        for (i, c) in trimmed.char_indices() {
            if Some(i) == marker_at {
                out.push('\\');
            }
            if matches!(c, '\\' | '*' | '_' | '`' | '[' | ']' | '<' | '~') {
                out.push('\\');
            }
            out.push(c);
        }
    }
    out
}

/// `12.` or `3)` at the start of a line would begin a list.
fn ordered_marker(line: &str) -> bool {
    let digits = line.bytes().take_while(u8::is_ascii_digit).count();
    (1..=9).contains(&digits) && matches!(line.as_bytes().get(digits), Some(b'.') | Some(b')'))
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::body::markdown::render_plain;

    #[test]
    fn escaped_text_renders_as_itself() {
        for text in [
            "# Not a heading",
            "2024. A year to remember",
            "- not a list",
            "a *b* c_d_ [e](f) <script>x</script> `g`",
            "> not a quote",
        ] {
            let html = render_plain(&escape_markdown(text));
            let visible = html.replace("<p>", "").replace("</p>\n", "");
            let expected = text
                .replace('&', "&amp;")
                .replace('<', "&lt;")
                .replace('>', "&gt;");
            assert_eq!(visible, expected, "{text}");
        }
    }

    #[test]
    fn ids_are_dated_and_bounded() {
        let date = PartialDate::parse("2024-07-31").unwrap();
        assert_eq!(
            article_id(&date, "Thousands rally in Lima"),
            "2024-07-31-thousands-rally-in-lima"
        );
        let long = "word ".repeat(40);
        assert!(article_id(&date, &long).len() <= 11 + SLUG_LIMIT);
    }
}
