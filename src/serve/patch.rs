//! serve's shortcut: an edit of markdown bodies alone, applied to the
//! loaded site without building it again.
//!
//! [`patch`] reads the edited files; when only their bodies changed (the
//! front-matter, which feeds names, dates, references and lists, compares
//! equal), it renders just those bodies again, brings the mention index up
//! to date and says which pages the edit reaches ([`Affected`], from the
//! rules in [`crate::render::context::pages_showing`]); [`write_affected`]
//! writes just those. Anything else (front-matter, new or removed files,
//! `site.toml`, templates) asks for a full build. A patched site writes the
//! same bytes a full build would; `tests/serve.rs` checks that for every
//! kind of body edit of two dossiers.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};

use crate::body::{render_source, RenderedBody};
use crate::content::load::{load_one, LoadedFile, OneFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::{Dossier, SourceRef};
use crate::mentions::{self, EntityLists, MentionIndex};
use crate::render::context::{drawing_neighbours, pages_showing};
use crate::render::figures::neighbourhood;
use crate::output::Sink;
use crate::render::{Job, SiteRenderer};
use crate::site::Site;

/// What an edit did to a loaded site, as [`patch`] sees it.
pub enum Patched {
    /// Only bodies changed; the site is updated and these pages must be
    /// written again. Carries every diagnostic a full build would give.
    Pages(Affected, Diagnostics),
    /// The edited bodies have errors; the site is left as it was.
    Failed(Diagnostics),
    /// The edit reaches beyond bodies (the reason says how): build again
    /// from scratch.
    NeedsFullBuild(String),
}

/// The pages one patch reaches.
#[derive(Debug, Default)]
pub struct Affected {
    /// Pages to render again.
    pub pages: Vec<Job>,
    /// Whether `/print/` and `/dossier.json`, which hold every body and
    /// every mention, must be written again.
    pub print_and_data: bool,
}

/// Applies an edit of the files `changed` (absolute paths) to `site`, if
/// it only changed markdown bodies of files the site already holds. On
/// [`Patched::Pages`] the site is the one a full build of the edited files
/// would load; otherwise it is unchanged.
pub fn patch(site: &mut Site, changed: &[PathBuf]) -> Patched {
    let edits = match read_edits(&site.dossier, changed) {
        Ok(edits) => edits,
        Err(why) => return Patched::NeedsFullBuild(why),
    };
    let mut rendered: Vec<(SourceRef, RenderedBody)> = edits
        .iter()
        .map(|(source, text)| {
            let body = render_source(&site.dossier, &site.names, *source, text);
            (*source, body)
        })
        .collect();
    swap_bodies(site, &mut rendered);
    if site.bodies.errors().any(Diagnostic::is_error) {
        // What a full build of the failed edit would report.
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(site.found.load.iter().cloned());
        diagnostics.extend(site.bodies.errors().cloned());
        diagnostics.extend(site.found.quotes.iter().cloned());
        diagnostics.extend(ambiguity(site));
        diagnostics.sort();
        swap_bodies(site, &mut rendered);
        return Patched::Failed(diagnostics);
    }
    // `rendered` now holds the bodies as they were.
    for (source, text) in edits {
        *site.dossier.body_mut(source) = text;
    }
    let edited: Vec<SourceRef> = rendered.iter().map(|(source, _)| *source).collect();
    let positions: Vec<usize> = edited.iter().map(|s| site.dossier.position(*s)).collect();
    let (before, found) = site
        .index
        .update(&site.dossier, &site.bodies.rendered, &positions);
    let files: Vec<&Path> = edited
        .iter()
        .map(|s| site.dossier.source(*s).file.as_path())
        .collect();
    site.found
        .quotes
        .retain(|d| d.file.as_deref().is_none_or(|f| !files.contains(&f)));
    site.found.quotes.extend(found);
    // Ambiguous names are gathered over every body; only an edit that had
    // or has one needs them gathered again.
    let ambiguous_moved = rendered.iter().any(|(source, old)| {
        !old.ambiguous.is_empty() || !site.bodies.of(&site.dossier, *source).ambiguous.is_empty()
    });
    if ambiguous_moved {
        site.found.ambiguous = ambiguity(site);
    }
    let affected = affected(site, before, &edited);
    Patched::Pages(affected, site.diagnostics())
}

/// The ambiguity warnings of the site's bodies as they are now.
fn ambiguity(site: &Site) -> Vec<Diagnostic> {
    mentions::ambiguity_warnings(&site.dossier, &site.names, &site.bodies.rendered)
}

/// Swaps each body in `rendered` with the site's body of the same source.
fn swap_bodies(site: &mut Site, rendered: &mut [(SourceRef, RenderedBody)]) {
    for (source, body) in rendered {
        let at = site.dossier.position(*source);
        std::mem::swap(&mut site.bodies.rendered[at], body);
    }
}

/// The new bodies of the files `changed`, when only bodies changed, and
/// why a full build is needed otherwise.
fn read_edits(dossier: &Dossier, changed: &[PathBuf]) -> Result<Vec<(SourceRef, String)>, String> {
    let mut edits = Vec::new();
    for path in changed {
        let Ok(rel) = path.strip_prefix(&dossier.root) else {
            return Err(format!("{} changed", path.display()));
        };
        if !rel.starts_with("content") {
            return Err(format!("{} changed", rel.display()));
        }
        match dossier.source_at(rel) {
            Some(source) => {
                if let Some(body) = reload_body(dossier, path, rel, source)? {
                    edits.push((source, body));
                }
            }
            None if ignored_by_load(path, rel, dossier) => {}
            None => return Err(format!("{} was added or removed", rel.display())),
        }
    }
    Ok(edits)
}

/// Reads `source`'s file again: its new body when only the body changed,
/// `None` when nothing did, and why not otherwise. Everything but the body
/// must be what was loaded before, because front-matter feeds other pages
/// (names, dates, references, lists).
fn reload_body(
    dossier: &Dossier,
    path: &Path,
    rel: &Path,
    source: SourceRef,
) -> Result<Option<String>, String> {
    let what = match source {
        SourceRef::Article(_) => OneFile::Article,
        SourceRef::Entity(i) => OneFile::Entity(dossier.entities[i].kind),
        SourceRef::Page(_) => OneFile::Page,
    };
    let rel = rel.display();
    match (load_one(&dossier.root, path, what), source) {
        (Err(_), _) => Err(format!("{rel} does not load")),
        (Ok(LoadedFile::Article(new)), SourceRef::Article(i)) => {
            body_only(&dossier.articles[i], *new, |a| &mut a.body, &rel)
        }
        (Ok(LoadedFile::Entity(new)), SourceRef::Entity(i)) => {
            body_only(&dossier.entities[i], *new, |e| &mut e.body, &rel)
        }
        (Ok(LoadedFile::Page(new)), SourceRef::Page(i)) => {
            body_only(&dossier.pages[i], new, |p| &mut p.body, &rel)
        }
        _ => Err(format!("{rel} is not what it was")),
    }
}

/// `new`'s body when `old` and `new` differ in nothing else, `None` when
/// they do not differ at all, and why not otherwise.
fn body_only<T: Clone + PartialEq>(
    old: &T,
    mut new: T,
    body: fn(&mut T) -> &mut String,
    rel: &dyn std::fmt::Display,
) -> Result<Option<String>, String> {
    let mut old = old.clone();
    let old_body = std::mem::take(body(&mut old));
    let new_body = std::mem::take(body(&mut new));
    if old != new {
        return Err(format!("the front-matter of {rel} changed"));
    }
    Ok((new_body != old_body).then_some(new_body))
}

/// Whether a change at `path` (relative: `rel`) that is no loaded source
/// leaves the build as it was: a file the loader skips (not `.md`; hidden
/// files are never reported) that was not a folder holding sources.
fn ignored_by_load(path: &Path, rel: &Path, dossier: &Dossier) -> bool {
    if path.extension().is_some_and(|e| e == "md") || path.is_dir() {
        return false;
    }
    !dossier
        .sources()
        .any(|s| dossier.source(s).file.starts_with(rel))
}

/// The pages that show something of the `edited` sources. `before` holds
/// the entities whose index lists the edit changed, with those lists as
/// they were.
fn affected(site: &mut Site, mut before: Vec<EntityLists>, edited: &[SourceRef]) -> Affected {
    let named: BTreeSet<usize> = before.iter().map(|l| l.entity).collect();
    // An entity page also draws its neighbourhood, which may show the
    // named entities' lists: compare the drawing before and after.
    let near = drawing_neighbours(&site.index, &named);
    let draw = |dossier: &Dossier, index: &MentionIndex| -> Vec<String> {
        near.iter()
            .map(|f| neighbourhood(dossier, index, *f))
            .collect()
    };
    let after = draw(&site.dossier, &site.index);
    swap_lists(&mut site.index, &mut before);
    let was = draw(&site.dossier, &site.index);
    swap_lists(&mut site.index, &mut before);
    let redrawn: Vec<usize> = near
        .iter()
        .zip(after.iter().zip(&was))
        .filter(|(_, (a, b))| a != b)
        .map(|(f, _)| *f)
        .collect();
    Affected {
        pages: pages_showing(&site.dossier, edited, &named, &redrawn)
            .into_iter()
            .collect(),
        print_and_data: !edited.is_empty(),
    }
}

/// Swaps `lists` with the index's "Appears in" and related lists of the
/// same entities.
fn swap_lists(index: &mut MentionIndex, lists: &mut [EntityLists]) {
    for list in lists {
        std::mem::swap(&mut index.appears_in[list.entity], &mut list.appears_in);
        std::mem::swap(&mut index.related[list.entity], &mut list.related);
    }
}

/// Writes the pages `affected` names into `sink`, and `/print/` and
/// `/dossier.json` too when `print_and_data` (serve may leave those to a
/// later full build). Returns how many files were written.
pub fn write_affected(
    site: &Site,
    sink: &dyn Sink,
    affected: &Affected,
    print_and_data: bool,
) -> Result<usize, Vec<Diagnostic>> {
    let renderer = SiteRenderer::new(&site.dossier, &site.index, &site.bodies, &site.theme);
    let mut pages = affected.pages.clone();
    let data = print_and_data && affected.print_and_data;
    if data {
        pages.push(Job::Print);
    }
    renderer.render_jobs(sink, &pages)?;
    if data {
        renderer.write_dossier_json(sink).map_err(|e| vec![e])?;
    }
    Ok(pages.len() + usize::from(data))
}
