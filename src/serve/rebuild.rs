//! Building for serve: the ordinary pipeline, pointed at serve's own output
//! folder and at the local address.
//!
//! A build here is exactly `dossier build` with two overrides: the output
//! folder (a temporary one, so the editor's `public/` is never replaced) and
//! `base_url` (the local origin plus the path of `site.toml`'s `base_url`, so
//! every link, feed and canonical URL works against the local server).
//! Builds are synchronous and use rayon; [`rebuild_loop`] runs them one at a
//! time on tokio's blocking pool and folds the edits that arrive meanwhile
//! into the next one.
//!
//! The last good build stays loaded in memory. An edit that only changed
//! the markdown body of files it holds is applied to it
//! ([`patch::patch`]): those bodies are rendered again, the mention index is
//! rebuilt, and only the pages the edit reaches are written, in place
//! ([`super::incremental`]). Everything else is a full build. The search
//! index is not part of an incremental rebuild: a full build in the
//! background brings it up to date once the editor pauses
//! ([`Builder::catch_up`]).

use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicBool, AtomicU64, Ordering};
use std::sync::{Arc, Mutex};
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedReceiver;

use super::state::Shared;
use crate::config::{Overrides, SiteConfig};
use crate::diagnostics::report;
use crate::diagnostics::Diagnostics;
use crate::progress::Progress;
use crate::site::Site;

use super::patch::{self, Patched};

use super::incremental::InPlace;

/// How to build the site for serving, and the last good build, kept for
/// incremental rebuilds.
pub struct Builder {
    /// The dossier's folder, absolute.
    pub root: PathBuf,
    /// Serve's own output folder.
    pub output: PathBuf,
    /// `http://host:port` the site is served from.
    pub origin: String,
    /// Include drafts.
    pub drafts: bool,
    /// The site of the last good build, patched by every incremental one.
    /// `None` until a build succeeds, and after a failed full build.
    loaded: Mutex<Option<Site>>,
    /// Counts changes to the served folder; a background build whose
    /// count is stale when it ends is thrown away.
    generation: AtomicU64,
    /// Whether the served search index (and print page and data) lag
    /// behind the last incremental rebuild.
    lagging: AtomicBool,
    /// Cancels a background build in flight.
    background: Mutex<Option<Arc<Progress>>>,
    /// Files of an incremental rebuild that failed: the loaded site does
    /// not hold their edits yet, so the next rebuild reads them again.
    unapplied: Mutex<Vec<PathBuf>>,
}

/// A build that was swapped into the output folder.
#[derive(Debug)]
pub struct Built {
    pub pages: usize,
    pub took: Duration,
    /// `base_url`'s path: where the site lives on the server.
    pub prefix: String,
    /// Warnings, if any.
    pub diagnostics: Diagnostics,
    /// Whether only the pages the edit reached were written.
    pub incremental: bool,
    /// Why an edit needed a full build, when one was tried incrementally
    /// first (the front-matter changed, a file was added).
    pub full_because: Option<String>,
}

/// A build that failed; the output folder was left as it was.
#[derive(Debug)]
pub struct Failed {
    pub took: Duration,
    pub diagnostics: Diagnostics,
    /// The errors rendered as plain text, for the browser overlay.
    pub text: String,
}

/// What one build came to.
#[derive(Debug)]
pub enum Outcome {
    Built(Built),
    Failed(Failed),
}

impl Builder {
    /// A builder for the dossier at `root` (absolute), writing into `output`.
    pub fn new(root: PathBuf, output: PathBuf, origin: String, drafts: bool) -> Builder {
        Builder {
            root,
            output,
            origin,
            drafts,
            loaded: Mutex::new(None),
            generation: AtomicU64::new(0),
            lagging: AtomicBool::new(false),
            background: Mutex::new(None),
            unapplied: Mutex::new(Vec::new()),
        }
    }

    /// Brings the served site up to date with the edits to `changed`:
    /// incrementally when they changed only bodies, else by a full build.
    /// Blocking.
    pub fn rebuild(&self, changed: &[PathBuf]) -> Outcome {
        let start = Instant::now();
        self.cancel_background();
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        let Some(site) = loaded.as_mut() else {
            drop(loaded);
            return self.build();
        };
        let mut unapplied = self.unapplied.lock().unwrap_or_else(|e| e.into_inner());
        let mut changed: Vec<PathBuf> =
            unapplied.drain(..).chain(changed.iter().cloned()).collect();
        changed.sort();
        changed.dedup();
        match patch::patch(site, &changed) {
            Patched::Pages(affected, diagnostics) => {
                let sink = InPlace::new(&self.output);
                // The print page and dossier.json hold every body: on a
                // large dossier they are left to the background build.
                let data_now = site.dossier.articles.len() <= DATA_NOW_LIMIT;
                self.generation.fetch_add(1, Ordering::SeqCst);
                match patch::write_affected(site, &sink, &affected, data_now) {
                    Ok(pages) => {
                        let search = site.dossier.config.build.search;
                        self.lagging.fetch_or(search || !data_now, Ordering::SeqCst);
                        Outcome::Built(Built {
                            pages,
                            took: start.elapsed(),
                            prefix: site.dossier.config.base_path.clone(),
                            diagnostics,
                            incremental: true,
                            full_because: None,
                        })
                    }
                    Err(_) => {
                        // The folder may now hold part of the edit: only a
                        // full build is sure to set it right.
                        *loaded = None;
                        drop(unapplied);
                        drop(loaded);
                        self.build()
                    }
                }
            }
            Patched::Failed(diagnostics) => {
                *unapplied = changed;
                failed(start, diagnostics)
            }
            Patched::NeedsFullBuild(why) => {
                drop(unapplied);
                drop(loaded);
                match self.build() {
                    Outcome::Built(built) => Outcome::Built(Built {
                        full_because: Some(why),
                        ..built
                    }),
                    failed => failed,
                }
            }
        }
    }

    /// Loads, renders and writes the site once, and keeps it for the
    /// incremental rebuilds that follow. Blocking.
    pub fn build(&self) -> Outcome {
        self.cancel_background();
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        *loaded = None;
        // A full build reads every file: nothing is left unapplied.
        self.unapplied
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .clear();
        self.generation.fetch_add(1, Ordering::SeqCst);
        let (outcome, site) = self.full_build(&self.output, &Progress::default());
        if let Outcome::Built(_) = outcome {
            *loaded = site;
            self.lagging.store(false, Ordering::SeqCst);
        }
        outcome
    }

    /// Drops the loaded site, so the next rebuild is a full one.
    pub fn forget(&self) {
        *self.loaded.lock().unwrap_or_else(|e| e.into_inner()) = None;
    }

    /// Stops a background build in flight, if any.
    fn cancel_background(&self) {
        if let Some(progress) = self
            .background
            .lock()
            .unwrap_or_else(|e| e.into_inner())
            .take()
        {
            progress.cancelled.store(true, Ordering::SeqCst);
        }
    }

    /// Whether the search index (and, on a large dossier, the print page
    /// and dossier.json) lag behind incremental rebuilds.
    pub fn lagging(&self) -> bool {
        self.lagging.load(Ordering::SeqCst)
    }

    /// The background build that brings the search index, the print page
    /// and dossier.json up to date after incremental rebuilds. It builds
    /// into a folder of its own, on one thread, and swaps that folder in
    /// only if nothing was written to the served one meanwhile; an edit
    /// cancels it. Returns whether it swapped its site in. Blocking.
    pub fn catch_up(&self) -> bool {
        if !self.lagging() {
            return true;
        }
        let progress = Arc::new(Progress::default());
        *self.background.lock().unwrap_or_else(|e| e.into_inner()) = Some(progress.clone());
        let generation = self.generation.load(Ordering::SeqCst);
        let aside = self.output.with_file_name("site-catch-up");
        // One thread, so the editor's next rebuild still finds a core.
        let pool = rayon::ThreadPoolBuilder::new().num_threads(1).build();
        let (outcome, site) = match pool {
            Ok(pool) => pool.install(|| self.full_build(&aside, &progress)),
            Err(_) => return false,
        };
        let Outcome::Built(_) = outcome else {
            return false;
        };
        let mut loaded = self.loaded.lock().unwrap_or_else(|e| e.into_inner());
        if progress.cancelled.load(Ordering::SeqCst)
            || self.generation.load(Ordering::SeqCst) != generation
        {
            return false;
        }
        if crate::output::swap(&aside, &self.output).is_err() {
            return false;
        }
        *loaded = site;
        self.lagging.store(false, Ordering::SeqCst);
        true
    }

    /// A full build into `output`, and the site it loaded when it succeeded.
    fn full_build(&self, output: &Path, progress: &Progress) -> (Outcome, Option<Site>) {
        let start = Instant::now();
        // Only the path of the editor's base_url is kept; if site.toml is
        // broken, Site::load reports it below and the prefix is moot.
        let prefix = SiteConfig::load(&self.root)
            .map(|config| config.base_path)
            .unwrap_or_else(|_| "/".to_string());
        let overrides = Overrides {
            output: Some(output.to_path_buf()),
            base_url: Some(format!("{}{}", self.origin, prefix)),
            drafts: self.drafts,
        };
        let (site, mut diagnostics) = Site::load(&self.root, &overrides);
        let Some(mut site) = site else {
            return (failed(start, diagnostics), None);
        };
        match site.write(progress) {
            Ok(mut written) => {
                diagnostics.extend(std::mem::take(&mut written.warnings));
                (
                    Outcome::Built(Built {
                        pages: written.pages,
                        took: start.elapsed(),
                        prefix,
                        diagnostics,
                        incremental: false,
                        full_because: None,
                    }),
                    Some(site),
                )
            }
            Err(errors) => {
                diagnostics.extend(errors);
                (failed(start, diagnostics), None)
            }
        }
    }
}

/// How long the dossier must be quiet before the background build starts.
pub const CATCH_UP_AFTER: Duration = Duration::from_secs(2);

/// Up to this many articles, an incremental rebuild writes the print page
/// and dossier.json at once; above, the background build does.
const DATA_NOW_LIMIT: usize = 2_000;

fn failed(start: Instant, diagnostics: Diagnostics) -> Outcome {
    let errors: Vec<String> = diagnostics
        .iter()
        .filter(|d| d.is_error())
        .map(|d| d.render(false))
        .collect();
    let count = errors.len();
    let mut text = errors.join("\n");
    text.push_str(&format!(
        "\n{count} error{}\n",
        if count == 1 { "" } else { "s" }
    ));
    Outcome::Failed(Failed {
        took: start.elapsed(),
        diagnostics,
        text,
    })
}

/// Rebuilds on every batch of changes until the change channel closes.
///
/// One build runs at a time: batches that arrive while it runs are merged
/// and built once afterwards, so a burst of saves costs at most one extra
/// build, never a queue of them.
///
/// After incremental rebuilds, once the dossier has been quiet for
/// [`CATCH_UP_AFTER`], a background full build brings the search index up
/// to date; the next edit cancels it.
pub async fn rebuild_loop(
    shared: Arc<Shared>,
    builder: Arc<Builder>,
    mut changes: UnboundedReceiver<Vec<PathBuf>>,
) {
    let mut catching_up: Option<tokio::task::JoinHandle<bool>> = None;
    loop {
        // A background build in flight: wait for it or the next edit. When
        // it swaps its site in, open tabs reload, as after any build.
        if let Some(handle) = catching_up.as_mut().filter(|h| !h.is_finished()) {
            tokio::select! {
                // An edit cancels the background build (see Builder::rebuild).
                received = changes.recv() => {
                    let Some(changed) = received else {
                        return;
                    };
                    rebuild_batch(&shared, &builder, &mut changes, changed).await;
                }
                done = handle => {
                    catching_up = None;
                    if matches!(done, Ok(true)) {
                        eprintln!("caught up in the background: the search index, the print page and dossier.json");
                        shared.caught_up();
                    }
                }
            }
            continue;
        }
        let idle = catching_up.as_ref().is_none_or(|h| h.is_finished());
        let received = if builder.lagging() && idle {
            tokio::select! {
                received = changes.recv() => received,
                () = tokio::time::sleep(CATCH_UP_AFTER) => {
                    let job = builder.clone();
                    catching_up = Some(tokio::task::spawn_blocking(move || job.catch_up()));
                    continue;
                }
            }
        } else {
            changes.recv().await
        };
        let Some(changed) = received else {
            return;
        };
        rebuild_batch(&shared, &builder, &mut changes, changed).await;
    }
}

/// Rebuilds for `changed` and whatever else has arrived meanwhile, reports
/// the outcome on the terminal and to open tabs.
async fn rebuild_batch(
    shared: &Arc<Shared>,
    builder: &Arc<Builder>,
    changes: &mut UnboundedReceiver<Vec<PathBuf>>,
    mut changed: Vec<PathBuf>,
) {
    while let Ok(more) = changes.try_recv() {
        changed.extend(more);
    }
    changed.sort();
    changed.dedup();
    let job = builder.clone();
    let batch = changed.clone();
    let outcome = match tokio::task::spawn_blocking(move || job.rebuild(&batch)).await {
        Ok(outcome) => outcome,
        Err(e) => {
            builder.forget();
            eprintln!("error: the rebuild panicked ({e}); the last good site is still served");
            return;
        }
    };
    let what = describe(&changed, &builder.root);
    match &outcome {
        Outcome::Built(built) => {
            let warnings = built.diagnostics.warning_count();
            let mut note = match warnings {
                0 => String::new(),
                1 => " (1 warning)".to_string(),
                n => format!(" ({n} warnings)"),
            };
            if built.incremental {
                note.push_str(&format!(
                    "; {} page{} rendered again",
                    built.pages,
                    if built.pages == 1 { "" } else { "s" }
                ));
            }
            if let Some(why) = &built.full_because {
                note.push_str(&format!("; built in full: {why}"));
            }
            eprintln!(
                "rebuilt in {:.0} ms: {what}{note}",
                built.took.as_secs_f64() * 1000.0
            );
            if built.prefix != shared.prefix() {
                eprintln!(
                    "base_url's path changed: now serving {}{}",
                    builder.origin, built.prefix
                );
            }
        }
        Outcome::Failed(failed) => {
            report(&failed.diagnostics);
            eprintln!(
                "build failed in {:.0} ms: {what}; still serving the last good site",
                failed.took.as_secs_f64() * 1000.0
            );
        }
    }
    shared.publish(&outcome);
}

/// "content/articles/x.md changed", or how many files changed. Files that
/// are gone again (an editor's or `sed -i`'s temporary file) are left out
/// when something that still exists changed.
fn describe(changed: &[PathBuf], root: &Path) -> String {
    let existing: Vec<PathBuf> = changed.iter().filter(|p| p.exists()).cloned().collect();
    let changed = if existing.is_empty() {
        changed
    } else {
        &existing
    };
    let shown = |p: &PathBuf| p.strip_prefix(root).unwrap_or(p).display().to_string();
    match changed {
        [] => "rebuild requested".to_string(),
        [one] => format!("{} changed", shown(one)),
        [first, rest @ ..] => format!("{} and {} more changed", shown(first), rest.len()),
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn describes_changes_relative_to_the_root() {
        let root = Path::new("/d");
        assert_eq!(
            describe(&[PathBuf::from("/d/content/a.md")], root),
            "content/a.md changed"
        );
        assert_eq!(
            describe(
                &[
                    PathBuf::from("/d/site.toml"),
                    PathBuf::from("/d/static/x.css")
                ],
                root
            ),
            "site.toml and 1 more changed"
        );
    }
}
