//! The staging folder: the double buffer a build writes the next site
//! into, and its swap into the output (SPEC §7).
//!
//! A build writes into a staging folder beside the output
//! (`.public.dossier-staging` for `public/`) and only when every page was
//! written is it swapped in (see [`super::swap`]). The staging folder then
//! holds the previous site and is reused, overwritten in place, by the next
//! build. A failed or killed build therefore never touches the previous
//! site. Every path, folder and file goes through [`super::safety`], so
//! nothing is written outside the buffer or through a symbolic link; the
//! buffer is locked for the length of a build ([`super::lock`]).
//!
//! It never renders anything and never decides what a file holds.

use std::borrow::Cow;
use std::io::{self, Write};
use std::path::{Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxHashSet;

use super::lock::{self, Lock};
use super::manifest::{fingerprint, Manifest, MANIFEST_OUTPUT, MANIFEST_SELF};
use super::pieces::Pieces;
use super::safety::{
    create_file, explain, inside, open_file, output_path, same_bytes, write_file, Folders, MARKER,
    MARKER_TEXT,
};
use super::swap::swap;
use crate::diagnostics::Diagnostic;

/// A folder being filled with the next version of the site.
///
/// The staging folder is a double buffer: after a successful build it is
/// swapped with the output and so holds the previous site, which the next
/// build overwrites in place. Rewriting an existing file reuses its inode and
/// folder, which on ext4 and most file systems costs far less than deleting
/// a whole site and creating it again; files the new build did not write are
/// pruned before the swap. The cost is a second copy of the site on disk,
/// in the hidden folder beside the output.
#[derive(Debug)]
pub struct Staging {
    dir: PathBuf,
    target: PathBuf,
    /// Every file written in this build, relative to `dir`, `/`-separated.
    written: Mutex<FxHashSet<String>>,
    /// What the buffer held when the build began, from its manifest (see
    /// [`Manifest`]); `None` when there was none to trust.
    known: Option<Manifest>,
    /// The manifest of the output as the build began, unparsed: after the
    /// swap it describes the buffer.
    output_manifest: Option<String>,
    /// The manifest of what this build wrote.
    fresh: Mutex<Manifest>,
    /// What the buffer held as the build began, listed in the background
    /// while the build renders (see [`Staging::prune`]).
    listing: Mutex<Option<std::thread::JoinHandle<io::Result<Listing>>>>,
    /// Whether the buffer was made empty for this build: then there is no
    /// old file to compare with or to keep, and none is looked for.
    empty: bool,
    /// The buffer's folders made safe to write into (no link among them).
    folders: Folders,
    /// Held until the staging folder is dropped: no other build of this
    /// output runs meanwhile.
    _lock: Lock,
}

/// The files and folders of a folder tree, relative to its root.
#[derive(Default)]
struct Listing {
    files: Vec<PathBuf>,
    dirs: Vec<PathBuf>,
}

impl Listing {
    /// Lists the tree under `root`, reading folders in parallel on more
    /// threads than cores: once the machine has dropped a large site from
    /// its cache, this waits on the disk, one folder at a time.
    fn of(root: &Path) -> io::Result<Listing> {
        let listing = Mutex::new(Listing::default());
        crate::on_io_pool(|| Listing::walk(root, Path::new(""), &listing))?;
        listing
            .into_inner()
            .map_err(|_| io::Error::other("poisoned"))
    }

    fn walk(root: &Path, rel: &Path, listing: &Mutex<Listing>) -> io::Result<()> {
        use rayon::prelude::*;
        let entries = std::fs::read_dir(root.join(rel))?.collect::<io::Result<Vec<_>>>()?;
        entries.par_iter().try_for_each(|entry| {
            let child = rel.join(entry.file_name());
            if entry.file_type()?.is_dir() {
                Listing::walk(root, &child, listing)?;
                if let Ok(mut l) = listing.lock() {
                    l.dirs.push(child);
                }
            } else if let Ok(mut l) = listing.lock() {
                l.files.push(child);
            }
            Ok(())
        })
    }
}

impl Staging {
    /// Opens the staging folder beside `target`, creating it if needed. An
    /// existing one is reused only if it carries the marker.
    ///
    /// Another build of the same output is waited for (see [`super::lock`]);
    /// one still running after [`lock::patience`] is an error.
    pub fn create(target: &Path) -> io::Result<Staging> {
        let target = output_path(target);
        let lock = Lock::acquire(&target, lock::patience(), &mut || {})?;
        let name = target
            .file_name()
            .map(|n| n.to_string_lossy().into_owned())
            .unwrap_or_else(|| "public".into());
        let parent = target.parent().unwrap_or(Path::new("/")).to_path_buf();
        let dir = parent.join(format!(".{name}.dossier-staging"));
        let mut empty = false;
        match std::fs::symlink_metadata(&dir) {
            Ok(meta) if meta.is_dir() && dir.join(MARKER).is_file() => {}
            // An empty folder that was swapped out of the output holds nothing to lose.
            Ok(meta) if meta.is_dir() && std::fs::read_dir(&dir)?.next().is_none() => {
                write_file(&dir.join(MARKER), MARKER_TEXT).map_err(|e| explain(e, &dir))?;
                empty = true;
            }
            Ok(_) => {
                return Err(io::Error::other(format!(
                    "{} exists and was not made by dossier; remove it by hand",
                    dir.display()
                )))
            }
            Err(_) => {
                std::fs::create_dir_all(&dir).map_err(|e| explain(e, &dir))?;
                write_file(&dir.join(MARKER), MARKER_TEXT).map_err(|e| explain(e, &dir))?;
                empty = true;
            }
        }
        let known = std::fs::read_to_string(dir.join(MANIFEST_SELF))
            .ok()
            .map(|text| Manifest::parse(&text));
        let output_manifest = std::fs::read_to_string(dir.join(MANIFEST_OUTPUT)).ok();
        // What the buffer holds is listed now, in the background, so that
        // the wait on the disk overlaps the build's own work instead of
        // adding to it at the end.
        let listing = {
            let root = dir.clone();
            std::thread::Builder::new()
                .name("dossier-list".into())
                .spawn(move || Listing::of(&root))
                .ok()
        };
        Ok(Staging {
            listing: Mutex::new(listing),
            dir,
            target,
            written: Mutex::new(FxHashSet::default()),
            known,
            output_manifest,
            fresh: Mutex::new(Manifest::default()),
            empty,
            folders: Folders::default(),
            _lock: lock,
        })
    }

    pub fn dir(&self) -> &Path {
        &self.dir
    }

    /// Writes `bytes` at `rel` (a `/`-separated path) inside the staging folder.
    ///
    /// A file the buffer already holds with exactly these bytes (left by
    /// the build before last) is kept as it is: rewriting it would cost a
    /// truncate and a write for nothing, and keeping it keeps its time
    /// stamp, so a deploy that syncs by time and size uploads only what
    /// changed.
    ///
    /// Whether the bytes are the same is told by the buffer's manifest when
    /// it has one (a fingerprint of each file and the file's size, inode
    /// and time stamps as dossier left it): no old file is read, which
    /// matters once the site is larger than what the machine keeps cached.
    /// Without a manifest the old file is read and compared.
    pub fn write(&self, rel: &str, bytes: &[u8]) -> io::Result<()> {
        let path = self.prepare(rel)?;
        let print = fingerprint(bytes);
        let kept = match &self.known {
            _ if self.empty => None,
            Some(known) => known.unchanged(rel, print, &path),
            None => same_bytes(&path, bytes)
                .then(|| std::fs::symlink_metadata(&path).ok())
                .flatten(),
        };
        let meta = match kept {
            Some(meta) => Some(meta),
            None => {
                // The stamp is read from the open file: no second lookup
                // of its path.
                let mut file = create_file(&path).map_err(|e| explain(e, &path))?;
                file.write_all(bytes).map_err(|e| explain(e, &path))?;
                file.metadata().ok()
            }
        };
        if let (Some(meta), Ok(mut fresh)) = (meta, self.fresh.lock()) {
            fresh.add(rel, print, &meta);
        }
        self.record(rel);
        Ok(())
    }

    /// Writes the file `rel` through a buffered writer that `fill` writes
    /// into, for files too large to hold in memory whole (`/print/`,
    /// `/dossier.json`).
    ///
    /// Like [`Staging::write`], it keeps what the buffer already holds,
    /// piece by piece: the new bytes are cut into pieces of [`PIECE`]
    /// bytes and a piece is written only where it differs from the old
    /// file. Whether it differs is told by the buffer's manifest, which
    /// holds a fingerprint of each piece of such a file, when the file's
    /// stamp shows it untouched since; otherwise the old piece is read and
    /// compared. An unchanged file is neither written nor read, which at
    /// 100,000 articles spares reading back about a gigabyte per build.
    pub fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn Write) -> io::Result<()>,
    ) -> io::Result<()> {
        let path = self.prepare(rel)?;
        let file = match std::fs::symlink_metadata(&path) {
            Ok(meta) if meta.is_file() => open_file(&path),
            _ => create_file(&path),
        }
        .map_err(|e| explain(e, &path))?;
        let trusted = self
            .known
            .as_ref()
            .and_then(|known| known.pieces_if_unchanged(rel, &path));
        let mut out = Pieces::new(file, trusted)?;
        fill(&mut out).map_err(|e| explain(e, &path))?;
        let (prints, meta) = out.finish().map_err(|e| explain(e, &path))?;
        if let Ok(mut fresh) = self.fresh.lock() {
            fresh.add_pieces(rel, prints, &meta);
        }
        self.record(rel);
        Ok(())
    }

    /// The path of `rel` in the buffer, its folder created.
    ///
    /// In a buffer made empty for this build every page's folder is new,
    /// so it is made straight away (one call, not a look first); only a
    /// folder whose parent is missing too takes the longer way. In a
    /// reused buffer each folder is checked once per build, and a
    /// symbolic link in the way is replaced (see [`Folders`]).
    ///
    /// A folder that cannot be made is an error here, with the reason:
    /// on a full disk the page's own write would otherwise report only
    /// that its folder is missing.
    fn prepare(&self, rel: &str) -> io::Result<PathBuf> {
        let path = inside(&self.dir, rel)?;
        let Some(parent) = Path::new(rel).parent() else {
            return Ok(path);
        };
        if parent.as_os_str().is_empty() {
            return Ok(path);
        }
        if self.empty {
            let folder = self.dir.join(parent);
            match std::fs::create_dir(&folder) {
                Ok(()) => {
                    self.folders.made(parent);
                    return Ok(path);
                }
                // Made by another page of this build.
                Err(e) if e.kind() == io::ErrorKind::AlreadyExists => {}
                Err(e) if e.kind() == io::ErrorKind::NotFound => {}
                Err(e) => return Err(explain(e, &folder)),
            }
        }
        self.folders.make(&self.dir, parent)?;
        Ok(path)
    }

    fn record(&self, rel: &str) {
        if let Ok(mut written) = self.written.lock() {
            written.insert(rel.to_string());
        }
    }

    /// Copies the files of `from` into the staging folder at `rel`: those
    /// [`files_to_copy`] lists. Returns its warnings.
    pub fn copy_tree(
        &self,
        from: &Path,
        rel: &str,
        shown_as: &Path,
    ) -> io::Result<Vec<Diagnostic>> {
        let FilesToCopy { files, skipped } = files_to_copy(from, shown_as)?;
        for (path, inner) in files {
            let target = if rel.is_empty() {
                inner
            } else {
                format!("{rel}/{inner}")
            };
            let dest = self.prepare(&target)?;
            let mut source = std::fs::File::open(&path)?;
            let mut file = create_file(&dest).map_err(|e| explain(e, &dest))?;
            io::copy(&mut source, &mut file).map_err(|e| explain(e, &dest))?;
            if let Ok(meta) = source.metadata() {
                let _ = file.set_permissions(meta.permissions());
            }
            self.record(&target);
        }
        Ok(skipped)
    }

    /// Removes what an earlier build left in the buffer and this one did not
    /// write, so the folder holds exactly the new site.
    ///
    /// What the buffer held was listed when the build began (see
    /// [`Staging::create`]); whatever this build did not write is stale,
    /// and everything created since was written by this build. Without
    /// that listing (it failed, or no thread could be started) the buffer
    /// is listed now.
    fn prune(&self) -> io::Result<()> {
        use rayon::prelude::*;
        let handle = self
            .listing
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?
            .take();
        let listing = match handle.map(|h| h.join()) {
            Some(Ok(Ok(listing))) => listing,
            _ => Listing::of(&self.dir)?,
        };
        let written = self
            .written
            .lock()
            .map_err(|_| io::Error::other("poisoned"))?;
        crate::on_io_pool(|| {
            listing.files.par_iter().try_for_each(|rel| {
                let known = key(rel).is_some_and(|k| k == MARKER || written.contains(k.as_ref()));
                if known {
                    return Ok(());
                }
                let path = self.dir.join(rel);
                match std::fs::remove_file(&path) {
                    // A link listed as a file was replaced by a folder
                    // this build wrote into (see `Folders`).
                    Err(e) if e.kind() != io::ErrorKind::NotFound && !path.is_dir() => Err(e),
                    _ => Ok(()),
                }
            })
        })?;
        // Folders holding a written file stay; only the others are tried
        // for removal, which spares a failing rmdir per page folder.
        let kept: FxHashSet<&str> = written
            .iter()
            .flat_map(|rel| rel.match_indices('/').map(|(at, _)| &rel[..at]))
            .collect();
        let mut stale_dirs: Vec<&PathBuf> = listing
            .dirs
            .iter()
            .filter(|d| key(d).is_none_or(|k| !kept.contains(k.as_ref())))
            .collect();
        // Deepest first, so a folder is empty by the time its turn comes.
        stale_dirs.sort_by_key(|p| std::cmp::Reverse(p.components().count()));
        for dir in stale_dirs {
            // Fails, harmlessly, for a folder that still has files.
            let _ = std::fs::remove_dir(self.dir.join(dir));
        }
        Ok(())
    }

    /// Swaps the staging folder in for the target. The staging folder then
    /// holds the previous site, the buffer the next build writes into.
    pub fn commit(self) -> io::Result<()> {
        self.prune()?;
        let fresh = self.fresh.lock().map(|m| m.to_text()).unwrap_or_default();
        if std::fs::symlink_metadata(&self.target).is_ok() {
            swap(&self.dir, &self.target)?;
            // An output that was empty had no marker; the buffer it now
            // is gets one, as a new buffer does.
            if !self.dir.join(MARKER).is_file() {
                write_file(&self.dir.join(MARKER), MARKER_TEXT)?;
            }
        } else {
            std::fs::rename(&self.dir, &self.target)?;
            // Start the next buffer, so it can carry this build's manifest.
            std::fs::create_dir_all(&self.dir)?;
            write_file(&self.dir.join(MARKER), MARKER_TEXT)?;
        }
        // The buffer now holds the previous output. Both manifests live in
        // the buffer only, never in the published folder; writing them is
        // best effort, since a missing one only means reading files back.
        if let Some(text) = &self.output_manifest {
            let _ = write_file(&self.dir.join(MANIFEST_SELF), text.as_bytes());
        }
        let _ = write_file(&self.dir.join(MANIFEST_OUTPUT), fresh.as_bytes());
        Ok(())
    }
}

/// `rel`, a path relative to the buffer as a listing gives it, in the
/// `/`-separated form files are written under; `None` if it is not
/// UTF-8, which no file dossier writes is.
fn key(rel: &Path) -> Option<Cow<'_, str>> {
    let text = rel.to_str()?;
    Some(if std::path::MAIN_SEPARATOR == '/' {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(text.replace(std::path::MAIN_SEPARATOR, "/"))
    })
}

/// What a copy of a folder takes: `build` copies these files, `check` only
/// looks at them.
pub struct FilesToCopy {
    /// Each file's path and its `/`-separated path inside the folder, in
    /// a sorted walk.
    pub files: Vec<(PathBuf, String)>,
    /// A warning for each symbolic link left out.
    pub skipped: Vec<Diagnostic>,
}

/// The files of the folder `from` to copy, skipping hidden files. A
/// symbolic link that leads out of `from`, or nowhere, or round in a loop,
/// is not followed: it is skipped with a warning that names it as
/// `shown_as` joined with its path inside `from`.
pub fn files_to_copy(from: &Path, shown_as: &Path) -> io::Result<FilesToCopy> {
    let mut skipped = Vec::new();
    let mut files = Vec::new();
    if !from.is_dir() {
        return Ok(FilesToCopy { files, skipped });
    }
    let base = from.canonicalize()?;
    let shown = |path: &Path| shown_as.join(path.strip_prefix(from).unwrap_or(path));
    let mut skip = |path: &Path, why: &str| {
        skipped.push(
            Diagnostic::warning(format!("symbolic link {why}; it is not copied"))
                .in_file(shown(path))
                .hint("copy the file into the folder instead of linking to it, or remove the link"),
        );
    };
    for entry in walkdir::WalkDir::new(from)
        .follow_links(true)
        .sort_by_file_name()
        .into_iter()
        .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
    {
        let entry = match entry {
            Ok(entry) => entry,
            Err(err) => {
                let link = err.path().filter(|p| {
                    std::fs::symlink_metadata(p).is_ok_and(|m| m.file_type().is_symlink())
                });
                match link {
                    Some(path) if err.loop_ancestor().is_some() => {
                        skip(path, "points back to a folder that contains it")
                    }
                    Some(path) => skip(path, "points nowhere"),
                    None => return Err(io::Error::other(err)),
                }
                continue;
            }
        };
        if entry.path_is_symlink() {
            let escapes = entry
                .path()
                .canonicalize()
                .map_or(true, |target| !target.starts_with(&base));
            if escapes {
                skip(entry.path(), "leads out of its folder");
                continue;
            }
        }
        if !entry.file_type().is_file() {
            continue;
        }
        let inner = entry.path().strip_prefix(from).unwrap_or(entry.path());
        let inner = inner.to_string_lossy().replace('\\', "/");
        files.push((entry.path().to_path_buf(), inner));
    }
    Ok(FilesToCopy { files, skipped })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn staging_swaps_in_whole() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let s = Staging::create(&out).unwrap();
        s.write("a/index.html", b"one").unwrap();
        s.commit().unwrap();
        let s = Staging::create(&out).unwrap();
        s.write("b/index.html", b"two").unwrap();
        assert!(s.write("../escape", b"x").is_err());
        s.commit().unwrap();
        assert!(!out.join("a").exists());
        assert_eq!(std::fs::read(out.join("b/index.html")).unwrap(), b"two");
        assert!(out.join(MARKER).is_file());
        let s = Staging::create(&out).unwrap();
        s.write("c/index.html", b"three").unwrap();
        s.commit().unwrap();
        let files: Vec<_> = walkdir::WalkDir::new(&out)
            .into_iter()
            .flatten()
            .filter(|e| e.file_type().is_file())
            .collect();
        assert_eq!(
            files.len(),
            2,
            "the reused buffer is pruned to what was written: {files:?}"
        );
        assert!(!out.join("b").exists() && !out.join("a").exists());
    }

    #[test]
    fn unchanged_files_are_kept_and_changed_ones_rewritten() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        // Two builds fill both buffers; the third writes into the first.
        for _ in 0..2 {
            let s = Staging::create(&out).unwrap();
            s.write("same.html", b"same").unwrap();
            s.write("changed.html", b"old").unwrap();
            s.commit().unwrap();
        }
        let stamp = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
        let s = Staging::create(&out).unwrap();
        let before = stamp(&s.dir().join("same.html"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        s.write("same.html", b"same").unwrap();
        s.write("changed.html", b"new!").unwrap();
        s.write_with("big.json", &mut |w| w.write_all(b"{}\n"))
            .unwrap();
        assert_eq!(stamp(&s.dir().join("same.html")), before);
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("same.html")).unwrap(), b"same");
        assert_eq!(std::fs::read(out.join("changed.html")).unwrap(), b"new!");
        assert_eq!(std::fs::read(out.join("big.json")).unwrap(), b"{}\n");
    }

    #[test]
    fn a_manifest_with_the_groups_of_older_builds_still_loads_its_files() {
        let print = 0xabcu128;
        let text = format!(
            "1 2 3 4 5 6 {print:032x} index.html\n\
             @ {print:032x} search pagefind\n\
             @@ pagefind/a\n\
             @@ pagefind/b\n\
             % 1 {print:032x} dossier.json\n\
             @ zz search pagefind/shard-2\n\
             @@ pagefind/shard-2/a\n\
             7 8 9 10 11 12 {print:032x} dossier.json\n\
             @\n\
             @@\n"
        );
        let m = Manifest::parse(&text);
        assert_eq!(m.files.len(), 2, "{:?}", m.files);
        assert_eq!(m.files["index.html"].0, print);
        assert_eq!(m.files["dossier.json"].1.ino, 8);
        assert_eq!(m.pieces["dossier.json"], vec![print]);
        assert!(!m.files.keys().any(|rel| rel.contains("pagefind")));
        assert!(!m.to_text().contains('@'), "{}", m.to_text());

        // A buffer whose manifest has such lines still keeps its unchanged
        // files, and the next manifest is written without them.
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        for _ in 0..2 {
            let s = Staging::create(&out).unwrap();
            s.write("same.html", b"same").unwrap();
            s.commit().unwrap();
        }
        let buffer = tmp.path().join(".public.dossier-staging");
        let mut old = std::fs::read_to_string(buffer.join(MANIFEST_SELF)).unwrap();
        old.push_str(&format!("@ {print:032x} search pagefind\n@@ pagefind/a\n"));
        std::fs::write(buffer.join(MANIFEST_SELF), old).unwrap();
        let stamp = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
        let s = Staging::create(&out).unwrap();
        let before = stamp(&s.dir().join("same.html"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        s.write("same.html", b"same").unwrap();
        assert_eq!(
            stamp(&s.dir().join("same.html")),
            before,
            "kept, not rewritten"
        );
        s.commit().unwrap();
        assert_eq!(std::fs::read(out.join("same.html")).unwrap(), b"same");
        let written = std::fs::read_to_string(buffer.join(MANIFEST_OUTPUT)).unwrap();
        assert!(
            written.contains("same.html") && !written.contains('@'),
            "{written}"
        );
    }

    #[test]
    fn the_manifest_spots_files_touched_since_and_never_reaches_the_output() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let build = |files: &[(&str, &[u8])]| {
            let s = Staging::create(&out).unwrap();
            for (rel, bytes) in files {
                s.write(rel, bytes).unwrap();
            }
            s.commit().unwrap();
        };
        let files: &[(&str, &[u8])] = &[("x.html", b"aaaa"), ("d/y.html", b"yyyy")];
        build(files);
        build(files);
        // The buffer now holds the first build's files and knows them.
        let buffer = tmp.path().join(".public.dossier-staging");
        assert!(buffer.join(MANIFEST_SELF).is_file());
        assert!(!out.join(MANIFEST_SELF).exists() && !out.join(MANIFEST_OUTPUT).exists());
        assert!(out.join(MARKER).is_file() && buffer.join(MARKER).is_file());
        // Something rewrites a file of the buffer with as many bytes, as
        // `serve` does to the output between builds.
        std::fs::write(buffer.join("x.html"), b"bbbb").unwrap();
        let stamp = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
        let y_before = stamp(&buffer.join("d/y.html"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        build(files);
        assert_eq!(std::fs::read(out.join("x.html")).unwrap(), b"aaaa");
        assert_eq!(std::fs::read(out.join("d/y.html")).unwrap(), b"yyyy");
        assert_eq!(
            stamp(&out.join("d/y.html")),
            y_before,
            "an unchanged file is kept"
        );
        assert!(!out.join(MANIFEST_SELF).exists() && !out.join(MANIFEST_OUTPUT).exists());
        // A manifest that is garbage is ignored, not trusted.
        std::fs::write(buffer.join(MANIFEST_SELF), "not a manifest\n1 2 3\n").unwrap();
        build(&[("x.html", b"cccc")]);
        assert_eq!(std::fs::read(out.join("x.html")).unwrap(), b"cccc");
        assert!(!out.join("d").exists(), "files no build wrote are pruned");
    }

    #[test]
    fn streamed_files_keep_what_is_unchanged_and_take_any_new_length() {
        let tmp = tempfile::tempdir().unwrap();
        let out = tmp.path().join("public");
        let big: Vec<u8> = (0..200_000u32).flat_map(|i| i.to_le_bytes()).collect();
        let stream = |s: &Staging, bytes: &[u8]| {
            // Uneven pieces, as a serializer writes them.
            s.write_with("f.json", &mut |w| {
                for piece in bytes.chunks(7_001) {
                    w.write_all(piece)?;
                }
                Ok(())
            })
            .unwrap();
        };
        let stamp = |p: &Path| std::fs::metadata(p).unwrap().modified().unwrap();
        // Builds alternate buffers: write each version twice, so the second
        // write of a version lands on a file holding the version before.
        let mut changed_middle = big.clone();
        changed_middle[400_000] ^= 1;
        let shorter = big[..300_000].to_vec();
        let mut longer = big.clone();
        longer.extend_from_slice(b"tail");
        for version in [
            &big,
            &big,
            &changed_middle,
            &shorter,
            &longer,
            &Vec::new(),
            &big,
        ] {
            let s = Staging::create(&out).unwrap();
            stream(&s, version);
            assert_eq!(&std::fs::read(s.dir().join("f.json")).unwrap(), version);
            s.commit().unwrap();
            assert_eq!(&std::fs::read(out.join("f.json")).unwrap(), version);
        }
        // The same bytes again leave the file untouched.
        let s = Staging::create(&out).unwrap();
        stream(&s, &big);
        s.commit().unwrap();
        let s = Staging::create(&out).unwrap();
        let before = stamp(&s.dir().join("f.json"));
        std::thread::sleep(std::time::Duration::from_millis(20));
        stream(&s, &big);
        assert_eq!(stamp(&s.dir().join("f.json")), before);
        s.commit().unwrap();
        // The pieces' fingerprints in the manifest are not trusted once the
        // file was touched: a same-length edit by hand is written over.
        let s = Staging::create(&out).unwrap();
        let mut edited = std::fs::read(s.dir().join("f.json")).unwrap();
        edited[10] ^= 1;
        std::fs::write(s.dir().join("f.json"), &edited).unwrap();
        stream(&s, &big);
        assert_eq!(std::fs::read(s.dir().join("f.json")).unwrap(), big);
    }
}
