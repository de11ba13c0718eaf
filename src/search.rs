//! Full-text search: a [pagefind] index built in-process over the pages of
//! a build and written with its browser bundle under `/pagefind/`.
//!
//! The theme decides what is searchable: pagefind reads only the element
//! marked `data-pagefind-body` (the main content of articles, entity pages,
//! free pages and the home page), takes the kind of page from
//! `data-pagefind-meta`, and folds diacritics, so `Gonzalez` finds
//! `González`. Pages without that mark (lists, the timeline, the print
//! edition) are left out before pagefind parses them. URLs in the index are
//! relative to the site root; pagefind's script prefixes them with the path
//! it was loaded from, so the index honours `base_url`'s path. Everything is
//! indexed under the site's language, so articles in other languages are
//! found from the one search page. Identical pages give an identical bundle.
//!
//! This module reads the pages back from the staging folder and writes only
//! through it; it never touches the output folder itself.

use std::collections::BTreeMap;

use rayon::prelude::*;

use crate::config::SiteConfig;
use crate::diagnostics::Diagnostic;
use crate::output::Staging;

/// The folder of the search bundle inside the site.
pub const BUNDLE_DIR: &str = "pagefind";

/// The attribute that marks a page's searchable content.
const BODY_MARK: &str = "data-pagefind-body";

/// Inside the searchable content, what pagefind must skip: figures are
/// drawings whose labels repeat names already in the text.
const EXCLUDED: &[&str] = &["svg"];

/// What a search index build produced.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct SearchIndex {
    /// Pages in the index.
    pub pages: usize,
    /// Files written under [`BUNDLE_DIR`].
    pub files: usize,
}

/// Indexes the HTML pages `pages` (paths relative to the site root, as
/// written into `staging`) and writes pagefind's bundle under
/// [`BUNDLE_DIR`].
pub fn write_index(
    config: &SiteConfig,
    staging: &Staging,
    pages: &[String],
) -> Result<SearchIndex, Diagnostic> {
    let plan = plan(staging, pages)?;
    let indexed = plan.pages;
    let files = index_pages(&config.language, staging, plan)?;
    files.par_iter().try_for_each(|file| {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        let rel = format!("{BUNDLE_DIR}/{name}");
        staging
            .write(&rel, &file.contents)
            .map_err(|e| Diagnostic::error(format!("search: cannot write {rel}: {e}")))
    })?;
    Ok(SearchIndex {
        pages: indexed,
        files: files.len(),
    })
}

/// Which pages pagefind reads, and how.
///
/// Pagefind reads a folder in parallel but single pages one at a time, so
/// the pages are handed over as folder patterns wherever a whole family of
/// pages is searchable (`articles/*/index.html`: every article), and one by
/// one only for the rest (the home page, free pages). Pagefind ignores
/// unmarked pages once one page is marked; leaving them out spares it
/// parsing the largest pages of the site (lists, the print edition). A
/// theme that marks nothing has every page indexed whole.
#[derive(Debug, Default)]
struct Plan {
    /// A glob over the staging folder, when some families qualify.
    glob: Option<String>,
    /// Pages read one by one, in path order.
    single: Vec<String>,
    /// Pages in the index.
    pages: usize,
}

fn plan(staging: &Staging, pages: &[String]) -> Result<Plan, Diagnostic> {
    let marks: Vec<(&String, bool)> = pages
        .par_iter()
        .filter(|rel| rel.ends_with(".html"))
        .map(|rel| {
            std::fs::read_to_string(staging.dir().join(rel))
                .map(|html| (rel, html.contains(BODY_MARK)))
                .map_err(|e| Diagnostic::error(format!("search: cannot read {rel}: {e}")))
        })
        .collect::<Result<_, _>>()?;
    let any_marked = marks.iter().any(|(_, marked)| *marked);
    let searchable = |marked: bool| marked || !any_marked;
    // A family is the pages `<folder>/<one segment>/index.html`; it goes
    // to pagefind as a pattern only if every page of it is searchable.
    let mut families: BTreeMap<&str, bool> = BTreeMap::new();
    for (rel, marked) in &marks {
        if let Some(folder) = family(rel) {
            let all = families.entry(folder).or_insert(true);
            *all &= searchable(*marked);
        }
    }
    // Pagefind takes a folder by its path as text: a staging path that is
    // not UTF-8 has every page go one by one.
    if staging.dir().to_str().is_none() {
        families.clear();
    }
    families.retain(|_, all| *all);
    let mut plan = Plan::default();
    for (rel, marked) in &marks {
        if !searchable(*marked) {
            continue;
        }
        plan.pages += 1;
        if !family(rel).is_some_and(|f| families.contains_key(f)) {
            plan.single.push((*rel).clone());
        }
    }
    plan.single.sort();
    let folders: Vec<&str> = families.into_keys().collect();
    plan.glob = match folders.as_slice() {
        [] => None,
        [one] => Some(format!("{one}/*/index.html")),
        many => Some(format!("{{{}}}/*/index.html", many.join(","))),
    };
    Ok(plan)
}

/// The folder of a page `<folder>/<segment>/index.html`, if the page has
/// that shape and the folder's name needs no escaping in a glob.
fn family(rel: &str) -> Option<&str> {
    let mut parts = rel.split('/');
    let (folder, _, file) = (parts.next()?, parts.next()?, parts.next()?);
    let plain = !folder.is_empty()
        && folder
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || c == '-' || c == '_');
    (parts.next().is_none() && file == "index.html" && plain).then_some(folder)
}

/// Runs pagefind over the pages of `plan` and returns its bundle.
///
/// Pagefind is async; it gets a runtime of its own on a thread of its own,
/// so a caller inside another runtime (`dossier serve`) is no trouble.
fn index_pages(
    language: &str,
    staging: &Staging,
    plan: Plan,
) -> Result<Vec<pagefind::api::SyntheticFile>, Diagnostic> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect())
        .build();
    let dir = staging.dir().to_path_buf();
    let indexer = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(failed)?;
        runtime.block_on(async {
            let mut index = pagefind::api::PagefindIndex::new(Some(options)).map_err(failed)?;
            if let (Some(glob), Some(root)) = (plan.glob, dir.to_str()) {
                index
                    .add_directory(root.to_string(), Some(glob))
                    .await
                    .map_err(failed)?;
            }
            for rel in plan.single {
                let html = std::fs::read_to_string(dir.join(&rel))
                    .map_err(|e| Diagnostic::error(format!("search: cannot read {rel}: {e}")))?;
                index
                    .add_html_file(Some(rel), None, html)
                    .await
                    .map_err(failed)?;
            }
            index.get_files().await.map_err(failed)
        })
    });
    indexer.join().unwrap_or_else(|_| {
        Err(Diagnostic::error(
            "search: the indexer stopped unexpectedly",
        ))
    })
}

/// Pagefind's error, with its causes, as a diagnostic.
fn failed(e: impl std::fmt::Display) -> Diagnostic {
    Diagnostic::error(format!("search: {e:#}"))
}
