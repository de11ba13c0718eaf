//! What the request handlers and the rebuild loop share: where the site is,
//! the URL path it lives under, and the outcome of the latest build.
//!
//! The site itself is not held in memory: it lives in the output folder,
//! which every build replaces in one atomic swap, so a request always reads
//! one whole version of it. What changes with a build is published here
//! through a [`tokio::sync::watch`] channel, which keeps only the latest
//! value: a slow browser tab skips stale states instead of queueing them.

use std::path::{Path, PathBuf};
use std::sync::RwLock;

use tokio::sync::watch;

use super::rebuild::Outcome;

/// The outcome of the latest build, as the browser sees it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct BuildStatus {
    /// Identifies the last good build; changes with every good build and
    /// with every start of the server, so a page can tell it is stale.
    /// Empty until a build has succeeded.
    pub build: String,
    /// The rendered errors of the latest build when it failed.
    pub errors: Option<String>,
}

/// State shared by the server and the rebuild loop.
pub struct Shared {
    output: PathBuf,
    prefix: RwLock<String>,
    status: watch::Sender<BuildStatus>,
    instance: String,
    good_builds: std::sync::atomic::AtomicU64,
}

impl Shared {
    /// State for a site built into `output`, before any build.
    pub fn new(output: PathBuf) -> Shared {
        let (status, _) = watch::channel(BuildStatus {
            build: String::new(),
            errors: None,
        });
        // A server restart starts counting builds again; the instance part
        // keeps a tab opened before the restart from mistaking build 1 of
        // the new server for the build 1 it shows.
        let instance = std::time::SystemTime::now()
            .duration_since(std::time::UNIX_EPOCH)
            .map(|d| format!("{:x}", d.as_nanos() & 0xffff_ffff))
            .unwrap_or_default();
        Shared {
            output,
            prefix: RwLock::new("/".to_string()),
            status,
            instance,
            good_builds: Default::default(),
        }
    }

    /// The output folder being served (absolute, free of symbolic links).
    pub fn output(&self) -> &Path {
        &self.output
    }

    /// The URL path the site lives under: `/`, or `base_url`'s path
    /// (starting and ending in `/`) of the last good build.
    pub fn prefix(&self) -> String {
        self.prefix
            .read()
            .map(|p| p.clone())
            .unwrap_or_else(|e| e.into_inner().clone())
    }

    /// The latest build status.
    pub fn status(&self) -> BuildStatus {
        self.status.borrow().clone()
    }

    /// A receiver that sees the current status and then every change.
    pub fn subscribe(&self) -> watch::Receiver<BuildStatus> {
        self.status.subscribe()
    }

    /// A background build swapped a newer site in: open tabs reload.
    pub fn caught_up(&self) {
        self.next_build();
    }

    /// Gives the served site a new build id, which reloads open tabs.
    fn next_build(&self) {
        let n = self
            .good_builds
            .fetch_add(1, std::sync::atomic::Ordering::SeqCst)
            + 1;
        self.status.send_replace(BuildStatus {
            build: format!("{}-{n}", self.instance),
            errors: None,
        });
    }

    /// Records the outcome of a build. A failure keeps the last good build's
    /// id and prefix, because that site is still the one being served.
    pub fn publish(&self, outcome: &Outcome) {
        match outcome {
            Outcome::Built(built) => {
                if let Ok(mut prefix) = self.prefix.write() {
                    prefix.clone_from(&built.prefix);
                }
                self.next_build();
            }
            Outcome::Failed(failed) => {
                let build = self.status.borrow().build.clone();
                self.status.send_replace(BuildStatus {
                    build,
                    errors: Some(failed.text.clone()),
                });
            }
        }
    }
}
