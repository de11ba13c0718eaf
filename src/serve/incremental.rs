//! Writing an incremental rebuild straight into the served folder.
//!
//! A full build swaps in a whole new folder; an edit that changed one
//! article's body reaches a few dozen pages, and writing those few in place
//! is what keeps the reload fast on a large dossier. Each file is written
//! to a temporary name beside it and renamed over the old one, so a request
//! reads either the old page or the new one, never half of one; a file
//! whose bytes did not change is not touched. Paths, folders and files go
//! through [`crate::output::safety`], as the staging folder's do: nothing is
//! written outside the folder, nor through a symbolic link.

use std::io;
use std::path::{Path, PathBuf};
use std::sync::atomic::{AtomicUsize, Ordering};

use crate::output::safety::{create_file, explain, inside, same_bytes, Folders};
use crate::output::Sink;

/// The served folder, written in place.
pub struct InPlace {
    dir: PathBuf,
    /// Files whose bytes changed.
    pub changed: AtomicUsize,
    folders: Folders,
}

impl InPlace {
    pub fn new(dir: &Path) -> InPlace {
        InPlace {
            dir: dir.to_path_buf(),
            changed: AtomicUsize::new(0),
            folders: Folders::default(),
        }
    }
}

impl Sink for InPlace {
    fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = inside(&self.dir, rel)?;
        if same_bytes(&path, bytes) {
            return Ok(());
        }
        if let Some(folder) = Path::new(rel).parent() {
            self.folders.make(&self.dir, folder)?;
        }
        let parent = path.parent().unwrap_or(&self.dir);
        let name = path
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_default();
        // Hidden, so a request can never be served the half-written file.
        let temporary = parent.join(format!(".{name}.dossier-new"));
        let mut file = create_file(&temporary).map_err(|e| explain(e, &temporary))?;
        std::io::Write::write_all(&mut file, bytes).map_err(|e| explain(e, &temporary))?;
        drop(file);
        // A rename replaces a link at `path` itself; it never follows it.
        std::fs::rename(&temporary, &path)?;
        self.changed.fetch_add(1, Ordering::Relaxed);
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn writes_only_changed_files_and_only_inside() {
        let tmp = tempfile::tempdir().unwrap();
        let sink = InPlace::new(tmp.path());
        sink.write("a/index.html", b"one").unwrap();
        sink.write("a/index.html", b"one").unwrap();
        sink.write("a/index.html", b"two").unwrap();
        assert_eq!(sink.changed.load(Ordering::Relaxed), 2);
        assert_eq!(
            std::fs::read(tmp.path().join("a/index.html")).unwrap(),
            b"two"
        );
        assert!(sink.write("../x", b"no").is_err());
        assert!(sink.write("/etc/x", b"no").is_err());
        let names: Vec<_> = std::fs::read_dir(tmp.path().join("a")).unwrap().collect();
        assert_eq!(names.len(), 1, "no temporary file is left behind");
    }
}
