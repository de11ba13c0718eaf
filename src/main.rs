//! The `dossier` command line: parse arguments, run a command, exit.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dossier::cmd;

/// mimalloc, not the system allocator: a build makes millions of small,
/// short-lived allocations across threads, where glibc's malloc grew slower
/// as the heap grew (see BENCHMARKS.md).
#[global_allocator]
static GLOBAL: mimalloc::MiMalloc = mimalloc::MiMalloc;

/// A static-site generator for curated news dossiers.
#[derive(Parser, Debug)]
#[command(name = "dossier", version, about)]
struct Cli {
    #[command(subcommand)]
    command: Command,
}

#[derive(Subcommand, Debug)]
enum Command {
    /// Build the site into the output folder.
    Build(cmd::build::BuildArgs),
    /// Build the site, serve it on loopback and rebuild it on every change.
    Serve(cmd::serve::ServeArgs),
    /// Check content, links and mentions without touching the output.
    Check(cmd::check::CheckArgs),
    /// Write a new content file with a front-matter skeleton.
    New(cmd::new::NewArgs),
    /// Turn raw article text into clean articles.
    Import(cmd::import::ImportArgs),
    /// Create a new dossier that builds.
    Init(cmd::init::InitArgs),
}

fn main() -> ExitCode {
    let cli = match Cli::try_parse() {
        Ok(cli) => cli,
        Err(err) => {
            let code = if err.use_stderr() {
                cmd::USAGE_ERROR
            } else {
                cmd::OK
            };
            let _ = err.print();
            return ExitCode::from(code);
        }
    };
    let code = match &cli.command {
        Command::Build(args) => {
            keep_freed_memory();
            cmd::build::execute(args)
        }
        Command::Serve(args) => cmd::serve::execute(args),
        Command::Check(args) => cmd::check::execute(args),
        Command::New(args) => cmd::new::execute(args),
        Command::Init(args) => cmd::init::execute(args),
        Command::Import(args) => cmd::import::execute(args),
    };
    ExitCode::from(code)
}

/// mimalloc's `mi_option_purge_delay` (`mimalloc.h`, version 3 as bundled
/// by libmimalloc-sys 0.1.49, which names only the older options): how
/// long freed memory waits before it is handed back to the system.
const PURGE_DELAY: libmimalloc_sys::mi_option_t = 15;

/// Keeps the memory a build frees until it ends. A build is short and each
/// phase allocates much of what the one before freed; handed back after
/// mimalloc's default second, it came back as fresh pages the kernel
/// zeroes again. On the 100,000-article benchmark keeping it made builds
/// 7 % faster for a fifth more peak memory, with no change at 10,000
/// (BENCHMARKS.md). `serve` runs for hours and keeps the default.
fn keep_freed_memory() {
    // SAFETY: sets one of the allocator's options by its number (checked
    // by the test below); the option is only read when memory is purged.
    unsafe { libmimalloc_sys::mi_option_set(PURGE_DELAY, -1) };
}

#[cfg(test)]
mod tests {
    /// The number [`super::PURGE_DELAY`] is mimalloc's purge delay: its
    /// default, 1,000 ms, is what the option of that number holds.
    #[test]
    fn the_purge_delay_option_is_the_one_set() {
        // SAFETY: reads an option of the allocator.
        let delay = unsafe { libmimalloc_sys::mi_option_get(super::PURGE_DELAY) };
        assert_eq!(delay, 1000);
    }
}
