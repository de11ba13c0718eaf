//! The build pipeline in one screen: load → link → render → search → write.
//!
//! [`Site::load`] reads `site.toml` and `content/`, checks everything,
//! renders every body with its mentions linked and gathers the mention
//! index. [`Site::write`] renders every page into a staging folder, indexes
//! them for search and swaps the folder in. `build`, `check` and `serve` all
//! go through these two steps.
//!
//! [`Site::patch`] is serve's shortcut: when an edit changed only the
//! markdown bodies of files already loaded, it renders just those bodies
//! again, rebuilds the mention index and says which pages the edit reaches
//! ([`Affected`]); [`Site::write_affected`] writes just those. Anything else
//! (front-matter, new or removed files, `site.toml`, templates) asks for a
//! full build. A patched site writes the same bytes a full build would.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::atomic::Ordering;
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Overrides, SiteConfig};
use crate::content::load::{load_content, load_one, LoadedFile, OneFile};
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::{Dossier, SourceRef};
use crate::mentions::index::{EntityLists, MentionIndex};
use crate::mentions::NameTable;
use crate::output::{self, Staging};
use crate::render::markdown::{render_body, Linking, RenderedBody};
use crate::render::theme::Theme;
use crate::render::{Job, Progress, Sink, SiteRenderer};
use crate::search;

/// How long each phase of a build took, in order.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    fn record(&mut self, phase: &'static str, since: Instant) -> Instant {
        self.phases.push((phase, since.elapsed()));
        Instant::now()
    }

    pub fn total(&self) -> Duration {
        self.phases.iter().map(|(_, d)| *d).sum()
    }
}

/// A dossier loaded, checked and linked, ready to be written.
pub struct Site {
    pub dossier: Dossier,
    pub names: NameTable,
    /// Rendered bodies in [`Dossier::sources`] order.
    pub bodies: Vec<RenderedBody>,
    pub home_html: String,
    pub index: MentionIndex,
    pub theme: Theme,
    pub timings: Timings,
    /// What loading found before any body was rendered (warnings only,
    /// since the site loaded), kept so a patched site reports the same
    /// diagnostics a full build would.
    load_diagnostics: Vec<Diagnostic>,
    /// Quotes not found in their article, from the mention index.
    quote_warnings: Vec<Diagnostic>,
    /// One warning per ambiguous name, with where it occurs.
    ambiguous_warnings: Vec<Diagnostic>,
}

/// What an edit did to a loaded site, as [`Site::patch`] sees it.
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

/// What a successful write produced.
#[derive(Debug)]
pub struct Written {
    pub pages: usize,
    pub output: PathBuf,
    /// The search index, when the site has one.
    pub search: Option<search::SearchIndex>,
}

impl Site {
    /// Loads and checks the dossier at `root`. Returns the site when there
    /// were no errors, and every diagnostic (warnings too) either way.
    pub fn load(root: &Path, overrides: &Overrides) -> (Option<Site>, Diagnostics) {
        let mut diagnostics = Diagnostics::new();
        let mut timings = Timings::default();
        let start = Instant::now();
        let mut config = match SiteConfig::load(root) {
            Ok(config) => config,
            Err(errors) => {
                diagnostics.extend(errors);
                return (None, diagnostics);
            }
        };
        if let Err(err) = config.apply(overrides) {
            diagnostics.push(err);
            return (None, diagnostics);
        }
        let (content, found) = load_content(root);
        diagnostics.extend(found);
        let (dossier, found) = Dossier::assemble(config, root, content);
        diagnostics.extend(found);
        let t = timings.record("load", start);

        let names = NameTable::build(&dossier);
        let (bodies, home_html) = render_bodies(&dossier, &names, &mut diagnostics);
        let load_diagnostics: Vec<Diagnostic> = diagnostics.iter().cloned().collect();
        for body in &bodies {
            diagnostics.extend(body.errors.iter().cloned());
        }
        // The mention index and the ambiguity warnings read the same
        // bodies and nothing of each other: side by side.
        let ((index, quote_warnings), ambiguous_warnings) = rayon::join(
            || link(&dossier, &bodies),
            || {
                let mut ambiguous = Diagnostics::new();
                warn_ambiguous(&dossier, &names, &bodies, &mut ambiguous);
                ambiguous.into_vec()
            },
        );
        diagnostics.extend(quote_warnings.iter().cloned());
        diagnostics.extend(ambiguous_warnings.iter().cloned());
        let t = timings.record("mentions", t);

        let theme = match Theme::load(root, &dossier.config.theme) {
            Ok(theme) => Some(theme),
            Err(errors) => {
                diagnostics.extend(errors);
                None
            }
        };
        timings.record("theme", t);
        diagnostics.sort();
        match theme {
            Some(theme) if !diagnostics.has_errors() => (
                Some(Site {
                    dossier,
                    names,
                    bodies,
                    home_html,
                    index,
                    theme,
                    timings,
                    load_diagnostics,
                    quote_warnings,
                    ambiguous_warnings,
                }),
                diagnostics,
            ),
            _ => (None, diagnostics),
        }
    }

    /// Renders every page into a staging folder beside the output and swaps
    /// it in. On any error the previous output is left as it was.
    pub fn write(&mut self) -> Result<Written, Vec<Diagnostic>> {
        self.write_with(&Progress::default())
    }

    /// Frees what only the mention phase and [`Site::patch`] read: the
    /// markdown sources, the plain text of each body (for the quote check)
    /// and each body's own list of mentions (the mention index keeps its
    /// copy). Writing the site needs none of them, so a one-shot build
    /// calls this before [`Site::write`] and peaks lower; `serve`, which
    /// patches the site on every edit, does not. A released site must not
    /// be patched.
    pub fn release_sources(&mut self) {
        for a in &mut self.dossier.articles {
            a.body = String::new();
        }
        for e in &mut self.dossier.entities {
            e.body = String::new();
        }
        for p in &mut self.dossier.pages {
            p.body = String::new();
        }
        for body in &mut self.bodies {
            body.plain = String::new();
            body.mentions = Vec::new();
            body.ambiguous = Vec::new();
            body.html.shrink_to_fit();
        }
    }

    /// [`Site::write`], counting its steps into `progress` (pages, then
    /// search and the copy of static files) and stopping early, leaving the
    /// previous output as it was, once `progress` is cancelled.
    pub fn write_with(&mut self, progress: &Progress) -> Result<Written, Vec<Diagnostic>> {
        let start = Instant::now();
        // Search and the final copy-and-swap count as a step each.
        progress.total.fetch_add(2, Ordering::Relaxed);
        let cancelled = || progress.cancelled.load(Ordering::Relaxed);
        let root = self.dossier.root.clone();
        let target = self.dossier.config.output_dir.clone();
        output::check_output(&root, &target).map_err(|e| vec![e])?;
        let staging = Staging::create(&target).map_err(|e| {
            vec![Diagnostic::error(format!(
                "cannot create the staging folder beside {}: {e}",
                target.display()
            ))]
        })?;
        let renderer = SiteRenderer::new(
            &self.dossier,
            &self.index,
            &self.bodies,
            std::mem::take(&mut self.home_html),
            &self.theme,
        )
        .with_progress(progress);
        let mut written = match renderer.render_all(&staging) {
            Ok(written) => written,
            Err(errors) => {
                staging.abandon();
                return Err(errors);
            }
        };
        self.home_html = renderer.home_html;
        let t = self.timings.record("render", start);
        if cancelled() {
            staging.abandon();
            return Err(vec![Diagnostic::error(crate::render::CANCELLED)]);
        }
        let mut index = None;
        if self.dossier.config.build.search {
            let docs = written.iter_mut().filter_map(|w| w.search.take()).collect();
            match search::write_index(&self.dossier.config, &staging, docs) {
                Ok(done) => index = Some(done),
                Err(e) => {
                    staging.abandon();
                    return Err(vec![e]);
                }
            }
        }
        let t = self.timings.record("search", t);
        progress.done.fetch_add(1, Ordering::Relaxed);
        if cancelled() {
            staging.abandon();
            return Err(vec![Diagnostic::error(crate::render::CANCELLED)]);
        }
        let copies = [self.theme.static_dir.clone(), Some(root.join("static"))];
        for dir in copies.into_iter().flatten() {
            if let Err(e) = staging.copy_tree(&dir, "") {
                staging.abandon();
                return Err(vec![Diagnostic::error(format!(
                    "cannot copy {}: {e}",
                    dir.display()
                ))]);
            }
        }
        if let Err(e) = staging.commit() {
            return Err(vec![Diagnostic::error(format!(
                "cannot swap the new site into {}: {e}",
                target.display()
            ))]);
        }
        self.timings.record("write", t);
        progress.done.fetch_add(1, Ordering::Relaxed);
        Ok(Written {
            pages: written.len(),
            output: target,
            search: index,
        })
    }
    /// Applies an edit of the files `changed` (absolute paths) to the
    /// loaded site, if it only changed markdown bodies of files the site
    /// already holds. On [`Patched::Pages`] the site is the one a full
    /// build of the edited files would load; otherwise it is unchanged.
    pub fn patch(&mut self, changed: &[PathBuf]) -> Patched {
        let root = self.dossier.root.clone();
        let mut edits: Vec<(SourceRef, String)> = Vec::new();
        for path in changed {
            let Ok(rel) = path.strip_prefix(&root) else {
                return Patched::NeedsFullBuild(format!("{} changed", path.display()));
            };
            if !rel.starts_with("content") {
                return Patched::NeedsFullBuild(format!("{} changed", rel.display()));
            }
            match self.source_of(rel) {
                Some(source) => match self.reload_body(path, rel, source) {
                    Ok(Some(body)) => edits.push((source, body)),
                    Ok(None) => {}
                    Err(why) => return Patched::NeedsFullBuild(why),
                },
                None if ignored_by_load(path, rel, &self.dossier) => {}
                None => {
                    return Patched::NeedsFullBuild(format!(
                        "{} was added or removed",
                        rel.display()
                    ))
                }
            }
        }
        let sources: Vec<SourceRef> = self.dossier.sources().collect();
        let mut rendered: Vec<(usize, RenderedBody)> = edits
            .iter()
            .map(|(source, text)| {
                let body = render_source(&self.dossier, &self.names, *source, text);
                (self.position_of(*source), body)
            })
            .collect();
        for (at, body) in &mut rendered {
            std::mem::swap(&mut self.bodies[*at], body);
        }
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(self.load_diagnostics.iter().cloned());
        for body in &self.bodies {
            diagnostics.extend(body.errors.iter().cloned());
        }
        if diagnostics.has_errors() {
            diagnostics.extend(self.quote_warnings.iter().cloned());
            warn_ambiguous(&self.dossier, &self.names, &self.bodies, &mut diagnostics);
            diagnostics.sort();
            for (at, body) in &mut rendered {
                std::mem::swap(&mut self.bodies[*at], body);
            }
            return Patched::Failed(diagnostics);
        }
        for (source, text) in edits {
            match source {
                SourceRef::Article(i) => self.dossier.articles[i].body = text,
                SourceRef::Entity(i) => self.dossier.entities[i].body = text,
                SourceRef::Page(i) => self.dossier.pages[i].body = text,
            }
        }
        let changed: Vec<usize> = rendered.iter().map(|(at, _)| *at).collect();
        let mut found = Vec::new();
        let before = self
            .index
            .update(&self.dossier, &self.bodies, &changed, &mut found);
        let edited: Vec<PathBuf> = changed
            .iter()
            .map(|&at| self.file_of(sources[at]).to_path_buf())
            .collect();
        self.quote_warnings
            .retain(|d| d.file.as_ref().is_none_or(|f| !edited.contains(f)));
        self.quote_warnings.extend(found);
        diagnostics.extend(self.quote_warnings.iter().cloned());
        // Ambiguous names are gathered over every body; only an edit that
        // had or has one needs them gathered again.
        let ambiguous_moved = rendered
            .iter()
            .any(|(at, old)| !old.ambiguous.is_empty() || !self.bodies[*at].ambiguous.is_empty());
        if ambiguous_moved {
            let mut ambiguous = Diagnostics::new();
            warn_ambiguous(&self.dossier, &self.names, &self.bodies, &mut ambiguous);
            self.ambiguous_warnings = ambiguous.into_vec();
        }
        diagnostics.extend(self.ambiguous_warnings.iter().cloned());
        diagnostics.sort();
        let affected = self.affected(before, &changed, &sources);
        Patched::Pages(affected, diagnostics)
    }

    /// The file `source` was loaded from, relative to the root.
    fn file_of(&self, source: SourceRef) -> &Path {
        let d = &self.dossier;
        match source {
            SourceRef::Article(i) => &d.articles[i].source.file,
            SourceRef::Entity(i) => &d.entities[i].source.file,
            SourceRef::Page(i) => &d.pages[i].source.file,
        }
    }

    /// The source loaded from `rel` (relative to the root), if any.
    fn source_of(&self, rel: &Path) -> Option<SourceRef> {
        let d = &self.dossier;
        let article = d.articles.iter().position(|a| a.source.file == rel);
        let entity = || d.entities.iter().position(|e| e.source.file == rel);
        let page = || d.pages.iter().position(|p| p.source.file == rel);
        article
            .map(SourceRef::Article)
            .or_else(|| entity().map(SourceRef::Entity))
            .or_else(|| page().map(SourceRef::Page))
    }

    /// The position of `source` in [`Dossier::sources`] order.
    fn position_of(&self, source: SourceRef) -> usize {
        let d = &self.dossier;
        match source {
            SourceRef::Article(i) => i,
            SourceRef::Entity(i) => d.articles.len() + i,
            SourceRef::Page(i) => d.articles.len() + d.entities.len() + i,
        }
    }

    /// Reads `source`'s file again: its new body when only the body
    /// changed, `None` when nothing did, and why not otherwise. Everything
    /// but the body must be what was loaded before, because front-matter
    /// feeds other pages (names, dates, references, lists).
    fn reload_body(
        &self,
        path: &Path,
        rel: &Path,
        source: SourceRef,
    ) -> Result<Option<String>, String> {
        let d = &self.dossier;
        let what = match source {
            SourceRef::Article(_) => OneFile::Article,
            SourceRef::Entity(i) => OneFile::Entity(d.entities[i].kind),
            SourceRef::Page(_) => OneFile::Page,
        };
        let rel = rel.display();
        match (load_one(&d.root, path, what), source) {
            (Err(_), _) => Err(format!("{rel} does not load")),
            (Ok(LoadedFile::Article(new)), SourceRef::Article(i)) => {
                body_only(&d.articles[i], *new, |a| &mut a.body, &rel)
            }
            (Ok(LoadedFile::Entity(new)), SourceRef::Entity(i)) => {
                body_only(&d.entities[i], *new, |e| &mut e.body, &rel)
            }
            (Ok(LoadedFile::Page(new)), SourceRef::Page(i)) => {
                body_only(&d.pages[i], new, |p| &mut p.body, &rel)
            }
            _ => Err(format!("{rel} is not what it was")),
        }
    }

    /// The pages that show something of the sources at `changed`
    /// (positions in `sources`). `before` holds the entities whose index
    /// lists the edit changed, with those lists as they were.
    fn affected(
        &mut self,
        mut before: Vec<EntityLists>,
        changed: &[usize],
        sources: &[SourceRef],
    ) -> Affected {
        let mut pages: BTreeSet<Job> = BTreeSet::new();
        for &at in changed {
            pages.insert(match sources[at] {
                SourceRef::Article(i) => Job::Article(i),
                SourceRef::Entity(i) => Job::Entity(i),
                SourceRef::Page(i) => Job::Page(i),
            });
        }
        // Entities the edited sources name or list, before or after: their
        // "Appears in", related entities and counts may have changed, and
        // so the lists that show those counts.
        let named: BTreeSet<usize> = before.iter().map(|l| l.entity).collect();
        let d = &self.dossier;
        for &e in &named {
            pages.insert(Job::Entity(e));
            pages.insert(Job::KindIndex(d.entities[e].kind));
            for tag in &d.entities[e].tags {
                let slug = crate::content::id::slugify(tag);
                if !slug.is_empty() {
                    pages.insert(Job::Tag(slug));
                }
            }
        }
        // An entity page also draws its neighbourhood, which may show the
        // named entities' lists: compare the drawing before and after.
        let near: Vec<usize> = (0..d.entities.len())
            .filter(|f| {
                !named.contains(f)
                    && self.index.related[*f]
                        .iter()
                        .any(|(e, _)| named.contains(e))
            })
            .collect();
        let draw = |site: &Site| -> Vec<String> {
            near.iter()
                .map(|f| crate::render::figures::neighbourhood(&site.dossier, &site.index, *f))
                .collect()
        };
        let after = draw(self);
        self.swap_lists(&mut before);
        let was = draw(self);
        self.swap_lists(&mut before);
        for ((f, a), b) in near.iter().zip(after).zip(was) {
            if a != b {
                pages.insert(Job::Entity(*f));
            }
        }
        if !changed.is_empty() {
            // Key people by mentions, and the whole graph.
            pages.insert(Job::Home);
            pages.insert(Job::Graph);
        }
        Affected {
            pages: pages.into_iter().collect(),
            print_and_data: !changed.is_empty(),
        }
    }

    /// Swaps `lists` with the index's "Appears in" and related lists of the
    /// same entities.
    fn swap_lists(&mut self, lists: &mut [EntityLists]) {
        for list in lists {
            std::mem::swap(
                &mut self.index.appears_in[list.entity],
                &mut list.appears_in,
            );
            std::mem::swap(&mut self.index.related[list.entity], &mut list.related);
        }
    }

    /// Writes the pages `affected` names into `sink`, and `/print/` and
    /// `/dossier.json` too when `print_and_data` (serve may leave those to
    /// a later full build). Returns how many files were written.
    pub fn write_affected(
        &mut self,
        sink: &dyn Sink,
        affected: &Affected,
        print_and_data: bool,
    ) -> Result<usize, Vec<Diagnostic>> {
        let renderer = SiteRenderer::new(
            &self.dossier,
            &self.index,
            &self.bodies,
            self.home_html.clone(),
            &self.theme,
        );
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
}

/// Gathers the mention index from the rendered bodies, with the warnings
/// it finds (quotes not found).
fn link(dossier: &Dossier, bodies: &[RenderedBody]) -> (MentionIndex, Vec<Diagnostic>) {
    let mut found = Vec::new();
    let index = MentionIndex::build(dossier, bodies, &mut found);
    (index, found)
}

/// Renders one source's `body` with linking, as [`render_bodies`] does.
fn render_source(
    dossier: &Dossier,
    names: &NameTable,
    source: SourceRef,
    body: &str,
) -> RenderedBody {
    let (src, self_entity) = match source {
        SourceRef::Article(i) => (&dossier.articles[i].source, None),
        SourceRef::Entity(i) => (&dossier.entities[i].source, Some(i)),
        SourceRef::Page(i) => (&dossier.pages[i].source, None),
    };
    let linking = Linking {
        names,
        dossier,
        self_entity,
        mode: dossier.config.build.auto_link,
    };
    let mut rendered = render_body(body, src, Some(&linking));
    // Only the quote check reads the plain text, and only for articles
    // with quotes: dropping the rest here keeps them from adding up.
    let quoted = matches!(source, SourceRef::Article(i) if !dossier.articles[i].quotes.is_empty());
    if !quoted {
        rendered.plain = String::new();
    }
    rendered
}

/// Renders every body in parallel, with linking, in [`Dossier::sources`] order.
fn render_bodies(
    dossier: &Dossier,
    names: &NameTable,
    diagnostics: &mut Diagnostics,
) -> (Vec<RenderedBody>, String) {
    let mode = dossier.config.build.auto_link;
    let sources: Vec<SourceRef> = dossier.sources().collect();
    let bodies: Vec<RenderedBody> = sources
        .par_iter()
        .map(|source| {
            let body = match *source {
                SourceRef::Article(i) => &dossier.articles[i].body,
                SourceRef::Entity(i) => &dossier.entities[i].body,
                SourceRef::Page(i) => &dossier.pages[i].body,
            };
            render_source(dossier, names, *source, body)
        })
        .collect();
    let home_html = match &dossier.home {
        Some(home) => {
            let linking = Linking {
                names,
                dossier,
                self_entity: None,
                mode,
            };
            let body = render_body(&home.body, &home.source, Some(&linking));
            diagnostics.extend(body.errors);
            body.html
        }
        None => String::new(),
    };
    (bodies, home_html)
}

/// One warning per ambiguous name, with the places it occurs.
fn warn_ambiguous(
    dossier: &Dossier,
    names: &NameTable,
    bodies: &[RenderedBody],
    diagnostics: &mut Diagnostics,
) {
    /// How many places a warning names; the rest are counted.
    const SHOWN: usize = 5;
    // Folded name → (the first spelling seen, the first places it occurs,
    // how many places in all).
    let mut places: std::collections::BTreeMap<String, (String, Vec<String>, usize)> =
        Default::default();
    for (source, body) in dossier.sources().zip(bodies) {
        let file = match source {
            SourceRef::Article(i) => &dossier.articles[i].source.file,
            SourceRef::Entity(i) => &dossier.entities[i].source.file,
            SourceRef::Page(i) => &dossier.pages[i].source.file,
        };
        for hit in &body.ambiguous {
            let (_, shown, count) = places
                .entry(crate::mentions::matcher::fold(&hit.name).text)
                .or_insert_with(|| (hit.name.clone(), Vec::new(), 0));
            if shown.len() < SHOWN {
                shown.push(format!("{}:{}", file.display(), hit.line));
            }
            *count += 1;
        }
    }
    let shared: std::collections::HashMap<String, Vec<String>> =
        names.ambiguous_names(dossier).into_iter().collect();
    for (folded, (name, shown, count)) in places {
        let owners = shared
            .get(&folded)
            .map(|o| o.join(", "))
            .unwrap_or_default();
        let more = if count > shown.len() {
            format!(" and {} more", count - shown.len())
        } else {
            String::new()
        };
        diagnostics.push(
            Diagnostic::warning(format!(
                "ambiguous name `{name}` ({owners}) is not linked; it occurs at {}{more}",
                shown.join(", ")
            ))
            .hint("use a wikilink such as [[people/some-id|Name]] where you mean one of them, or make the alias unique"),
        );
    }
}

/// `new`'s body when `old` and `new` differ in nothing else, `None` when
/// they do not differ at all, and why not otherwise.
fn body_only<T: Clone + std::fmt::Debug>(
    old: &T,
    mut new: T,
    body: fn(&mut T) -> &mut String,
    rel: &dyn std::fmt::Display,
) -> Result<Option<String>, String> {
    let mut old = old.clone();
    let old_body = std::mem::take(body(&mut old));
    let new_body = std::mem::take(body(&mut new));
    // Every field but the body, compared through its full debug form.
    if format!("{old:?}") != format!("{new:?}") {
        return Err(format!("the front-matter of {rel} changed"));
    }
    Ok((new_body != old_body).then_some(new_body))
}

/// Whether a change at `path` (relative: `rel`) that is no loaded source
/// leaves the build as it was: a file the loader skips (not `.md`, hidden
/// files are never reported) that was not a folder holding sources.
fn ignored_by_load(path: &Path, rel: &Path, dossier: &Dossier) -> bool {
    if path.extension().is_some_and(|e| e == "md") || path.is_dir() {
        return false;
    }
    let held_sources = dossier.sources().any(|s| {
        let file = match s {
            SourceRef::Article(i) => &dossier.articles[i].source.file,
            SourceRef::Entity(i) => &dossier.entities[i].source.file,
            SourceRef::Page(i) => &dossier.pages[i].source.file,
        };
        file.starts_with(rel)
    });
    !held_sources
}
