//! Writing the site to disk: the bottom layer of the build (SPEC §7).
//!
//! Everything above hands finished bytes to a [`Sink`]; this module decides
//! where they land and makes the promises of SPEC §7 hold: a build writes
//! into a staging folder beside the output and swaps it in whole, so a
//! failed or killed build never touches the previous site; nothing is
//! written outside the output folder and its staging folder, nor through a
//! symbolic link; folders dossier did not make are never replaced; two
//! builds of one output take turns.
//!
//! - [`safety`]: which output folders are refused, paths that must stay
//!   inside, files and folders made without following links, a full disk
//!   reported as one;
//! - [`staging`]: the double buffer a build writes into, and its commit;
//! - [`manifest`]: what the buffer holds, so unchanged files are kept;
//! - [`pieces`]: the streaming writer for files too large to hold whole;
//! - [`swap`]: the atomic exchange of two folders;
//! - [`lock`]: one build at a time per output.
//!
//! This module never renders, indexes or reports: it imports nothing from
//! `render`, `mentions`, `search`, `serve` or `cmd`, and says what went
//! wrong only through the errors it returns.

pub mod lock;
mod manifest;
mod pieces;
pub mod safety;
pub mod staging;
pub mod swap;

pub use lock::Lock;
pub use safety::{absolute, check_output, output_path, MARKER};
pub use staging::{files_to_copy, Staging};
pub use swap::swap;

/// Where rendered files go: the staging folder in a build, the served
/// folder in `serve`'s incremental rebuilds, memory in tests.
pub trait Sink: Sync {
    /// Writes `bytes` at the `/`-separated path `rel` inside the site.
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()>;

    /// Writes the file `rel` from what `fill` writes, for files too large
    /// to hold whole. By default they are gathered and passed to `write`.
    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        let mut bytes = Vec::new();
        fill(&mut bytes)?;
        self.write(rel, &bytes)
    }
}

impl Sink for Staging {
    fn write(&self, rel: &str, bytes: &[u8]) -> std::io::Result<()> {
        Staging::write(self, rel, bytes)
    }

    fn write_with(
        &self,
        rel: &str,
        fill: &mut dyn FnMut(&mut dyn std::io::Write) -> std::io::Result<()>,
    ) -> std::io::Result<()> {
        Staging::write_with(self, rel, fill)
    }
}
