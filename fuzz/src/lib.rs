//! Helpers the fuzz targets share: a small dossier made from fuzz input, and
//! checks on the HTML the renderer produces.
//!
//! Inputs that need entities start with a block of lines, one entity each,
//! `Name|Alias|Alias` (a leading `!` sets `auto_link: false`), then a blank
//! line, then the text to work on. The seeds in `fuzz/corpus/` follow it.

use std::path::{Path, PathBuf};
use std::sync::OnceLock;

use dossier::body::{render_body, Linking, RenderedBody};
use dossier::config::{AutoLink, SiteConfig};
use dossier::content::load::LoadedContent;
use dossier::content::{Article, Entity, Kind, Page, PartialDate, Refs, Source};
use dossier::dossier::Dossier;
use dossier::names::NameTable;

/// At most this many entities are read from an input.
pub const MAX_ENTITIES: usize = 8;

/// Splits an input into its entity lines and the rest, at the first blank line.
pub fn split_input(text: &str) -> (&str, &str) {
    match text.find("\n\n") {
        Some(at) => (&text[..at], &text[at + 2..]),
        None => (text, ""),
    }
}

/// A dossier with the entities `spec` lists, an article `a1` and a page `about`.
///
/// Kinds rotate person, place, event, organization; ids are `e0`, `e1`, `e2`
/// in turn, so a bare id is shared across kinds (`[[e0]]` is ambiguous once
/// there are four entities) while every `kind/id` is unique.
pub fn dossier_from(spec: &str) -> (Dossier, NameTable) {
    let mut entities = Vec::new();
    for (i, line) in spec.lines().take(MAX_ENTITIES).enumerate() {
        let (auto_link, line) = match line.strip_prefix('!') {
            Some(rest) => (false, rest),
            None => (true, line),
        };
        let mut names = line.split('|');
        let name = names.next().unwrap_or("");
        let aliases: Vec<&str> = names.collect();
        let kind = Kind::ALL[i % 4];
        let mut entity = Entity::named(kind, &format!("e{}", i % 3), name, &aliases);
        entity.auto_link = auto_link;
        entities.push(entity);
    }
    static CONFIG: OnceLock<SiteConfig> = OnceLock::new();
    let config = CONFIG
        .get_or_init(|| {
            SiteConfig::parse(
                "title = \"Fuzz\"\nbase_url = \"https://example.org/base/\"\n",
                Path::new("/fuzz"),
            )
            .expect("the fuzz site.toml is valid")
        })
        .clone();
    let content = LoadedContent {
        articles: vec![article("a1")],
        entities,
        pages: vec![Page {
            id: "about".into(),
            source: source("content/pages/about.md"),
            body: String::new(),
            title: Some("About".into()),
            summary: None,
            draft: false,
        }],
        ..LoadedContent::default()
    };
    let (dossier, _) = Dossier::assemble(config, Path::new("/fuzz"), content);
    let names = NameTable::build(&dossier);
    (dossier, names)
}

fn source(file: &str) -> Source {
    Source {
        file: PathBuf::from(file),
        body_line: 4,
        front_matter: String::new(),
    }
}

fn article(id: &str) -> Article {
    Article {
        id: id.into(),
        source: source(&format!("content/articles/{id}.md")),
        body: String::new(),
        title: "An article".into(),
        date: PartialDate::parse("2024-07-31").expect("a valid date"),
        outlet: None,
        author: None,
        url: None,
        language: None,
        summary: None,
        refs: Refs::default(),
        tags: Vec::new(),
        quotes: Vec::new(),
        claims: Vec::new(),
        draft: false,
        updated: None,
    }
}

/// At most this many templates are read from an input.
pub const MAX_TEMPLATES: usize = 8;

/// Splits an input into templates: a line `=== name` starts the template
/// `name` (`fuzz.html` for the text before the first such line, and for a
/// line with no name).
pub fn split_templates(text: &str) -> Vec<(&str, &str)> {
    let mut templates = Vec::new();
    // `None` while in the text before the first `=== name` line.
    let mut name: Option<&str> = None;
    let mut start = 0;
    let mut at = 0;
    for line in text.split_inclusive('\n') {
        if let Some(rest) = line.strip_prefix("=== ") {
            if name.is_some() || at > start {
                templates.push((name.unwrap_or("fuzz.html"), &text[start..at]));
            }
            name = Some(
                Some(rest.trim())
                    .filter(|n| !n.is_empty())
                    .unwrap_or("fuzz.html"),
            );
            start = at + line.len();
        }
        at += line.len();
    }
    templates.push((name.unwrap_or("fuzz.html"), &text[start..]));
    templates.truncate(MAX_TEMPLATES);
    templates
}

/// The file [`render`] renders a body as: the dossier's article `a1`.
pub const RENDERED_AS: &str = "content/articles/a1.md";

/// Renders `body` as an article's body, linking names in `mode`.
pub fn render(dossier: &Dossier, names: &NameTable, body: &str, mode: AutoLink) -> RenderedBody {
    let linking = Linking {
        names,
        dossier,
        self_entity: None,
        mode,
    };
    render_body(body, &source(RENDERED_AS), Some(&linking))
}

/// The opening tag of every link the linker makes, up to the `href` value.
pub const MENTION_OPEN: &str = "<a class=\"mention\" href=\"";

/// `html` with every mention link taken out, its text left in place.
///
/// Also checks that each mention link is well-formed: a quoted `href` with
/// no quote or `<` in it, then only text (no tag), then `</a>`.
pub fn unlink_mentions(html: &str) -> Result<String, String> {
    let mut out = String::with_capacity(html.len());
    let mut rest = html;
    while let Some(at) = rest.find(MENTION_OPEN) {
        out.push_str(&rest[..at]);
        let after = &rest[at + MENTION_OPEN.len()..];
        let href_end = after
            .find("\">")
            .ok_or_else(|| format!("unterminated mention tag at {at}"))?;
        let href = &after[..href_end];
        if href.contains(['"', '<', '>']) {
            return Err(format!("unescaped href {href:?}"));
        }
        let inner = &after[href_end + 2..];
        let close = inner
            .find("</a>")
            .ok_or_else(|| format!("mention link without </a> at {at}"))?;
        let text = &inner[..close];
        if text.contains('<') {
            return Err(format!("a tag inside a mention link: {text:?}"));
        }
        out.push_str(text);
        rest = &inner[close + "</a>".len()..];
    }
    out.push_str(rest);
    Ok(out)
}
/// Elements whose content a browser reads as text until their end tag.
const RAW_TEXT: &[&str] = &[
    "script", "style", "textarea", "title", "iframe", "noscript", "xmp", "noembed", "noframes",
];

/// Whether `<name` (any case) starts at `at`, followed by what ends a tag name.
fn tag_named(bytes: &[u8], at: usize, name: &str) -> bool {
    let end = at + 1 + name.len();
    bytes.get(at) == Some(&b'<')
        && bytes
            .get(at + 1..end)
            .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
        && matches!(
            bytes.get(end),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
        )
}

/// Where the end tag of the raw-text element `name` starts, at or after
/// `from`: `</name` in any case, then whitespace, `/` or `>` (`</scriptx>`
/// ends nothing).
fn find_end_tag(html: &str, from: usize, name: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let ends_name = |at: usize| {
        matches!(
            bytes.get(at),
            Some(b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>')
        )
    };
    (from..bytes.len()).find(|&at| {
        bytes[at..].starts_with(b"</")
            && bytes
                .get(at + 2..at + 2 + name.len())
                .is_some_and(|b| b.eq_ignore_ascii_case(name.as_bytes()))
            && ends_name(at + 2 + name.len())
    })
}

/// Whether a mention link is ever opened inside another link. Links are
/// counted as a browser sees tags: `<a` or `</a` then whitespace, `/` or `>`,
/// any case; comments and the content of raw-text elements (a script) are
/// skipped, as a browser reads them as text.
pub fn mention_inside_a_link(html: &str) -> Option<usize> {
    let bytes = html.as_bytes();
    let mut depth = 0usize;
    let mut i = 0;
    while let Some(p) = html[i..].find('<') {
        let at = i + p;
        let rest = &html[at..];
        if rest.starts_with("<!--") {
            i = rest.find("-->").map_or(html.len(), |e| at + e + 3);
            continue;
        }
        // A raw-text element's content is text to a browser, not tags:
        // an `<a` inside a script opens no link.
        if let Some(name) = RAW_TEXT.iter().find(|name| tag_named(bytes, at, name)) {
            i = find_end_tag(html, at + 1, name).map_or(html.len(), |end| end + 1);
            continue;
        }
        if rest.starts_with(MENTION_OPEN) {
            if depth > 0 {
                return Some(at);
            }
            // Its text and `</a>` were checked by `unlink_mentions`.
            i = rest.find("</a>").map_or(html.len(), |e| at + e + 4);
            continue;
        }
        let tag = |name: &[u8]| {
            bytes.len() > at + name.len()
                && bytes[at..at + name.len()].eq_ignore_ascii_case(name)
                && matches!(
                    bytes[at + name.len()],
                    b' ' | b'\t' | b'\n' | b'\r' | b'\x0c' | b'/' | b'>'
                )
        };
        if tag(b"<a") {
            depth += 1;
        } else if tag(b"</a") {
            depth = depth.saturating_sub(1);
        }
        i = at + 1;
    }
    None
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn splits_templates_at_their_names() {
        assert_eq!(split_templates("x"), [("fuzz.html", "x")]);
        assert_eq!(
            split_templates("=== a.html\nA {% include \"b.html\" %}\n=== b.html\nB\n"),
            [
                ("a.html", "A {% include \"b.html\" %}\n"),
                ("b.html", "B\n")
            ]
        );
    }

    #[test]
    fn unlinks_and_finds_nesting() {
        let html = "<p>x <a class=\"mention\" href=\"/p/\">Ana</a> y</p>";
        assert_eq!(unlink_mentions(html).unwrap(), "<p>x Ana y</p>");
        assert_eq!(mention_inside_a_link(html), None);
        let nested = "<a\nhref=x><a class=\"mention\" href=\"/p/\">Ana</a></a>";
        assert!(mention_inside_a_link(nested).is_some());
        assert!(unlink_mentions("<a class=\"mention\" href=\"/\"><b>x</b></a>").is_err());
    }
}
