//! One build at a time per output folder: an advisory lock, so that two
//! builds started together (two terminals, an editor's save hook and a CI
//! job) take turns instead of pruning and swapping each other's staging
//! folder.
//!
//! The lock is `flock(2)` on the folder that holds the output (and its
//! staging folder), not on a file of its own: the output and staging
//! folders trade places on every build, so a lock taken on either would
//! move with them, and a lock file would be one more thing written outside
//! the output. The system drops the lock when its process ends, however it
//! ends, so a killed build never leaves one behind. Builds into sibling
//! folders of one parent take turns too; that costs a wait, never a site.
//!
//! Inside one process the lock is shared: `dossier build` takes it before
//! loading the dossier, and the staging folder it then opens reuses it
//! instead of waiting on itself. This module only waits and holds; it never
//! reads or writes the folders it guards.

use std::fs::File;
use std::io;
use std::path::{Path, PathBuf};
use std::sync::{Arc, Mutex, Weak};
use std::time::{Duration, Instant};

/// How long a build waits for another one before giving up, unless told
/// otherwise (see [`patience`]).
pub const PATIENCE: Duration = Duration::from_secs(600);

/// The environment variable that sets [`patience`] in seconds.
pub const PATIENCE_VAR: &str = "DOSSIER_LOCK_TIMEOUT";

/// How often a waiting build tries the lock again.
const RETRY: Duration = Duration::from_millis(50);

/// The lock on the folder that holds an output, held until dropped.
#[derive(Debug, Clone)]
pub struct Lock {
    _held: Arc<Held>,
}

#[derive(Debug)]
struct Held {
    _file: File,
}

/// The locks this process holds, by folder.
static HELD: Mutex<Vec<(PathBuf, Weak<Held>)>> = Mutex::new(Vec::new());

/// How long to wait for another build: `DOSSIER_LOCK_TIMEOUT` seconds when
/// set to a number, else [`PATIENCE`].
pub fn patience() -> Duration {
    std::env::var(PATIENCE_VAR)
        .ok()
        .and_then(|v| v.trim().parse::<f64>().ok())
        .filter(|s| s.is_finite() && *s >= 0.0)
        .map_or(PATIENCE, Duration::from_secs_f64)
}

impl Lock {
    /// Takes the lock for the output folder `output` (absolute), waiting up
    /// to `patience` for another build to finish. `waiting` is called once,
    /// when the lock is found taken, so the caller can say why nothing
    /// happens. The folder that holds `output` is created if missing.
    pub fn acquire(
        output: &Path,
        patience: Duration,
        waiting: &mut dyn FnMut(),
    ) -> io::Result<Lock> {
        let folder = output.parent().unwrap_or(Path::new("/")).to_path_buf();
        if let Some(lock) = held_here(&folder) {
            return Ok(Lock { _held: lock });
        }
        std::fs::create_dir_all(&folder)?;
        let file = File::open(&folder)?;
        let start = Instant::now();
        let mut told = false;
        while !try_lock(&file)? {
            if !told {
                waiting();
                told = true;
            }
            if start.elapsed() >= patience {
                return Err(io::Error::new(
                    io::ErrorKind::WouldBlock,
                    format!(
                        "another build of {} has been running for more than {} s",
                        output.display(),
                        patience.as_secs()
                    ),
                ));
            }
            std::thread::sleep(RETRY);
        }
        let lock = Arc::new(Held { _file: file });
        let mut held = HELD.lock().unwrap_or_else(|e| e.into_inner());
        held.retain(|(_, lock)| lock.strong_count() > 0);
        held.push((folder, Arc::downgrade(&lock)));
        Ok(Lock { _held: lock })
    }
}

/// The lock on `folder` if this process holds it already.
fn held_here(folder: &Path) -> Option<Arc<Held>> {
    let held = HELD.lock().unwrap_or_else(|e| e.into_inner());
    held.iter()
        .find(|(f, _)| f == folder)
        .and_then(|(_, lock)| lock.upgrade())
}

/// Tries to take the lock on `file` without waiting.
#[cfg(unix)]
fn try_lock(file: &File) -> io::Result<bool> {
    use rustix::fs::{flock, FlockOperation};
    match flock(file, FlockOperation::NonBlockingLockExclusive) {
        Ok(()) => Ok(true),
        Err(rustix::io::Errno::WOULDBLOCK) => Ok(false),
        Err(rustix::io::Errno::INTR) => Ok(false),
        Err(e) => Err(e.into()),
    }
}

/// Elsewhere builds are not locked.
#[cfg(not(unix))]
fn try_lock(_file: &File) -> io::Result<bool> {
    Ok(true)
}

#[cfg(all(test, unix))]
mod tests {
    use super::*;

    #[test]
    fn a_taken_lock_is_waited_for_then_given_up_with_a_clear_error() {
        let tmp = tempfile::tempdir().unwrap();
        let output = tmp.path().join("public");
        // Another process's lock: a second open file description.
        let other = File::open(tmp.path()).unwrap();
        assert!(try_lock(&other).unwrap());
        let mut waited = 0;
        let err =
            Lock::acquire(&output, Duration::from_millis(200), &mut || waited += 1).unwrap_err();
        assert_eq!(waited, 1, "the wait is announced once");
        assert!(
            err.to_string().contains("another build of") && err.to_string().contains("public"),
            "{err}"
        );
        drop(other);
        let lock = Lock::acquire(&output, Duration::ZERO, &mut || panic!("free")).unwrap();
        // The same process takes it again without waiting on itself...
        let again = Lock::acquire(&output, Duration::ZERO, &mut || panic!("reentrant")).unwrap();
        // ...and another one cannot while either is held.
        let third = File::open(tmp.path()).unwrap();
        assert!(!try_lock(&third).unwrap());
        drop(lock);
        assert!(!try_lock(&third).unwrap());
        drop(again);
        assert!(try_lock(&third).unwrap());
    }
}
