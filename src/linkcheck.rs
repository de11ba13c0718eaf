//! Checking every internal link and anchor of a built site.
//!
//! Reads the HTML files of an output folder, collects the `id`s each one
//! defines and the `href`s it uses, and reports every internal link whose
//! page or anchor does not exist. "Internal" means a path under the site's
//! base path or a bare `#anchor`; links to other hosts are not fetched.

use std::collections::{HashMap, HashSet};
use std::path::{Path, PathBuf};

use rayon::prelude::*;

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page holding the link, relative to the output folder.
    pub page: String,
    pub href: String,
    pub reason: &'static str,
}

struct Scanned {
    rel: String,
    ids: HashSet<String>,
    hrefs: Vec<String>,
}

/// Every broken internal link in the site at `output`, served under `base_path`.
pub fn check_links(output: &Path, base_path: &str) -> Vec<BrokenLink> {
    let files: Vec<PathBuf> = walkdir::WalkDir::new(output)
        .sort_by_file_name()
        .into_iter()
        .flatten()
        .filter(|e| e.file_type().is_file())
        .map(|e| e.into_path())
        .collect();
    let existing: HashSet<String> = files.iter().map(|p| rel_of(output, p)).collect();
    let scanned: Vec<Scanned> = files
        .par_iter()
        .filter(|p| p.extension().is_some_and(|e| e == "html"))
        .filter_map(|p| {
            let text = std::fs::read_to_string(p).ok()?;
            Some(Scanned {
                rel: rel_of(output, p),
                ids: attribute_values(&text, "id").into_iter().collect(),
                hrefs: attribute_values(&text, "href"),
            })
        })
        .collect();
    let ids: HashMap<&str, &HashSet<String>> =
        scanned.iter().map(|s| (s.rel.as_str(), &s.ids)).collect();
    let mut broken = Vec::new();
    for page in &scanned {
        for href in &page.hrefs {
            let href = decode_entities(href);
            let (path, fragment) = match href.split_once('#') {
                Some((p, f)) => (p, Some(f)),
                None => (href.as_str(), None),
            };
            let path = path.split('?').next().unwrap_or("");
            let target = if path.is_empty() {
                Some(page.rel.clone())
            } else if let Some(inner) = path.strip_prefix(base_path) {
                Some(target_file(inner))
            } else if is_relative(path) {
                Some(resolve_relative(&page.rel, path))
            } else if path.starts_with('/') && !path.starts_with("//") {
                broken.push(BrokenLink {
                    page: page.rel.clone(),
                    href: href.clone(),
                    reason: "path is outside the site's base path",
                });
                None
            } else {
                None
            };
            let Some(target) = target else { continue };
            if !existing.contains(&target) {
                broken.push(BrokenLink {
                    page: page.rel.clone(),
                    href: href.clone(),
                    reason: "no such page",
                });
                continue;
            }
            if let Some(fragment) = fragment.filter(|f| !f.is_empty()) {
                let fragment = percent_decode(fragment);
                if let Some(ids) = ids.get(target.as_str()) {
                    if !ids.contains(&fragment) {
                        broken.push(BrokenLink {
                            page: page.rel.clone(),
                            href: href.clone(),
                            reason: "no such anchor on that page",
                        });
                    }
                }
            }
        }
    }
    broken
}

fn rel_of(output: &Path, path: &Path) -> String {
    path.strip_prefix(output)
        .unwrap_or(path)
        .to_string_lossy()
        .replace('\\', "/")
}

/// A path with no scheme, host or leading `/`: relative to the page.
fn is_relative(path: &str) -> bool {
    !path.starts_with('/') && !path.split('/').next().unwrap_or("").contains(':')
}

/// Resolves `path` against the folder of the page file `page`.
fn resolve_relative(page: &str, path: &str) -> String {
    let mut parts: Vec<&str> = page.split('/').collect();
    parts.pop();
    for segment in path.split('/') {
        match segment {
            "." | "" => {}
            ".." => {
                parts.pop();
            }
            s => parts.push(s),
        }
    }
    let joined = parts.join("/");
    let dir_like = path.ends_with('/') || path == "." || path == "..";
    target_file(&if dir_like && !joined.is_empty() {
        format!("{joined}/")
    } else {
        joined
    })
}

/// The file a site-relative path is served from.
fn target_file(inner: &str) -> String {
    let inner = percent_decode(inner);
    if inner.is_empty() || inner.ends_with('/') {
        format!("{inner}index.html")
    } else {
        inner
    }
}

/// Values of `name="..."` (or single-quoted) attributes in `html`.
pub fn attribute_values(html: &str, name: &str) -> Vec<String> {
    let mut out = Vec::new();
    let bytes = html.as_bytes();
    let pattern = format!("{name}=");
    let mut from = 0;
    while let Some(pos) = html[from..].find(&pattern) {
        let start = from + pos;
        from = start + pattern.len();
        let preceded_by_space =
            start > 0 && matches!(bytes[start - 1], b' ' | b'\n' | b'\t' | b'\r');
        if !preceded_by_space {
            continue;
        }
        let Some(&quote) = bytes.get(from) else { break };
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        if let Some(end) = html[from + 1..].find(quote as char) {
            out.push(html[from + 1..from + 1 + end].to_string());
            from = from + 1 + end;
        }
    }
    out
}

fn decode_entities(text: &str) -> String {
    text.replace("&amp;", "&")
        .replace("&#x2F;", "/")
        .replace("&#47;", "/")
        .replace("&quot;", "\"")
        .replace("&#39;", "'")
}

fn percent_decode(text: &str) -> String {
    let bytes = text.as_bytes();
    let mut out = Vec::with_capacity(bytes.len());
    let mut i = 0;
    while i < bytes.len() {
        if bytes[i] == b'%'
            && i + 2 < bytes.len()
            && bytes[i + 1].is_ascii_hexdigit()
            && bytes[i + 2].is_ascii_hexdigit()
        {
            let hex = |b: u8| (b as char).to_digit(16).unwrap_or(0) as u8;
            out.push(hex(bytes[i + 1]) * 16 + hex(bytes[i + 2]));
            i += 3;
            continue;
        }
        out.push(bytes[i]);
        i += 1;
    }
    String::from_utf8_lossy(&out).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn finds_attributes() {
        let html = r##"<a href="/x/">a</a><h2 id="top">t</h2><a data-href="no" href='#top'>"##;
        assert_eq!(attribute_values(html, "href"), vec!["/x/", "#top"]);
        assert_eq!(attribute_values(html, "id"), vec!["top"]);
    }

    #[test]
    fn resolves_relative_links() {
        assert_eq!(
            resolve_relative("about/index.html", "../timeline/"),
            "timeline/index.html"
        );
        assert_eq!(
            resolve_relative("index.html", "people/"),
            "people/index.html"
        );
        assert_eq!(resolve_relative("a/index.html", "img.png"), "a/img.png");
    }

    #[test]
    fn decodes_percent_escapes() {
        assert_eq!(percent_decode("caf%C3%A9"), "café");
        assert_eq!(percent_decode("100%"), "100%");
    }
}
