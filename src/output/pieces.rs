//! The streaming writer: a file too large to hold in memory whole
//! (`/print/`, `/dossier.json`) is written piece by piece over the old one,
//! each piece only where it differs.
//!
//! It writes into a file it was handed, opened by the staging folder; it
//! never opens, names or removes files itself.

use std::io::{self, Write};

use super::manifest::fingerprint;

/// The size of the pieces [`Staging::write_with`] compares and writes.
pub(super) const PIECE: usize = 1 << 20;

/// A writer over an existing file that writes only the pieces of
/// [`PIECE`] bytes that differ from the file's (see
/// [`Staging::write_with`]).
pub(super) struct Pieces {
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
    pub(super) fn new(file: std::fs::File, trusted: Option<Vec<u128>>) -> io::Result<Pieces> {
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
    pub(super) fn finish(mut self) -> io::Result<(Vec<u128>, std::fs::Metadata)> {
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
