//! Watching the dossier for edits and handing them on in debounced batches.
//!
//! Only what a build reads is watched: `site.toml`, `content/`, `static/`,
//! `templates/` and `themes/`. The dossier folder itself is watched without
//! recursion, which sees `site.toml` and those folders appear or vanish
//! without watching `public/`, `.git/` or anything else an editor keeps
//! beside them. Editor litter (hidden files, `foo~`, `#foo#`) and pure
//! reads are ignored, so the build reading the files never triggers itself.
//!
//! An editor's save is often several events (write a temporary file, rename
//! it over the old one, change its permissions). Events are gathered until
//! the dossier has been quiet for [`QUIET`], then sent as one batch.

use std::collections::BTreeSet;
use std::path::{Path, PathBuf};
use std::sync::mpsc::{channel, Receiver, RecvTimeoutError};
use std::time::{Duration, Instant};

use notify::{Event, EventKind, RecommendedWatcher, RecursiveMode, Watcher};
use tokio::sync::mpsc::UnboundedSender;

/// How long the dossier must be quiet before a batch is sent.
pub const QUIET: Duration = Duration::from_millis(100);

/// A batch is sent after this long even while events keep coming, so a
/// long-running copy into `content/` still shows progress.
const LONGEST_WAIT: Duration = Duration::from_secs(2);

/// The folders under the dossier that a build reads.
pub const WATCHED_FOLDERS: &[&str] = &["content", "static", "templates", "themes"];

/// Keeps the watcher alive; dropping it stops watching.
pub struct WatchHandle {
    _thread: std::thread::JoinHandle<()>,
}

/// Starts watching `root` (absolute) and sends every batch of changed paths
/// to `changes`.
pub fn spawn(root: &Path, changes: UnboundedSender<Vec<PathBuf>>) -> notify::Result<WatchHandle> {
    let (tx, rx) = channel();
    let mut watcher = notify::recommended_watcher(tx)?;
    watcher.watch(root, RecursiveMode::NonRecursive)?;
    for name in WATCHED_FOLDERS {
        let dir = root.join(name);
        if dir.is_dir() {
            watcher.watch(&dir, RecursiveMode::Recursive)?;
        }
    }
    let root = root.to_path_buf();
    let thread = std::thread::Builder::new()
        .name("dossier-watch".into())
        .spawn(move || debounce(watcher, rx, &root, &changes))?;
    Ok(WatchHandle { _thread: thread })
}

fn debounce(
    mut watcher: RecommendedWatcher,
    events: Receiver<notify::Result<Event>>,
    root: &Path,
    changes: &UnboundedSender<Vec<PathBuf>>,
) {
    let mut batch = BTreeSet::new();
    let mut first_at = Instant::now();
    let mut last_at = Instant::now();
    loop {
        let received = if batch.is_empty() {
            events.recv().map_err(|_| RecvTimeoutError::Disconnected)
        } else {
            let now = Instant::now();
            let quiet_until = (last_at + QUIET).min(first_at + LONGEST_WAIT);
            events.recv_timeout(quiet_until.saturating_duration_since(now))
        };
        match received {
            Ok(Ok(event)) => {
                let was_empty = batch.is_empty();
                if absorb(&event, root, &mut watcher, &mut batch) {
                    last_at = Instant::now();
                    if was_empty {
                        first_at = last_at;
                    }
                }
            }
            Ok(Err(e)) => eprintln!("warning: watching for changes: {e}"),
            Err(RecvTimeoutError::Timeout) => {
                let sent: Vec<PathBuf> = std::mem::take(&mut batch).into_iter().collect();
                if changes.send(sent).is_err() {
                    return;
                }
            }
            Err(RecvTimeoutError::Disconnected) => return,
        }
    }
}

/// Adds the paths of `event` that a build reads to `batch`, and starts
/// watching a watched folder that was just created. Returns whether any
/// path counted.
fn absorb(
    event: &Event,
    root: &Path,
    watcher: &mut RecommendedWatcher,
    batch: &mut BTreeSet<PathBuf>,
) -> bool {
    if !is_change(&event.kind) {
        return false;
    }
    let mut counted = false;
    for path in &event.paths {
        let Some(rel) = path.strip_prefix(root).ok() else {
            continue;
        };
        if !is_watched(rel) {
            continue;
        }
        if matches!(event.kind, EventKind::Create(_))
            && rel.components().count() == 1
            && path.is_dir()
        {
            // A folder made after serve started (or deleted and made
            // again) needs a watch of its own; errors only cost live reload.
            let _ = watcher.watch(path, RecursiveMode::Recursive);
        }
        batch.insert(path.clone());
        counted = true;
    }
    counted
}

fn is_change(kind: &EventKind) -> bool {
    matches!(
        kind,
        EventKind::Create(_) | EventKind::Modify(_) | EventKind::Remove(_) | EventKind::Any
    )
}

/// Whether a path relative to the dossier is something a build reads.
pub fn is_watched(rel: &Path) -> bool {
    let mut parts = rel.iter().map(|p| p.to_string_lossy());
    let Some(first) = parts.next() else {
        return false;
    };
    let top = first == "site.toml" && rel.iter().count() == 1
        || WATCHED_FOLDERS.contains(&first.as_ref());
    top && rel.iter().all(|part| {
        let part = part.to_string_lossy();
        !(part.starts_with('.') || part.starts_with('#') || part.ends_with('~') || part == "4913")
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn watches_only_what_a_build_reads() {
        assert!(is_watched(Path::new("site.toml")));
        assert!(is_watched(Path::new("content/articles/a.md")));
        assert!(is_watched(Path::new("static/logo.png")));
        assert!(is_watched(Path::new("themes/t/templates/base.html")));
        assert!(is_watched(Path::new("content")));
        assert!(!is_watched(Path::new("public/index.html")));
        assert!(!is_watched(Path::new(".git/index")));
        assert!(!is_watched(Path::new("content/articles/.a.md.swp")));
        assert!(!is_watched(Path::new("content/articles/a.md~")));
        assert!(!is_watched(Path::new("content/articles/4913")));
        assert!(!is_watched(Path::new("site.toml/x")));
    }
}
