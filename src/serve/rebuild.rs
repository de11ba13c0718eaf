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

use std::path::{Path, PathBuf};
use std::sync::Arc;
use std::time::{Duration, Instant};

use tokio::sync::mpsc::UnboundedReceiver;

use super::state::Shared;
use crate::cmd::report;
use crate::config::{Overrides, SiteConfig};
use crate::diagnostics::Diagnostics;
use crate::site::Site;

/// How to build the site for serving.
#[derive(Debug)]
pub struct Builder {
    /// The dossier's folder, absolute.
    pub root: PathBuf,
    /// Serve's own output folder.
    pub output: PathBuf,
    /// `http://host:port` the site is served from.
    pub origin: String,
    /// Include drafts.
    pub drafts: bool,
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
    /// Loads, renders and writes the site once. Blocking.
    pub fn build(&self) -> Outcome {
        let start = Instant::now();
        // Only the path of the editor's base_url is kept; if site.toml is
        // broken, Site::load reports it below and the prefix is moot.
        let prefix = SiteConfig::load(&self.root)
            .map(|config| config.base_path)
            .unwrap_or_else(|_| "/".to_string());
        let overrides = Overrides {
            output: Some(self.output.clone()),
            base_url: Some(format!("{}{}", self.origin, prefix)),
            drafts: self.drafts,
        };
        let (site, mut diagnostics) = Site::load(&self.root, &overrides);
        let Some(mut site) = site else {
            return failed(start, diagnostics);
        };
        match site.write() {
            Ok(written) => Outcome::Built(Built {
                pages: written.pages,
                took: start.elapsed(),
                prefix,
                diagnostics,
            }),
            Err(errors) => {
                diagnostics.extend(errors);
                failed(start, diagnostics)
            }
        }
    }
}

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
pub async fn rebuild_loop(
    shared: Arc<Shared>,
    builder: Arc<Builder>,
    mut changes: UnboundedReceiver<Vec<PathBuf>>,
) {
    while let Some(mut changed) = changes.recv().await {
        while let Ok(more) = changes.try_recv() {
            changed.extend(more);
        }
        changed.sort();
        changed.dedup();
        let job = builder.clone();
        let outcome = match tokio::task::spawn_blocking(move || job.build()).await {
            Ok(outcome) => outcome,
            Err(e) => {
                eprintln!("error: the rebuild panicked ({e}); the last good site is still served");
                continue;
            }
        };
        let what = describe(&changed, &builder.root);
        match &outcome {
            Outcome::Built(built) => {
                let warnings = built.diagnostics.warning_count();
                let note = match warnings {
                    0 => String::new(),
                    1 => " (1 warning)".to_string(),
                    n => format!(" ({n} warnings)"),
                };
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
