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
        Command::Build(args) => cmd::build::execute(args),
        Command::Serve(args) => cmd::serve::execute(args),
        Command::Check(args) => cmd::check::execute(args),
        Command::New(args) => cmd::new::execute(args),
        Command::Init(args) => cmd::init::execute(args),
        Command::Import(args) => cmd::import::execute(args),
    };
    ExitCode::from(code)
}
