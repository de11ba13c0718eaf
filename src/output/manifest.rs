//! The buffer's manifest: what files the staging folder holds, each with a
//! fingerprint of its bytes and the stamp it had when dossier left it, so a
//! build can tell an unchanged file without reading it back.
//!
//! It only records and answers; it never writes or removes a site file,
//! and a damaged manifest only costs reading files back (its lines that do
//! not parse are dropped).

use std::fmt::Write as _;
use std::path::Path;

use rustc_hash::FxHashMap;

/// The buffer's manifest of its own files, kept in the buffer.
pub(super) const MANIFEST_SELF: &str = ".dossier-manifest";
/// The buffer's copy of the output's manifest, which becomes the buffer's
/// own once the two are swapped.
pub(super) const MANIFEST_OUTPUT: &str = ".dossier-manifest-output";

/// A 128-bit fingerprint of a file's bytes (XXH3-128). A manifest left
/// by a build that fingerprinted otherwise matches nothing, and its files
/// are written once more.
pub(super) fn fingerprint(bytes: &[u8]) -> u128 {
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

/// How a file stood when dossier last wrote or kept it: its size, inode
/// and modification and change times, to nanoseconds. Any later write,
/// truncation, replacement or rename changes at least one of them.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub(super) struct Stamp {
    pub(super) len: u64,
    pub(super) ino: u64,
    mtime: (i64, i64),
    ctime: (i64, i64),
}

impl Stamp {
    #[cfg(unix)]
    pub(super) fn of(meta: &std::fs::Metadata) -> Option<Stamp> {
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
    pub(super) fn of(_meta: &std::fs::Metadata) -> Option<Stamp> {
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
pub(super) struct Manifest {
    pub(super) files: FxHashMap<String, (u128, Stamp)>,
    /// For files written piece by piece, each piece's fingerprint.
    pub(super) pieces: FxHashMap<String, Vec<u128>>,
}

/// One line of a manifest's text form.
enum Line {
    File(String, u128, Stamp),
    Pieces(String, Vec<u128>),
}

impl Manifest {
    /// Reads the text form; lines that do not parse are left out.
    pub(super) fn parse(text: &str) -> Manifest {
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

    pub(super) fn to_text(&self) -> String {
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

    pub(super) fn add(&mut self, rel: &str, print: u128, meta: &std::fs::Metadata) {
        if !storable(rel) {
            return;
        }
        if let Some(stamp) = Stamp::of(meta) {
            self.files.insert(rel.to_string(), (print, stamp));
        }
    }

    /// Records a file written piece by piece: its pieces' fingerprints,
    /// and, as for any file, one fingerprint (of those) and its stamp.
    pub(super) fn add_pieces(&mut self, rel: &str, prints: Vec<u128>, meta: &std::fs::Metadata) {
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
    pub(super) fn pieces_if_unchanged(&self, rel: &str, path: &Path) -> Option<Vec<u128>> {
        let prints = self.pieces.get(rel)?;
        let (_, stamp) = self.files.get(rel)?;
        let meta = std::fs::symlink_metadata(path).ok()?;
        (Stamp::of(&meta)? == *stamp).then(|| prints.clone())
    }

    /// The file's metadata if `path` still holds the bytes `print`
    /// fingerprints, as the manifest knows it.
    pub(super) fn unchanged(
        &self,
        rel: &str,
        print: u128,
        path: &Path,
    ) -> Option<std::fs::Metadata> {
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

#[cfg(test)]
mod tests {
    use super::*;

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
}
