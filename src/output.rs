//! Writing the site: safety checks, the staging folder and the swap (SPEC §7).
//!
//! A build writes into a staging folder beside the output (`.public.dossier-staging`
//! for `public/`) and only when every page was written is it swapped in, with
//! one atomic `renameat2(RENAME_EXCHANGE)` on Linux. The staging folder then
//! holds the previous site and is reused, overwritten in place, by the next
//! build (see [`Staging`]). A failed or killed build
//! therefore never touches the previous site. The output folder carries a
//! marker file, [`MARKER`]; dossier replaces or deletes only folders that
//! carry it, and refuses the dossier root, its ancestors, `/`, the home
//! folder and anything holding `site.toml` or `content/`. Nothing is written
//! outside the output folder and its staging folder.

use std::borrow::Cow;
use std::ffi::OsString;
use std::fmt::Write as _;
use std::io::{self, Write};
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::{FxHashMap, FxHashSet};

use crate::diagnostics::Diagnostic;

/// The file that marks a folder as made by dossier.
pub const MARKER: &str = ".dossier-output";
const MARKER_TEXT: &[u8] = b"This folder was written by dossier and is replaced by every build.\n";

/// Makes `path` absolute and removes `.`/`..` without requiring it to exist,
/// resolving symbolic links in the part that does exist.
pub fn absolute(path: &Path) -> PathBuf {
    let joined = if path.is_absolute() {
        path.to_path_buf()
    } else {
        std::env::current_dir().unwrap_or_default().join(path)
    };
    // Lexically first, so `public/../..` means what it says even when
    // `public` does not exist yet.
    let mut lexical = PathBuf::new();
    for component in joined.components() {
        match component {
            Component::ParentDir => {
                lexical.pop();
            }
            Component::CurDir => {}
            other => lexical.push(other),
        }
    }
    let mut existing = lexical.clone();
    let mut rest: Vec<OsString> = Vec::new();
    while !existing.exists() {
        match (existing.file_name(), existing.parent()) {
            (Some(name), Some(parent)) => {
                rest.push(name.to_os_string());
                existing = parent.to_path_buf();
            }
            _ => break,
        }
    }
    let mut out = existing.canonicalize().unwrap_or(existing);
    for part in rest.into_iter().rev() {
        out.push(part);
    }
    out
}

/// Refuses output folders that a build must never replace.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let output = absolute(output);
    let refuse = |why: &str| {
        Err(Diagnostic::error(format!(
            "refusing to write the site to {}: {why}",
            output.display()
        ))
        .hint("choose an output folder of its own, e.g. `public` inside the dossier (set output_dir or pass --output)"))
    };
    if output.parent().is_none() {
        return refuse("it is the file-system root");
    }
    if let Some(home) = std::env::var_os("HOME").map(PathBuf::from) {
        if absolute(&home) == output {
            return refuse("it is your home folder");
        }
    }
    if output == root {
        return refuse("it is the dossier itself");
    }
    if root.starts_with(&output) {
        return refuse("it contains the dossier");
    }
    for source in ["content", "static", "templates", "themes"] {
        if output.starts_with(root.join(source)) {
            return refuse(&format!("it is inside the dossier's {source}/ folder"));
        }
    }
    if let Ok(meta) = std::fs::symlink_metadata(&output) {
        if meta.file_type().is_symlink() {
            return refuse("it is a symbolic link");
        }
        if !meta.is_dir() {
            return refuse("it is a file, not a folder");
        }
        if output.join("site.toml").exists() || output.join("content").exists() {
            return refuse("it holds a dossier (site.toml or content/)");
        }
        let empty = std::fs::read_dir(&output)
            .map(|mut d| d.next().is_none())
            .unwrap_or(false);
        if !empty && !output.join(MARKER).is_file() {
            return refuse("it is not empty and was not made by dossier");
        }
    }
    Ok(())
}

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
    pub fn create(target: &Path) -> io::Result<Staging> {
        let target = absolute(target);
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
                std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
                empty = true;
            }
            Ok(_) => {
                return Err(io::Error::other(format!(
                    "{} exists and was not made by dossier; remove it by hand",
                    dir.display()
                )))
            }
            Err(_) => {
                std::fs::create_dir_all(&dir)?;
                std::fs::write(dir.join(MARKER), MARKER_TEXT)?;
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
                let mut file = std::fs::File::create(&path)?;
                file.write_all(bytes)?;
                file.metadata().ok()
            }
        };
        if let (Some(meta), Ok(mut fresh)) = (meta, self.fresh.lock()) {
            fresh.add(rel, print, &meta);
        }
        self.record(rel);
        Ok(())
    }

    /// The fingerprint of the bytes this build wrote at `rel` through
    /// [`Staging::write`], if known.
    pub fn fingerprint_of(&self, rel: &str) -> Option<u128> {
        self.fresh
            .lock()
            .ok()?
            .files
            .get(rel)
            .map(|(print, _)| *print)
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
            Ok(meta) if meta.is_file() => std::fs::OpenOptions::new()
                .read(true)
                .write(true)
                .open(&path)?,
            _ => std::fs::File::create(&path)?,
        };
        let trusted = self
            .known
            .as_ref()
            .and_then(|known| known.pieces_if_unchanged(rel, &path));
        let mut out = Pieces::new(file, trusted)?;
        fill(&mut out)?;
        let (prints, meta) = out.finish()?;
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
    /// folder whose parent is missing too takes the longer way.
    fn prepare(&self, rel: &str) -> io::Result<PathBuf> {
        let path = self.path_of(rel)?;
        let Some(parent) = path.parent() else {
            return Ok(path);
        };
        if self.empty {
            match std::fs::create_dir(parent) {
                Err(e) if e.kind() == io::ErrorKind::NotFound => std::fs::create_dir_all(parent)?,
                // A file in its place is reported when the page is written.
                Ok(()) | Err(_) => {}
            }
        } else if !parent.is_dir() {
            std::fs::create_dir_all(parent)?;
        }
        Ok(path)
    }

    fn record(&self, rel: &str) {
        if let Ok(mut written) = self.written.lock() {
            written.insert(rel.to_string());
        }
    }

    /// Copies the files of `from` into the staging folder at `rel`, skipping
    /// hidden files and symbolic links that leave `from`.
    pub fn copy_tree(&self, from: &Path, rel: &str) -> io::Result<usize> {
        if !from.is_dir() {
            return Ok(0);
        }
        let base = from.canonicalize()?;
        let mut copied = 0;
        for entry in walkdir::WalkDir::new(from)
            .follow_links(true)
            .sort_by_file_name()
            .into_iter()
            .filter_entry(|e| e.depth() == 0 || !e.file_name().to_string_lossy().starts_with('.'))
        {
            let entry = entry.map_err(io::Error::other)?;
            if !entry.file_type().is_file() {
                continue;
            }
            if !entry.path().canonicalize()?.starts_with(&base) {
                continue;
            }
            let inner = entry.path().strip_prefix(from).unwrap_or(entry.path());
            let inner = inner.to_string_lossy().replace('\\', "/");
            let target = if rel.is_empty() {
                inner
            } else {
                format!("{rel}/{inner}")
            };
            let dest = self.path_of(&target)?;
            if let Some(parent) = dest.parent() {
                std::fs::create_dir_all(parent)?;
            }
            std::fs::copy(entry.path(), dest)?;
            self.record(&target);
            copied += 1;
        }
        Ok(copied)
    }

    fn path_of(&self, rel: &str) -> io::Result<PathBuf> {
        let rel_path = Path::new(rel);
        let safe = !rel.is_empty()
            && rel_path
                .components()
                .all(|c| matches!(c, Component::Normal(_)));
        if !safe {
            return Err(io::Error::other(format!(
                "refusing to write outside the output: {rel}"
            )));
        }
        Ok(self.dir.join(rel_path))
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
                match std::fs::remove_file(self.dir.join(rel)) {
                    Err(e) if e.kind() != io::ErrorKind::NotFound => Err(e),
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
        if self.target.exists() {
            swap(&self.dir, &self.target)?;
            // An output that was empty had no marker; the buffer it now
            // is gets one, as a new buffer does.
            if !self.dir.join(MARKER).is_file() {
                std::fs::write(self.dir.join(MARKER), MARKER_TEXT)?;
            }
        } else {
            std::fs::rename(&self.dir, &self.target)?;
            // Start the next buffer, so it can carry this build's manifest.
            std::fs::create_dir_all(&self.dir)?;
            std::fs::write(self.dir.join(MARKER), MARKER_TEXT)?;
        }
        // The buffer now holds the previous output. Both manifests live in
        // the buffer only, never in the published folder; writing them is
        // best effort, since a missing one only means reading files back.
        if let Some(text) = &self.output_manifest {
            let _ = std::fs::write(self.dir.join(MANIFEST_SELF), text);
        }
        let _ = std::fs::write(self.dir.join(MANIFEST_OUTPUT), fresh);
        Ok(())
    }

    /// Leaves the output as it was. The staging folder stays as a buffer
    /// for the next build, which prunes what this one wrote.
    pub fn abandon(self) {}
}

#[cfg(target_os = "linux")]
fn swap(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        Err(rustix::io::Errno::INVAL) | Err(rustix::io::Errno::NOSYS) => swap_by_rename(a, b),
        Err(e) => Err(e.into()),
    }
}

#[cfg(not(target_os = "linux"))]
fn swap(a: &Path, b: &Path) -> io::Result<()> {
    swap_by_rename(a, b)
}

/// Two renames: a crash between them leaves the old site in `<a>.old`.
fn swap_by_rename(a: &Path, b: &Path) -> io::Result<()> {
    let old = a.with_extension("old");
    let _ = std::fs::remove_dir_all(&old);
    std::fs::rename(b, &old)?;
    std::fs::rename(a, b)?;
    std::fs::rename(&old, a)
}

/// The buffer's manifest of its own files, kept in the buffer.
const MANIFEST_SELF: &str = ".dossier-manifest";
/// The buffer's copy of the output's manifest, which becomes the buffer's
/// own once the two are swapped.
const MANIFEST_OUTPUT: &str = ".dossier-manifest-output";

/// A 128-bit fingerprint of a file's bytes (XXH3-128). A manifest left
/// by a build that fingerprinted otherwise matches nothing, and its files
/// are written once more.
fn fingerprint(bytes: &[u8]) -> u128 {
    xxhash_rust::xxh3::xxh3_128(bytes)
}

/// A 128-bit fingerprint of a sequence of byte strings, each one
/// length-prefixed so that no two different sequences run together: the
/// one fingerprint of a file written piece by piece, from its pieces'.
fn fingerprint_all<'a>(parts: impl IntoIterator<Item = &'a [u8]>) -> u128 {
    let mut h = xxhash_rust::xxh3::Xxh3::new();
    for part in parts {
        h.update(&(part.len() as u64).to_le_bytes());
        h.update(part);
    }
    h.digest128()
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

/// How a file stood when dossier last wrote or kept it: its size, inode
/// and modification and change times, to nanoseconds. Any later write,
/// truncation, replacement or rename changes at least one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
struct Stamp {
    len: u64,
    ino: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    #[cfg(unix)]
    fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
        use std::os::unix::fs::MetadataExt;
        meta.is_file().then(|| Stamp {
            len: meta.len(),
            ino: meta.ino(),
            mtime: (meta.mtime(), meta.mtime_nsec()),
            ctime: (meta.ctime(), meta.ctime_nsec()),
        })
    }

    /// Elsewhere there is no change time to trust: no stamp, and every
    /// file is compared by reading it.
    #[cfg(not(unix))]
    fn of(_meta: &std::fs::Metadata) -> Option<Stamp> {
        None
    }
}

/// What files the buffer holds: for each, a fingerprint of its bytes and
/// its [`Stamp`] at the time. A file whose stamp still matches holds the
/// fingerprinted bytes, so a build can tell an unchanged page without
/// reading the old one. Anything that touched the file since (an edit by
/// hand, `serve` writing in place, a build killed halfway) changed its
/// stamp, and the file is written again. Pruning does not use it: files
/// the manifest does not know are still found by walking the buffer.
#[derive(Default, Debug)]
struct Manifest {
    files: FxHashMap<String, (u128, Stamp)>,
    /// For files written piece by piece, each piece's fingerprint.
    pieces: FxHashMap<String, Vec<u128>>,
}

/// One line of a manifest's text form.
enum Line {
    File(String, u128, Stamp),
    Pieces(String, Vec<u128>),
}

impl Manifest {
    /// Reads the text form; lines that do not parse are left out.
    fn parse(text: &str) -> Manifest {
        use rayon::prelude::*;
        // A line per file: 122,000 lines at 100,000 articles, read in
        // parallel before the first page can be compared.
        let lines: Vec<Line> = text.par_lines().filter_map(Manifest::parse_line).collect();
        let mut manifest = Manifest::default();
        manifest.files.reserve(lines.len());
        for line in lines {
            match line {
                Line::File(rel, print, stamp) => {
                    manifest.files.insert(rel, (print, stamp));
                }
                Line::Pieces(rel, prints) => {
                    manifest.pieces.insert(rel, prints);
                }
            }
        }
        manifest
    }

    fn parse_line(line: &str) -> Option<Line> {
        // Builds that kept the search index between builds wrote its
        // files as groups, `@ <key> <group>` followed by `@@ <file>`
        // lines. The index is now made whole by every build, so a
        // manifest left by such a build still counts for its files and
        // the groups are passed over.
        if line.starts_with('@') {
            return None;
        }
        if let Some(rest) = line.strip_prefix("% ") {
            // `% <n> <print>… <file>`
            let (n, rest) = rest.split_once(' ')?;
            let n: usize = n.parse().ok()?;
            // No room is made ahead for `n`: the text may be damaged.
            let mut prints = Vec::new();
            let mut rest = rest;
            for _ in 0..n {
                let (print, tail) = rest.split_once(' ')?;
                prints.push(u128::from_str_radix(print, 16).ok()?);
                rest = tail;
            }
            return Some(Line::Pieces(rest.to_string(), prints));
        }
        let mut f = line.splitn(8, ' ');
        let mut num = || f.next().and_then(|v| v.parse::<i64>().ok());
        let (len, ino, ms, mn, cs, cn) = (num()?, num()?, num()?, num()?, num()?, num()?);
        let print = f.next().and_then(|h| u128::from_str_radix(h, 16).ok())?;
        let rel = f.next()?;
        let stamp = Stamp {
            len: len as u64,
            ino: ino as u64,
            mtime: (ms, mn),
            ctime: (cs, cn),
        };
        Some(Line::File(rel.to_string(), print, stamp))
    }

    fn to_text(&self) -> String {
        use rayon::prelude::*;
        let mut files: Vec<(&String, &(u128, Stamp))> = self.files.iter().collect();
        files.par_sort_unstable_by_key(|(rel, _)| *rel);
        // Printed in parallel, a block of lines at a time (a line is about
        // 150 bytes); writing into a string cannot fail.
        let blocks: Vec<String> = files
            .par_chunks(1024)
            .map(|block| {
                let mut text = String::with_capacity(block.len() * 160);
                for (rel, (print, s)) in block {
                    let _ = writeln!(
                        text,
                        "{} {} {} {} {} {} {print:032x} {rel}",
                        s.len, s.ino, s.mtime.0, s.mtime.1, s.ctime.0, s.ctime.1
                    );
                }
                text
            })
            .collect();
        let mut out = blocks.concat();
        let mut streamed: Vec<(&String, &Vec<u128>)> = self.pieces.iter().collect();
        streamed.sort_unstable_by_key(|(rel, _)| *rel);
        for (rel, prints) in streamed {
            let _ = write!(out, "% {}", prints.len());
            for print in prints {
                let _ = write!(out, " {print:032x}");
            }
            let _ = writeln!(out, " {rel}");
        }
        out
    }

    fn add(&mut self, rel: &str, print: u128, meta: &std::fs::Metadata) {
        if !storable(rel) {
            return;
        }
        if let Some(stamp) = Stamp::of(meta) {
            self.files.insert(rel.to_string(), (print, stamp));
        }
    }

    /// Records a file written piece by piece: its pieces' fingerprints,
    /// and, as for any file, one fingerprint (of those) and its stamp.
    fn add_pieces(&mut self, rel: &str, prints: Vec<u128>, meta: &std::fs::Metadata) {
        if !storable(rel) {
            return;
        }
        let bytes: Vec<[u8; 16]> = prints.iter().map(|p| p.to_le_bytes()).collect();
        let whole = fingerprint_all(bytes.iter().map(|b| &b[..]));
        self.add(rel, whole, meta);
        self.pieces.insert(rel.to_string(), prints);
    }

    /// The fingerprints of the pieces of the file at `path`, if it was
    /// written piece by piece and its stamp shows nothing touched it since.
    fn pieces_if_unchanged(&self, rel: &str, path: &Path) -> Option<Vec<u128>> {
        let prints = self.pieces.get(rel)?;
        let (_, stamp) = self.files.get(rel)?;
        let meta = std::fs::symlink_metadata(path).ok()?;
        (Stamp::of(&meta)? == *stamp).then(|| prints.clone())
    }

    /// The file's metadata if `path` still holds the bytes `print`
    /// fingerprints, as the manifest knows it.
    fn unchanged(&self, rel: &str, print: u128, path: &Path) -> Option<std::fs::Metadata> {
        let (known, stamp) = self.files.get(rel)?;
        if *known != print {
            return None;
        }
        let meta = std::fs::symlink_metadata(path).ok()?;
        (Stamp::of(&meta)? == *stamp).then_some(meta)
    }
}

/// Whether the manifest's line-based text can hold the file name `name`:
/// no line breaks, and no start that reads as another kind of line (`%`,
/// or `@` as older builds wrote).
fn storable(name: &str) -> bool {
    !name.contains(['\n', '\r']) && !name.starts_with(['@', '%'])
}

/// The size of the pieces [`Staging::write_with`] compares and writes.
const PIECE: usize = 1 << 20;

/// A writer over an existing file that writes only the pieces of
/// [`PIECE`] bytes that differ from the file's (see
/// [`Staging::write_with`]).
struct Pieces {
    file: std::fs::File,
    /// Length of the file before writing.
    old_len: u64,
    /// The old file's pieces' fingerprints, when the manifest vouches for
    /// them; without them old pieces are read and compared.
    trusted: Option<Vec<u128>>,
    /// The piece being filled.
    piece: Vec<u8>,
    /// Where `piece` starts in the file.
    pos: u64,
    /// The fingerprints of the new pieces so far.
    prints: Vec<u128>,
    scratch: Vec<u8>,
}

impl Pieces {
    fn new(file: std::fs::File, trusted: Option<Vec<u128>>) -> io::Result<Pieces> {
        let old_len = file.metadata()?.len();
        Ok(Pieces {
            file,
            old_len,
            trusted,
            piece: Vec::with_capacity(PIECE),
            pos: 0,
            prints: Vec::new(),
            scratch: Vec::new(),
        })
    }

    /// Writes the current piece unless the file already holds it.
    fn put(&mut self) -> io::Result<()> {
        use std::io::{Read, Seek, SeekFrom};
        let print = fingerprint(&self.piece);
        let n = self.prints.len();
        let len = self.piece.len() as u64;
        let old_len = self.old_len.saturating_sub(self.pos).min(PIECE as u64);
        let same = old_len == len
            && match &self.trusted {
                Some(old) => old.get(n) == Some(&print),
                None => {
                    self.scratch.resize(self.piece.len(), 0);
                    self.file.seek(SeekFrom::Start(self.pos))?;
                    self.file.read_exact(&mut self.scratch).is_ok() && self.scratch == self.piece
                }
            };
        if !same {
            self.file.seek(SeekFrom::Start(self.pos))?;
            self.file.write_all(&self.piece)?;
        }
        self.prints.push(print);
        self.pos += len;
        self.piece.clear();
        Ok(())
    }

    /// Writes the last piece and cuts the file to the new length; returns
    /// the pieces' fingerprints and the file's metadata after writing.
    fn finish(mut self) -> io::Result<(Vec<u128>, std::fs::Metadata)> {
        if !self.piece.is_empty() {
            self.put()?;
        }
        if self.pos != self.old_len {
            self.file.set_len(self.pos)?;
        }
        let meta = self.file.metadata()?;
        Ok((self.prints, meta))
    }
}

impl Write for Pieces {
    fn write(&mut self, mut buf: &[u8]) -> io::Result<usize> {
        let len = buf.len();
        while !buf.is_empty() {
            let room = PIECE - self.piece.len();
            let (now, rest) = buf.split_at(room.min(buf.len()));
            self.piece.extend_from_slice(now);
            buf = rest;
            if self.piece.len() == PIECE {
                self.put()?;
            }
        }
        Ok(len)
    }

    fn flush(&mut self) -> io::Result<()> {
        Ok(())
    }
}

/// Whether the regular file at `path` holds exactly `bytes`.
fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn refuses_dangerous_outputs() {
        let tmp = tempfile::tempdir().unwrap();
        let root = tmp.path().join("dossier");
        std::fs::create_dir_all(root.join("content")).unwrap();
        std::fs::write(root.join("site.toml"), "").unwrap();
        assert!(check_output(&root, &root).is_err());
        assert!(check_output(&root, tmp.path()).is_err());
        assert!(check_output(&root, Path::new("/")).is_err());
        assert!(check_output(&root, &root.join("content")).is_err());
        let foreign = tmp.path().join("foreign");
        std::fs::create_dir_all(&foreign).unwrap();
        std::fs::write(foreign.join("keep.txt"), "mine").unwrap();
        assert!(check_output(&root, &foreign).is_err());
        assert!(check_output(&root, &root.join("public")).is_ok());
        assert!(check_output(&root, &root.join("public/../..")).is_err());
    }

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
    fn a_damaged_manifest_is_read_as_far_as_it_makes_sense() {
        let print = 0xabcu128;
        let text = format!(
            "% 99999999999999999 {print:032x} print/index.html\n\
             % 2 {print:032x} dossier.json\n\
             1 2 3 4 5 6 {print:032x} index.html\n\
             not a line at all\n"
        );
        let m = Manifest::parse(&text);
        assert!(m.pieces.is_empty(), "{:?}", m.pieces);
        assert_eq!(m.files.len(), 1);
        // What it writes reads back the same.
        let again = Manifest::parse(&m.to_text());
        assert_eq!(again.to_text(), m.to_text());
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
