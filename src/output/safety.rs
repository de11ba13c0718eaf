//! The rules that keep a build inside its output folder (SPEC §7).
//!
//! This module owns every check of *where* dossier may write: which output
//! folders it refuses ([`check_output`]), that a relative path stays inside
//! its folder ([`inside`]), and that nothing is ever written through a
//! symbolic link ([`create_file`], [`Folders`]). A link found in the way —
//! left in a previous output by a deploy tool or a person — is removed and
//! replaced by a real file or folder, never followed. It also turns a full
//! disk into an error that says so ([`explain`]). It never decides *what* is
//! written, and never deletes anything but a link in the way.

use std::ffi::OsString;
use std::fs::File;
use std::io;
use std::path::{Component, Path, PathBuf};
use std::sync::Mutex;

use rustc_hash::FxHashSet;

use crate::diagnostics::Diagnostic;

/// The file that marks a folder as made by dossier.
pub const MARKER: &str = ".dossier-output";
pub(super) const MARKER_TEXT: &[u8] =
    b"This folder was written by dossier and is replaced by every build.\n";

/// Makes `path` absolute and removes `.`/`..` without requiring it to exist,
/// resolving symbolic links in the part that does exist.
pub fn absolute(path: &Path) -> PathBuf {
    let lexical = absolute_lexically(path);
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

/// `path` made absolute with `.`/`..` removed, without looking at the disk.
fn absolute_lexically(path: &Path) -> PathBuf {
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
    lexical
}

/// Refuses output folders that a build must never replace.
pub fn check_output(root: &Path, output: &Path) -> Result<(), Diagnostic> {
    let root = absolute(root);
    let output = output_path(output);
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
            let to = std::fs::read_link(&output)
                .map(|to| format!(" to {}", to.display()))
                .unwrap_or_default();
            return Err(Diagnostic::error(format!(
                "refusing to write the site to {}: it is a symbolic link{to}",
                output.display()
            ))
            .hint("the site is swapped in whole, which would replace the link; name the folder itself as output_dir or --output"));
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

/// The output folder `path` names, absolute: `.`/`..` removed and the
/// folders above it resolved, but not its own last name. An output that is
/// itself a symbolic link is seen as one, and refused by [`check_output`],
/// instead of being silently resolved to wherever it points.
pub fn output_path(path: &Path) -> PathBuf {
    let lexical = absolute_lexically(path);
    match (lexical.parent(), lexical.file_name()) {
        (Some(parent), Some(name)) => absolute(parent).join(name),
        _ => lexical,
    }
}

/// The path of `rel`, a `/`-separated path, inside `dir`; an error for any
/// path that could leave it (empty, absolute, or with `..` or `.`).
pub fn inside(dir: &Path, rel: &str) -> io::Result<PathBuf> {
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
    Ok(dir.join(rel_path))
}

/// Creates (or truncates) the regular file at `path` for writing, never
/// through a symbolic link: a link in its place is removed first and a
/// file made instead, so a link left in an old output cannot lead a write
/// out of it. The folders above `path` must already be safe (see
/// [`Folders`]).
pub fn create_file(path: &Path) -> io::Result<File> {
    match open_no_follow(path, true) {
        Err(e) if is_link_error(&e) || is_link(path) => {
            std::fs::remove_file(path)?;
            open_no_follow(path, true)
        }
        other => other,
    }
}

/// Opens the existing regular file at `path` to read and write it, never
/// through a symbolic link (an error then, which callers answer with
/// [`create_file`]).
pub fn open_file(path: &Path) -> io::Result<File> {
    open_no_follow(path, false)
}

/// Writes `bytes` as the whole file at `path` (see [`create_file`]).
pub fn write_file(path: &Path, bytes: &[u8]) -> io::Result<()> {
    use std::io::Write;
    let mut file = create_file(path)?;
    file.write_all(bytes)
}

/// Whether the regular file at `path` (not a link) holds exactly `bytes`.
pub fn same_bytes(path: &Path, bytes: &[u8]) -> bool {
    match std::fs::symlink_metadata(path) {
        Ok(meta) if meta.is_file() && meta.len() == bytes.len() as u64 => {
            std::fs::read(path).is_ok_and(|old| old == bytes)
        }
        _ => false,
    }
}

fn is_link(path: &Path) -> bool {
    std::fs::symlink_metadata(path).is_ok_and(|m| m.file_type().is_symlink())
}

#[cfg(unix)]
fn open_no_follow(path: &Path, create: bool) -> io::Result<File> {
    use std::os::unix::fs::OpenOptionsExt;
    let mut options = std::fs::OpenOptions::new();
    if create {
        options.write(true).create(true).truncate(true);
    } else {
        options.read(true).write(true);
    }
    options
        .custom_flags(rustix::fs::OFlags::NOFOLLOW.bits() as i32)
        .open(path)
}

/// Without `O_NOFOLLOW`, a link is looked for first: a race with whoever
/// planted it could still win, which the platforms dossier is built for
/// (Linux, macOS) do not allow.
#[cfg(not(unix))]
fn open_no_follow(path: &Path, create: bool) -> io::Result<File> {
    if is_link(path) {
        return Err(io::Error::other("a symbolic link is in the way"));
    }
    let mut options = std::fs::OpenOptions::new();
    if create {
        options.write(true).create(true).truncate(true);
    } else {
        options.read(true).write(true);
    }
    options.open(path)
}

/// Whether `e` is what opening a symbolic link with `O_NOFOLLOW` gives.
fn is_link_error(e: &io::Error) -> bool {
    #[cfg(unix)]
    {
        e.raw_os_error() == Some(rustix::io::Errno::LOOP.raw_os_error())
    }
    #[cfg(not(unix))]
    {
        let _ = e;
        false
    }
}

/// The folders of one tree made safe to write into during one build.
///
/// Each folder on the way to a file is looked at once (`lstat`, never
/// following a link): a real folder is kept, a missing one made, and a
/// symbolic link in its place removed and replaced by a real folder. What
/// was checked is remembered, so a folder is looked at once per build,
/// not once per file.
#[derive(Debug, Default)]
pub struct Folders {
    checked: Mutex<FxHashSet<PathBuf>>,
}

impl Folders {
    /// Makes sure `rel` (relative, inside `root`, which must exist) is a
    /// real folder, making it and the folders above it as needed.
    pub fn make(&self, root: &Path, rel: &Path) -> io::Result<()> {
        if rel.as_os_str().is_empty() || self.known(rel) {
            return Ok(());
        }
        let mut prefix = PathBuf::new();
        for part in rel.components() {
            prefix.push(part);
            if self.known(&prefix) {
                continue;
            }
            let path = root.join(&prefix);
            match std::fs::symlink_metadata(&path) {
                Ok(meta) if meta.is_dir() => {}
                Ok(meta) if meta.file_type().is_symlink() => {
                    std::fs::remove_file(&path)?;
                    make_dir(&path)?;
                }
                // A file in the way is reported when the page is written.
                Ok(_) => return Ok(()),
                Err(e) if e.kind() == io::ErrorKind::NotFound => make_dir(&path)?,
                Err(e) => return Err(e),
            }
            if let Ok(mut checked) = self.checked.lock() {
                checked.insert(prefix.clone());
            }
        }
        Ok(())
    }

    /// Records `rel` as a real folder, made by this build.
    pub fn made(&self, rel: &Path) {
        if let Ok(mut checked) = self.checked.lock() {
            checked.insert(rel.to_path_buf());
        }
    }

    fn known(&self, rel: &Path) -> bool {
        self.checked.lock().is_ok_and(|c| c.contains(rel))
    }
}

/// Makes the folder `path`; one made meanwhile by another worker is fine.
fn make_dir(path: &Path) -> io::Result<()> {
    match std::fs::create_dir(path) {
        Err(e) if e.kind() == io::ErrorKind::AlreadyExists && path.is_dir() => Ok(()),
        other => other.map_err(|e| explain(e, path)),
    }
}

/// `e`, an error met while writing at `path`, made to say what ran out
/// when the disk is full: the system says "No space left on device" both
/// when the blocks and when the inodes (the number of files a file system
/// can hold) are used up, and a user can only act on knowing which.
/// Other errors are returned as they are.
pub fn explain(e: io::Error, path: &Path) -> io::Error {
    let full = e.kind() == io::ErrorKind::StorageFull;
    let quota = e.kind() == io::ErrorKind::QuotaExceeded;
    if !full && !quota {
        return e;
    }
    let what = if quota {
        "disk quota exceeded"
    } else if out_of_inodes(path) {
        "no inodes left on device: the file system cannot hold more files"
    } else {
        "no space left on device"
    };
    let place = path
        .ancestors()
        .find(|p| p.exists())
        .unwrap_or(path)
        .display()
        .to_string();
    io::Error::new(e.kind(), format!("{what} (writing in {place})"))
}

/// Whether the file system holding `path` has no free inodes left.
fn out_of_inodes(path: &Path) -> bool {
    #[cfg(unix)]
    {
        let Some(existing) = path.ancestors().find(|p| p.exists()) else {
            return false;
        };
        rustix::fs::statvfs(existing).is_ok_and(|s| s.f_files > 0 && s.f_favail == 0)
    }
    #[cfg(not(unix))]
    {
        let _ = path;
        false
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
}
