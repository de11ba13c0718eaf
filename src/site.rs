//! The build pipeline in one screen.
//!
//! [`Site::load`] reads and checks everything, renders every body and
//! gathers the mention index; [`Site::write`] renders every page into a
//! staging folder, indexes them for search and swaps the folder in. `build`,
//! `check` and `serve` all go through these two steps; serve's shortcut for
//! an edit of bodies alone lives in [`crate::serve::patch`]. Timings and
//! progress wrap the steps ([`Timings::phase`], [`Progress::check`]) and
//! never interleave them.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use crate::body::Bodies;
use crate::config::{Overrides, SiteConfig};
use crate::content::load::load_content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::Dossier;
use crate::mentions::{self, MentionIndex};
use crate::names::NameTable;
use crate::output::{self, Staging};
use crate::progress::Progress;
use crate::render::theme::Theme;
use crate::render::SiteRenderer;
use crate::search;

/// How long each phase of a build took, in order.
#[derive(Debug, Default, Clone)]
pub struct Timings {
    pub phases: Vec<(&'static str, Duration)>,
}

impl Timings {
    /// Runs `step` as the phase `name`, recording how long it took.
    pub fn phase<T>(&mut self, name: &'static str, step: impl FnOnce() -> T) -> T {
        let start = Instant::now();
        let result = step();
        self.phases.push((name, start.elapsed()));
        result
    }

    /// Moves `by` of the time recorded for `from` to `to`: work done during
    /// one phase on behalf of another.
    fn shift(&mut self, from: &str, to: &str, by: Duration) {
        let Some(i) = self.phases.iter().rposition(|(p, _)| *p == from) else {
            return;
        };
        let by = by.min(self.phases[i].1);
        if let Some(j) = self.phases.iter().rposition(|(p, _)| *p == to) {
            self.phases[i].1 -= by;
            self.phases[j].1 += by;
        }
    }
}

/// A dossier loaded, checked and linked, ready to be written.
pub struct Site {
    pub dossier: Dossier,
    pub names: NameTable,
    pub bodies: Bodies,
    pub index: MentionIndex,
    pub theme: Theme,
    pub timings: Timings,
    /// What the build found, by the step that found it, so serve's
    /// patching can replace one step's share and report what a full build
    /// would.
    pub found: Found,
}

/// The warnings a loaded site carries (a site with errors does not load).
#[derive(Debug, Default, Clone)]
pub struct Found {
    /// From `site.toml`, the content files, assembly and the theme.
    pub load: Vec<Diagnostic>,
    /// Quotes not found in their article, from the mention index.
    pub quotes: Vec<Diagnostic>,
    /// One per ambiguous name, with where it occurs.
    pub ambiguous: Vec<Diagnostic>,
}

/// What a successful write produced.
#[derive(Debug)]
pub struct Written {
    pub pages: usize,
    pub output: PathBuf,
    /// The search index, when the site has one.
    pub search: Option<search::SearchIndex>,
    /// Warnings met while writing (links skipped in static folders).
    pub warnings: Vec<Diagnostic>,
}

impl Site {
    /// Loads and checks the dossier at `root`. Returns the site when there
    /// were no errors, and every diagnostic (warnings too) either way.
    pub fn load(root: &Path, overrides: &Overrides) -> (Option<Site>, Diagnostics) {
        let mut timings = Timings::default();
        let mut diagnostics = Diagnostics::new();
        let config = match SiteConfig::load(root) {
            Ok(mut config) => match config.apply(overrides) {
                Ok(()) => config,
                Err(e) => {
                    diagnostics.push(e);
                    return (None, diagnostics);
                }
            },
            Err(errors) => {
                diagnostics.extend(errors);
                return (None, diagnostics);
            }
        };
        let dossier = timings.phase("load", || {
            let (content, found) = load_content(root);
            diagnostics.extend(found);
            let (dossier, found) = Dossier::assemble(config, root, content);
            diagnostics.extend(found);
            diagnostics.extend(crate::forbidden::in_front_matter(&dossier));
            dossier
        });
        let (names, bodies, index, quotes, ambiguous) = timings.phase("mentions", || {
            let names = NameTable::build(&dossier);
            let bodies = Bodies::render(&dossier, &names);
            // The index and the ambiguity warnings read the same bodies
            // and nothing of each other: side by side.
            let ((index, quotes), ambiguous) = rayon::join(
                || MentionIndex::build(&dossier, &bodies.rendered),
                || mentions::ambiguity_warnings(&dossier, &names, &bodies.rendered),
            );
            (names, bodies, index, quotes, ambiguous)
        });
        let theme = timings.phase("theme", || Theme::load(root, &dossier.config.theme));

        let load: Vec<Diagnostic> = diagnostics.iter().cloned().collect();
        diagnostics.extend(bodies.errors().cloned());
        diagnostics.extend(quotes.iter().cloned());
        diagnostics.extend(ambiguous.iter().cloned());
        let theme = theme.map_err(|errors| diagnostics.extend(errors)).ok();
        diagnostics.sort();
        match theme {
            Some(theme) if !diagnostics.has_errors() => (
                Some(Site {
                    dossier,
                    names,
                    bodies,
                    index,
                    theme,
                    timings,
                    found: Found {
                        load,
                        quotes,
                        ambiguous,
                    },
                }),
                diagnostics,
            ),
            _ => (None, diagnostics),
        }
    }

    /// Renders every page into a staging folder beside the output, indexes
    /// them for search, copies the static files and swaps the folder in,
    /// counting into `progress` and stopping early once it is cancelled. On
    /// any error the previous output is left as it was.
    pub fn write(&mut self, progress: &Progress) -> Result<Written, Vec<Diagnostic>> {
        // Search and the final copy-and-swap count as a step each.
        progress.expect(2);
        let config = &self.dossier.config;
        let staging = stage(&self.dossier.root, &config.output_dir)?;
        let renderer = SiteRenderer::new(&self.dossier, &self.index, &self.bodies, &self.theme)
            .with_progress(progress);
        let indexing = search::Indexing::new(&staging, &config.base_path);
        let sink: &dyn crate::output::Sink = if config.build.search {
            &indexing
        } else {
            &staging
        };
        let pages = self.timings.phase("render", || renderer.render_all(sink))?;
        progress.check()?;

        let index = self.timings.phase("search", || {
            let documents = indexing.into_documents();
            config
                .build
                .search
                .then(|| search::write_index(config, &staging, documents))
                .transpose()
        });
        let index = index.map_err(|e| vec![e])?;
        if let Some(index) = &index {
            // The render workers read each page for the index while they
            // held it: that time is search's, not render's.
            let workers = rayon::current_num_threads().max(1) as u32;
            self.timings
                .shift("render", "search", index.extract / workers);
        }
        progress.step();
        progress.check()?;

        let statics: Vec<PathBuf> = self.static_dirs().collect();
        let root = &self.dossier.root;
        let warnings = self.timings.phase("write", || {
            let mut warnings = Vec::new();
            for dir in &statics {
                let shown = dir.strip_prefix(root).unwrap_or(dir);
                let skipped = staging.copy_tree(dir, "", shown).map_err(|e| {
                    vec![Diagnostic::error(format!(
                        "cannot copy {}: {e}",
                        dir.display()
                    ))]
                })?;
                warnings.extend(skipped);
            }
            staging.commit().map_err(|e| {
                vec![Diagnostic::error(format!(
                    "cannot swap the new site into {}: {e}",
                    config.output_dir.display()
                ))]
            })?;
            Ok::<_, Vec<Diagnostic>>(warnings)
        })?;
        progress.step();
        Ok(Written {
            pages: pages.len(),
            output: config.output_dir.clone(),
            search: index,
            warnings,
        })
    }

    /// The folders whose files are copied into the site as they are, in
    /// order: a later file replaces an earlier one at the same path.
    pub fn static_dirs(&self) -> impl Iterator<Item = PathBuf> {
        let own = self.dossier.root.join("static");
        [self.theme.static_dir.clone(), Some(own)]
            .into_iter()
            .flatten()
    }

    /// Frees what only the mention phase and serve's patching read: the
    /// markdown sources, the plain text of each body and each body's own
    /// list of mentions. Writing the site needs none of them, so a one-shot
    /// build calls this before [`Site::write`] and peaks lower; `serve`,
    /// which patches the site on every edit, does not. A released site must
    /// not be patched.
    pub fn release_sources(&mut self) {
        let sources: Vec<_> = self.dossier.sources().collect();
        for source in sources {
            *self.dossier.body_mut(source) = String::new();
        }
        self.bodies.release();
    }

    /// Every diagnostic the loaded site carries, as [`Site::load`] returned
    /// them.
    pub fn diagnostics(&self) -> Diagnostics {
        let mut diagnostics = Diagnostics::new();
        diagnostics.extend(self.found.load.iter().cloned());
        diagnostics.extend(self.bodies.errors().cloned());
        diagnostics.extend(self.found.quotes.iter().cloned());
        diagnostics.extend(self.found.ambiguous.iter().cloned());
        diagnostics.sort();
        diagnostics
    }
}

/// A staging folder beside `output`, once `output` is safe to replace.
fn stage(root: &Path, output: &Path) -> Result<Staging, Vec<Diagnostic>> {
    output::check_output(root, output).map_err(|e| vec![e])?;
    Staging::create(output).map_err(|e| {
        vec![Diagnostic::error(format!(
            "cannot create the staging folder beside {}: {e}",
            output.display()
        ))]
    })
}
