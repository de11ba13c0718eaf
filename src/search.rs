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
    let read: Result<Vec<(String, String)>, Diagnostic> = pages
        .par_iter()
        .filter(|rel| rel.ends_with(".html"))
        .map(|rel| {
            std::fs::read_to_string(staging.dir().join(rel))
                .map(|html| (rel.clone(), html))
                .map_err(|e| Diagnostic::error(format!("search: cannot read {rel}: {e}")))
        })
        .collect();
    let mut read = read?;
    // Pagefind ignores unmarked pages once one page is marked; dropping
    // them here spares it parsing the largest pages of the site. A theme
    // that marks nothing has every page indexed whole.
    if read.iter().any(|(_, html)| html.contains(BODY_MARK)) {
        read.retain(|(_, html)| html.contains(BODY_MARK));
    }
    read.sort_by(|a, b| a.0.cmp(&b.0));
    let pages = read.len();
    let files = index_pages(&config.language, read)?;
    for file in &files {
        let name = file.filename.to_string_lossy().replace('\\', "/");
        let rel = format!("{BUNDLE_DIR}/{name}");
        staging
            .write(&rel, &file.contents)
            .map_err(|e| Diagnostic::error(format!("search: cannot write {rel}: {e}")))?;
    }
    Ok(SearchIndex {
        pages,
        files: files.len(),
    })
}

/// Runs pagefind over `pages` (path, HTML) and returns its bundle.
///
/// Pagefind is async; it gets a runtime of its own on a thread of its own,
/// so a caller inside another runtime (`dossier serve`) is no trouble.
fn index_pages(
    language: &str,
    pages: Vec<(String, String)>,
) -> Result<Vec<pagefind::api::SyntheticFile>, Diagnostic> {
    let options = pagefind::options::PagefindServiceConfig::builder()
        .force_language(language.to_string())
        .exclude_selectors(EXCLUDED.iter().map(|s| s.to_string()).collect())
        .build();
    let indexer = std::thread::spawn(move || {
        let runtime = tokio::runtime::Builder::new_current_thread()
            .build()
            .map_err(failed)?;
        runtime.block_on(async {
            let mut index = pagefind::api::PagefindIndex::new(Some(options)).map_err(failed)?;
            for (rel, html) in pages {
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
