//! The folder swap: two folders exchange their names, so a new site
//! replaces the old one all at once (SPEC §7).
//!
//! Used by the build's commit and by `serve`'s background build. It swaps
//! only; it never checks what the folders hold (see [`super::safety`]).

use std::io;
use std::path::Path;

/// Swaps the folders `a` and `b` by exchanging their names: one atomic
/// `renameat2(RENAME_EXCHANGE)` on Linux; elsewhere, or on a file system
/// without it, two renames.
#[cfg(target_os = "linux")]
pub fn swap(a: &Path, b: &Path) -> io::Result<()> {
    use rustix::fs::{renameat_with, RenameFlags, CWD};
    match renameat_with(CWD, a, CWD, b, RenameFlags::EXCHANGE) {
        Ok(()) => Ok(()),
        Err(rustix::io::Errno::INVAL) | Err(rustix::io::Errno::NOSYS) => swap_by_rename(a, b),
        Err(e) => Err(e.into()),
    }
}

/// See the Linux version.
#[cfg(not(target_os = "linux"))]
pub fn swap(a: &Path, b: &Path) -> io::Result<()> {
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
