//! The `dossier` command line: parse arguments, run a command, exit.

use std::process::ExitCode;

use clap::{Parser, Subcommand};

use dossier::cmd;

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
    };
    ExitCode::from(code)
}
