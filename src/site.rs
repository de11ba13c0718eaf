//! The build pipeline in one screen: load → link → render → search → write.
//!
//! [`Site::load`] reads `site.toml` and `content/`, checks everything,
//! renders every body with its mentions linked and gathers the mention
//! index. [`Site::write`] renders every page into a staging folder, indexes
//! them for search and swaps the folder in. `build`, `check` and `serve` all
//! go through these two steps.

use std::path::{Path, PathBuf};
use std::time::{Duration, Instant};

use rayon::prelude::*;

use crate::config::{Overrides, SiteConfig};
use crate::content::load::load_content;
use crate::diagnostics::{Diagnostic, Diagnostics};
use crate::dossier::{Dossier, SourceRef};
use crate::mentions::index::MentionIndex;
use crate::mentions::NameTable;
use crate::output::{self, Staging};
use crate::render::markdown::{render_body, Linking, RenderedBody};
use crate::render::theme::Theme;
use crate::render::SiteRenderer;
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
}

/// What a successful write produced.
#[derive(Debug)]
pub struct Written {
    pub pages: usize,
    pub output: PathBuf,
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
        let mut found = Vec::new();
        let index = MentionIndex::build(&dossier, &bodies, &mut found);
        diagnostics.extend(found);
        warn_ambiguous(&dossier, &names, &bodies, &mut diagnostics);
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
                }),
                diagnostics,
            ),
            _ => (None, diagnostics),
        }
    }

    /// Renders every page into a staging folder beside the output and swaps
    /// it in. On any error the previous output is left as it was.
    pub fn write(&mut self) -> Result<Written, Vec<Diagnostic>> {
        let start = Instant::now();
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
        );
        let written = match renderer.render_all(&staging) {
            Ok(written) => written,
            Err(errors) => {
                staging.abandon();
                return Err(errors);
            }
        };
        self.home_html = renderer.home_html;
        let t = self.timings.record("render", start);
        if self.dossier.config.build.search {
            if let Err(e) = search::write_index(&self.dossier.config, &staging, &written) {
                staging.abandon();
                return Err(vec![e]);
            }
        }
        let t = self.timings.record("search", t);
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
        Ok(Written {
            pages: written.len(),
            output: target,
        })
    }
}

/// Renders every body in parallel, with linking, in [`Dossier::sources`] order.
fn render_bodies(
    dossier: &Dossier,
    names: &NameTable,
    diagnostics: &mut Diagnostics,
) -> (Vec<RenderedBody>, String) {
    let mode = dossier.config.build.auto_link;
    let sources: Vec<SourceRef> = dossier.sources().collect();
    let mut bodies: Vec<RenderedBody> = sources
        .par_iter()
        .map(|source| {
            let (body, src, self_entity) = match *source {
                SourceRef::Article(i) => {
                    (&dossier.articles[i].body, &dossier.articles[i].source, None)
                }
                SourceRef::Entity(i) => (
                    &dossier.entities[i].body,
                    &dossier.entities[i].source,
                    Some(i),
                ),
                SourceRef::Page(i) => (&dossier.pages[i].body, &dossier.pages[i].source, None),
            };
            let linking = Linking {
                names,
                dossier,
                self_entity,
                mode,
            };
            render_body(body, src, Some(&linking))
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
    for body in &mut bodies {
        diagnostics.extend(std::mem::take(&mut body.errors));
    }
    (bodies, home_html)
}

/// One warning per ambiguous name, with the places it occurs.
fn warn_ambiguous(
    dossier: &Dossier,
    names: &NameTable,
    bodies: &[RenderedBody],
    diagnostics: &mut Diagnostics,
) {
    // Folded name → (the first spelling seen, where it occurs).
    let mut places: std::collections::BTreeMap<String, (String, Vec<String>)> = Default::default();
    for (source, body) in dossier.sources().zip(bodies) {
        let file = match source {
            SourceRef::Article(i) => &dossier.articles[i].source.file,
            SourceRef::Entity(i) => &dossier.entities[i].source.file,
            SourceRef::Page(i) => &dossier.pages[i].source.file,
        };
        for hit in &body.ambiguous {
            places
                .entry(crate::mentions::matcher::fold(&hit.name).text)
                .or_insert_with(|| (hit.name.clone(), Vec::new()))
                .1
                .push(format!("{}:{}", file.display(), hit.line));
        }
    }
    let shared: std::collections::HashMap<String, Vec<String>> =
        names.ambiguous_names(dossier).into_iter().collect();
    for (folded, (name, at)) in places {
        let owners = shared
            .get(&folded)
            .map(|o| o.join(", "))
            .unwrap_or_default();
        let shown: Vec<&str> = at.iter().take(5).map(String::as_str).collect();
        let more = if at.len() > 5 {
            format!(" and {} more", at.len() - 5)
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
