//! Checking every internal link and anchor of a site, from its pages as
//! they are rendered.
//!
//! [`LinkCollector`] is a [`Sink`]: rendering hands it each file of the
//! site, and of each HTML page it keeps only what the check needs — the
//! `id`s the page defines and the internal links it holds, every string
//! interned once — never the page's bytes. A large dossier is checked
//! without the site held in memory, and nothing is written anywhere.
//! [`LinkCollector::broken_links`] then reports every internal link whose
//! page or anchor does not exist. "Internal" means a path under the site's
//! base path, a relative path or a bare `#anchor`; links to other hosts are
//! not followed.
//!
//! This module must never write to disk; it reads only the files it is
//! pointed at (static files, or an already built folder).

use std::borrow::Cow;
use std::io;
use std::path::Path;
use std::sync::Mutex;

use indexmap::IndexSet;
use memchr::memmem::Finder;
use rustc_hash::{FxBuildHasher, FxHashMap, FxHashSet};

use crate::render::Sink;

/// A link that leads nowhere.
#[derive(Debug, Clone, PartialEq, Eq)]
pub struct BrokenLink {
    /// The page holding the link, relative to the site's root.
    pub page: String,
    pub href: String,
    pub reason: &'static str,
}

/// A string's number in [`Found::strings`].
type Sym = u32;

/// Gathers the files of a site, and the ids and internal links of its
/// pages, as they are written to it; see the module docs.
pub struct LinkCollector {
    base_path: String,
    href: Finder<'static>,
    id: Finder<'static>,
    found: Mutex<Found>,
}

#[derive(Default)]
struct Found {
    /// Every path, href, anchor and id seen, once each. Pages share most
    /// of their links (the navigation, the entities they name), so a link
    /// costs a few numbers, not its text.
    strings: IndexSet<Box<str>, FxBuildHasher>,
    /// Every file of the site.
    files: FxHashSet<Sym>,
    /// The HTML pages among them.
    pages: FxHashMap<Sym, Page>,
}

/// What the check keeps of one page.
struct Page {
    /// The `id`s it defines, sorted.
    ids: Vec<Sym>,
    /// Its internal links, in the order they appear.
    links: Vec<Link>,
}

struct Link {
    /// The address as written (entities decoded), for the report.
    href: Sym,
    /// The file it leads to and its anchor; `None` for a site-absolute
    /// path outside the base path.
    to: Option<(Sym, Option<Sym>)>,
}

/// A page's link before its strings are interned.
struct ScannedLink<'h> {
    href: Cow<'h, str>,
    to: Option<(String, Option<String>)>,
}

impl LinkCollector {
    /// A collector for a site served under `base_path` (`/`, `/fixture/`).
    pub fn new(base_path: &str) -> LinkCollector {
        LinkCollector {
            base_path: base_path.to_string(),
            href: Finder::new("href=").into_owned(),
            id: Finder::new("id=").into_owned(),
            found: Mutex::new(Found::default()),
        }
    }

    /// Records `rel` as a file of the site that is not a page.
    fn file(&self, rel: &str) {
        self.found
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .file(rel);
    }

    /// Adds the file at `path`, which the site serves as `rel`: a static
    /// file copied in, or a file of a folder already built.
    pub fn add_file(&self, rel: &str, path: &Path) -> io::Result<()> {
        if is_page(rel) {
            let bytes = std::fs::read(path)?;
            self.add(rel, &bytes);
        } else {
            self.file(rel);
        }
        Ok(())
    }

    /// Records the file `rel` with the content `bytes`. A later file at
    /// the same path replaces the earlier, as a static file copied over a
    /// rendered page does.
    fn add(&self, rel: &str, bytes: &[u8]) {
        // A page that is not UTF-8 is still a file links may lead to; it
        // cannot hold links of its own that anything here would read.
        let scanned = is_page(rel)
            .then(|| std::str::from_utf8(bytes).ok())
            .flatten()
            .map(|html| self.scan(rel, html));
        let mut found = self.found.lock().unwrap_or_else(|e| e.into_inner());
        let file = found.file(rel);
        if let Some((ids, links)) = scanned {
            let mut ids: Vec<Sym> = ids.into_iter().map(|id| found.intern(id)).collect();
            ids.sort_unstable();
            ids.dedup();
            let links = links
                .into_iter()
                .map(|link| Link {
                    href: found.intern(&link.href),
                    to: link.to.map(|(target, fragment)| {
                        (found.intern(&target), fragment.map(|f| found.intern(&f)))
                    }),
                })
                .collect();
            found.pages.insert(file, Page { ids, links });
        } else {
            found.pages.remove(&file);
        }
    }

    /// The ids defined in the page `html` at `rel` and its internal links.
    fn scan<'h>(&self, rel: &str, html: &'h str) -> (Vec<&'h str>, Vec<ScannedLink<'h>>) {
        let ids = attribute_values(html, &self.id).collect();
        let links = attribute_values(html, &self.href)
            .filter_map(|href| self.resolve(rel, decode_entities(href)))
            .collect();
        (ids, links)
    }

    /// Where `href`, found on the page `rel`, leads: `None` when it leaves
    /// the site (another host, `mailto:`, …).
    fn resolve<'h>(&self, rel: &str, href: Cow<'h, str>) -> Option<ScannedLink<'h>> {
        let (path, fragment) = match href.split_once('#') {
            Some((p, f)) => (p, Some(f)),
            None => (href.as_ref(), None),
        };
        let path = path.split('?').next().unwrap_or("");
        let target = if path.is_empty() {
            rel.to_string()
        } else if let Some(inner) = path.strip_prefix(self.base_path.as_str()) {
            target_file(inner)
        } else if is_relative(path) {
            resolve_relative(rel, path)
        } else if path.starts_with('/') && !path.starts_with("//") {
            return Some(ScannedLink { href, to: None });
        } else {
            return None;
        };
        let fragment = fragment.filter(|f| !f.is_empty()).map(percent_decode);
        Some(ScannedLink {
            href,
            to: Some((target, fragment)),
        })
    }

    /// Every link gathered that leads to no file of the site, or to no
    /// `id` of the page it names, page by page in the order of a sorted
    /// walk of the site's folder.
    pub fn broken_links(self) -> Vec<BrokenLink> {
        let found = self.found.into_inner().unwrap_or_else(|e| e.into_inner());
        let name = |sym: Sym| found.strings.get_index(sym as usize).map_or("", |s| s);
        let mut pages: Vec<(&str, &Page)> = found
            .pages
            .iter()
            .map(|(&rel, page)| (name(rel), page))
            .collect();
        // A folder's pages before its next sibling's, as a walk of the
        // built folder sorted by file name reaches them.
        pages.sort_unstable_by(|(a, _), (b, _)| a.split('/').cmp(b.split('/')));
        let mut broken = Vec::new();
        for (rel, page) in pages {
            for link in &page.links {
                let reason = match link.to {
                    None => Some("path is outside the site's base path"),
                    Some((target, _)) if !found.files.contains(&target) => Some("no such page"),
                    Some((target, Some(fragment))) => found
                        .pages
                        .get(&target)
                        .filter(|p| p.ids.binary_search(&fragment).is_err())
                        .map(|_| "no such anchor on that page"),
                    Some((_, None)) => None,
                };
                if let Some(reason) = reason {
                    broken.push(BrokenLink {
                        page: rel.to_string(),
                        href: name(link.href).to_string(),
                        reason,
                    });
                }
            }
        }
        broken
    }
}

impl Found {
    fn intern(&mut self, text: &str) -> Sym {
        let at = match self.strings.get_index_of(text) {
            Some(at) => at,
            None => self.strings.insert_full(text.into()).0,
        };
        // Beyond four billion distinct strings the site could not have
        // been rendered in memory either.
        Sym::try_from(at).expect("fewer than 2^32 distinct strings")
    }

    fn file(&mut self, rel: &str) -> Sym {
        let sym = self.intern(rel);
        self.files.insert(sym);
        sym
    }
}

/// Nothing is written: the pages are read as they pass.
impl Sink for LinkCollector {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        self.add(rel, bytes);
        Ok(())
    }

    /// Streamed files are the large data files (`dossier.json`); only a
    /// page's bytes are read, so for any other file they are not even made.
    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn io::Write) -> io::Result<()>,
    ) -> io::Result<()> {
        if is_page(rel) {
            let mut bytes = Vec::new();
            fill(&mut bytes)?;
            self.add(rel, &bytes);
        } else {
            self.file(rel);
        }
        Ok(())
    }
}

/// Every broken internal link in the site already built at `output`,
/// served under `base_path`. A file that cannot be read still counts as
/// there; only its own links go unchecked. For tests of a built site;
/// `check` never builds one.
#[cfg(feature = "internals")]
pub fn check_links(output: &Path, base_path: &str) -> Vec<BrokenLink> {
    let links = LinkCollector::new(base_path);
    for entry in walkdir::WalkDir::new(output).into_iter().flatten() {
        if entry.file_type().is_file() {
            let rel = entry.path().strip_prefix(output).unwrap_or(entry.path());
            let rel = rel.to_string_lossy().replace('\\', "/");
            if links.add_file(&rel, entry.path()).is_err() {
                links
                    .found
                    .lock()
                    .unwrap_or_else(|e| e.into_inner())
                    .file(&rel);
            }
        }
    }
    links.broken_links()
}

/// Whether the file `rel` is a page whose links are checked.
fn is_page(rel: &str) -> bool {
    Path::new(rel).extension().is_some_and(|e| e == "html")
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

/// Values of the attribute `finder` finds (`name=`), double- or
/// single-quoted, in `html`. The name must follow white space, so
/// `data-id=` is not `id=`; a match inside a value already read is skipped.
fn attribute_values<'h, 'f>(
    html: &'h str,
    finder: &'f Finder<'f>,
) -> impl Iterator<Item = &'h str> + use<'h, 'f> {
    let bytes = html.as_bytes();
    let name_len = finder.needle().len();
    let mut from = 0;
    std::iter::from_fn(move || loop {
        let start = from + finder.find(&bytes[from..])?;
        from = start + name_len;
        let preceded_by_space =
            start > 0 && matches!(bytes[start - 1], b' ' | b'\n' | b'\t' | b'\r');
        if !preceded_by_space {
            continue;
        }
        let quote = *bytes.get(from)?;
        if quote != b'"' && quote != b'\'' {
            continue;
        }
        if let Some(end) = memchr::memchr(quote, &bytes[from + 1..]) {
            let value = &html[from + 1..from + 1 + end];
            from += 1 + end;
            return Some(value);
        }
    })
}

fn decode_entities(text: &str) -> Cow<'_, str> {
    if !text.contains('&') {
        return Cow::Borrowed(text);
    }
    Cow::Owned(
        text.replace("&amp;", "&")
            .replace("&#x2F;", "/")
            .replace("&#47;", "/")
            .replace("&quot;", "\"")
            .replace("&#39;", "'"),
    )
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

    fn values(html: &str, name: &str) -> Vec<String> {
        let finder = Finder::new(name);
        attribute_values(html, &finder)
            .map(str::to_string)
            .collect()
    }

    #[test]
    fn finds_attributes() {
        let html = r##"<a href="/x/">a</a><h2 id="top">t</h2><a data-href="no" href='#top'>"##;
        assert_eq!(values(html, "href="), vec!["/x/", "#top"]);
        assert_eq!(values(html, "id="), vec!["top"]);
        assert_eq!(
            values(r#"<a href="/search/?q= href='x'" href="out">"#, "href="),
            vec!["/search/?q= href='x'", "out"]
        );
        assert!(values(r#"<a href="never closed>"#, "href=").is_empty());
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

    fn site(pages: &[(&str, &str)]) -> Vec<BrokenLink> {
        let links = LinkCollector::new("/base/");
        for (rel, html) in pages {
            links.write(rel, html.as_bytes()).unwrap();
        }
        links.broken_links()
    }

    #[test]
    fn reports_missing_pages_anchors_and_paths_outside_the_base() {
        let broken = site(&[
            (
                "index.html",
                r##"<a href="/base/a/#x"> <a href="/base/a/#gone"> <a href="b/"> <a href="/other/"> <a href="https://example.org/nowhere/"> <a href="#top"> <a href="/base/data.json#whatever">"##,
            ),
            ("a/index.html", r#"<h2 id="x">x</h2>"#),
            ("data.json", "{}"),
        ]);
        let found: Vec<(&str, &str)> = broken.iter().map(|b| (b.href.as_str(), b.reason)).collect();
        assert_eq!(
            found,
            vec![
                ("/base/a/#gone", "no such anchor on that page"),
                ("b/", "no such page"),
                ("/other/", "path is outside the site's base path"),
                ("#top", "no such anchor on that page"),
            ]
        );
    }

    #[test]
    fn a_page_written_later_replaces_the_earlier_one() {
        let broken = site(&[
            ("index.html", r#"<a href="/base/gone/">"#),
            ("index.html", r#"<a href="/base/">"#),
        ]);
        assert!(broken.is_empty(), "{broken:?}");
    }

    #[test]
    fn pages_are_reported_in_the_order_of_a_sorted_folder_walk() {
        let broken = site(&[
            ("a-b.html", r#"<a href="x">"#),
            ("a/b.html", r#"<a href="x">"#),
            ("index.html", r#"<a href="x">"#),
        ]);
        let pages: Vec<&str> = broken.iter().map(|b| b.page.as_str()).collect();
        assert_eq!(pages, vec!["a/b.html", "a-b.html", "index.html"]);
    }

    #[test]
    fn streamed_data_files_exist_without_being_made() {
        let links = LinkCollector::new("/");
        links
            .write_with("dossier.json", &mut |_| {
                panic!("a data file's bytes are never read")
            })
            .unwrap();
        links
            .write("index.html", br#"<a href="/dossier.json">"#)
            .unwrap();
        assert!(links.broken_links().is_empty());
    }
}
