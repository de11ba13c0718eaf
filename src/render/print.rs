//! `/print/`: the whole dossier as one page, fit to save as PDF.
//!
//! Every article and entity becomes a section with its own anchor. Ids inside
//! a body are prefixed with the section's anchor so they stay unique on the
//! one page, and links between pages of the dossier become in-page anchors.
//!
//! The page holds every body of the dossier, tens of megabytes at tens of
//! thousands of articles. So the template is rendered with a marker in
//! place of each body ([`BODY_MARK`]), and the bodies are rewritten one at a
//! time while the page is written out, never all held at once.

use std::collections::HashSet;
use std::io::{self, Write};

use serde::Serialize;

use super::pages::{kind_of, DateView};
use super::SiteRenderer;
use crate::dossier::SourceRef;

/// One article or entity on the print page.
#[derive(Serialize)]
pub struct PrintSection<'a> {
    pub anchor: String,
    pub title: &'a str,
    pub kind: &'static str,
    pub date: Option<DateView>,
    pub summary: Option<&'a str>,
    /// A marker the body replaces when the page is written.
    pub body_html: String,
    #[serde(skip)]
    pub source: SourceRef,
}

/// What stands for a section's body in the rendered template:
/// `<!--dossier:print-body:N-->`. Text from front-matter is escaped by the
/// template, so it cannot forge one.
pub const BODY_MARK: &str = "<!--dossier:print-body:";

/// The anchor a source gets on the print page: `articles-<id>`, `people-<id>`, …
fn anchor(r: &SiteRenderer, source: SourceRef) -> String {
    r.dossier.ref_of(source).replace('/', "-")
}

/// Sections for every article (newest first) then every entity (by kind).
pub fn sections<'a>(r: &'a SiteRenderer) -> Vec<PrintSection<'a>> {
    let d = r.dossier;
    let sources = (0..d.articles.len())
        .map(SourceRef::Article)
        .chain((0..d.entities.len()).map(SourceRef::Entity));
    sources
        .enumerate()
        .map(|(n, source)| {
            let prefix = anchor(r, source);
            let (date, summary) = match source {
                SourceRef::Article(i) => (
                    Some(DateView::of(&d.articles[i].date)),
                    d.articles[i].summary.as_deref(),
                ),
                SourceRef::Entity(i) => (
                    d.entities[i].date.as_ref().map(DateView::of),
                    d.entities[i].summary.as_deref(),
                ),
                SourceRef::Page(_) => (None, None),
            };
            PrintSection {
                title: d.title_of(source),
                kind: kind_of(d, source),
                date,
                summary,
                body_html: format!("{BODY_MARK}{n}-->"),
                anchor: prefix,
                source,
            }
        })
        .collect()
}

/// Writes the rendered template `html` to `out`, each body marker replaced
/// by its section's body, rewritten for the one page.
pub fn write_page(
    r: &SiteRenderer,
    html: &str,
    sections: &[PrintSection],
    out: &mut dyn Write,
) -> io::Result<()> {
    let anchors: HashSet<&str> = sections.iter().map(|s| s.anchor.as_str()).collect();
    let mut rest = html;
    while let Some(pos) = rest.find(BODY_MARK) {
        out.write_all(&rest.as_bytes()[..pos])?;
        let after = &rest[pos + BODY_MARK.len()..];
        let section = after.find("-->").and_then(|end| {
            let n: usize = after[..end].parse().ok()?;
            Some((sections.get(n)?, end))
        });
        match section {
            Some((s, end)) => {
                let body = rewrite(r, r.body_html(s.source), &s.anchor, &anchors);
                out.write_all(body.as_bytes())?;
                rest = &after[end + "-->".len()..];
            }
            None => {
                out.write_all(BODY_MARK.as_bytes())?;
                rest = after;
            }
        }
    }
    out.write_all(rest.as_bytes())
}

/// Prefixes `id="x"` and `href="#x"` with the section anchor, and turns
/// `href="<base>kind/id/"` (with or without a `#fragment`) into
/// `href="#kind-id"` when that page is a section of `anchors`; links to
/// anything else (free pages, tags, files) keep their address.
fn rewrite(r: &SiteRenderer, html: &str, prefix: &str, anchors: &HashSet<&str>) -> String {
    let base = &r.dossier.config.base_path;
    let mut out = String::with_capacity(html.len() + 64);
    let mut rest = html;
    while let Some(pos) = rest.find(['i', 'h']) {
        out.push_str(&rest[..pos]);
        rest = &rest[pos..];
        if let Some(after) = rest.strip_prefix("id=\"") {
            out.push_str("id=\"");
            out.push_str(prefix);
            out.push_str("--");
            rest = after;
        } else if let Some(after) = rest.strip_prefix("href=\"#") {
            out.push_str("href=\"#");
            out.push_str(prefix);
            out.push_str("--");
            rest = after;
        } else if let Some(after) = rest
            .strip_prefix("href=\"")
            .and_then(|a| a.strip_prefix(base.as_str()))
        {
            let end = after.find('"').unwrap_or(after.len());
            let target = after[..end].split('#').next().unwrap_or_default();
            let target = target.trim_end_matches('/');
            let anchor = target.replace('/', "-");
            if target.matches('/').count() == 1 && anchors.contains(anchor.as_str()) {
                out.push_str("href=\"#");
                out.push_str(&anchor);
                rest = &after[end..];
            } else {
                out.push_str("href=\"");
                out.push_str(base);
                rest = after;
            }
        } else {
            out.push_str(&rest[..1]);
            rest = &rest[1..];
        }
    }
    out.push_str(rest);
    out
}
