//! `dossier serve`: build, serve on loopback, rebuild and reload on edits.
//!
//! This file only turns flags into [`ServeOptions`]; the server lives in
//! [`crate::serve`].

use std::net::{IpAddr, Ipv4Addr};
use std::path::PathBuf;

use clap::Args;

use crate::serve::{self, ServeOptions};

/// Builds the site, serves it and rebuilds it on every change.
#[derive(Args, Debug, Clone)]
pub struct ServeArgs {
    /// The dossier's folder (holding site.toml and content/).
    #[arg(long, default_value = ".")]
    pub root: PathBuf,
    /// IP address to listen on. Anything but loopback exposes the site to
    /// the network.
    #[arg(long, default_value_t = IpAddr::V4(Ipv4Addr::LOCALHOST))]
    pub bind: IpAddr,
    /// Port to listen on; 0 picks a free one (printed on the `serving` line).
    #[arg(long, default_value_t = 1111)]
    pub port: u16,
    /// Open the site in the default browser.
    #[arg(long)]
    pub open: bool,
    /// Include files marked `draft: true`.
    #[arg(long)]
    pub drafts: bool,
}

/// Runs `dossier serve` until interrupted.
pub fn execute(args: &ServeArgs) -> u8 {
    serve::run(&ServeOptions {
        root: args.root.clone(),
        bind: args.bind,
        port: args.port,
        open: args.open,
        drafts: args.drafts,
    })
}
